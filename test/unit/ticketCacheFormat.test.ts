/**
 * The ticket cache's format 2 (journal format 3): tickets stored compact, the search index per
 * order. A journal written by the program before it (test/fixtures/journal-v2, per-ticket index)
 * opens in this one: its tickets still read, its index is dropped and its download started again,
 * and the download that follows indexes every order again, on real LevelDB.
 */
import { join } from "node:path";
import test from "ava";
import type { TicketQuery } from "../../device/backOffice.js";
import { journalFormat, LevelJournal } from "../../device/levelJournal.js";
import { searchTickets } from "../../device/ticketSearch.js";
import { tempDir } from "../helpers/fixtures.js";
import { copyFormat2JournalFixture, withSublevel } from "../helpers/storeFiles.js";

const snapshotAt = new Date("2026-11-27T08:00:00.000Z");

async function found(journal: LevelJournal, query: Partial<TicketQuery>): Promise<string[]> {
  const page = await searchTickets(journal.ticketCache, journal, { page: 0, pageSize: 50, ...query });
  return page.rows.map((row) => row.ticket.code).sort();
}

test("a format-2 journal's cache is rebuilt: tickets still read, index dropped, download started again, then indexed per order", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const location = join(dir.path, "journal");
  const tickets = await copyFormat2JournalFixture(location);
  const codes = tickets.map((ticket) => ticket.code);

  const journal = new LevelJournal(location);
  await journal.open();
  t.is(journal.ticketCache.rebuildingFrom(), 2);
  t.is(journal.ticketCache.cursor(), undefined, "the next sync downloads every ticket again");
  t.is(journal.ticketCache.snapshotAtMs(), snapshotAt.getTime(), "the tickets it has are as old as before");
  t.deepEqual(await journal.ticketCache.getTickets(codes), tickets, "the old copies still read");
  t.deepEqual(await found(journal, { codePrefix: "FX0" }), [...codes].sort());
  t.deepEqual(await found(journal, { phoneDigits: "5678" }), [], "the old index is gone");

  await journal.ticketCache.storeTicketPage(tickets, "7", true, snapshotAt);
  t.deepEqual(await journal.ticketCache.getTickets(codes), tickets, "stored compact, read back the same");
  t.deepEqual(await found(journal, { phoneDigits: "5678" }), codes.slice(0, 3));
  t.deepEqual(await found(journal, { customerName: "林" }), codes.slice(3, 5));
  t.deepEqual(await found(journal, { customerName: "ann" }), codes.slice(6), "full-width, any case");
  t.deepEqual(await found(journal, { orderNumber: "30000" }), [...codes].sort(), "with and without #");
  t.deepEqual(await found(journal, { product: "足底" }), [codes[1]]);
  t.deepEqual(
    await found(journal, { from: new Date("2026-11-03T00:00:00Z") }),
    [...codes.slice(3, 5), codes[6]].sort(),
  );
  await journal.close();

  t.is(await withSublevel(location, "meta", (meta) => meta.get("format")), journalFormat);
  const stored = await withSublevel(location, "tickets", (sub) => sub.get(codes[0] ?? ""));
  t.true(Array.isArray(stored), "tickets in the compact encoding");
  const keys = await withSublevel(location, "ticketIndex", async (sub) => {
    const all: string[] = [];
    for await (const key of sub.keys()) all.push(key);
    return all;
  });
  // Four orders: a list each, a name each, three phones, three dates, five (order, product) pairs;
  // format 1 wrote 33 keys for the same seven tickets.
  t.is(keys.length, 4 + 4 + 3 + 3 + 5);

  const reopened = new LevelJournal(location);
  await reopened.open();
  t.teardown(() => reopened.close());
  t.is(reopened.ticketCache.rebuildingFrom(), undefined, "rebuilt once");
  t.is(reopened.ticketCache.cursor(), "7");
});

test("a new journal has nothing to rebuild", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const journal = new LevelJournal(join(dir.path, "journal"));
  await journal.open();
  t.teardown(() => journal.close());
  t.is(journal.ticketCache.rebuildingFrom(), undefined);
});
