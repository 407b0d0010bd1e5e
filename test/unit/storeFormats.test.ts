/**
 * Data-format versions (device/storeFormat.ts), both ways, on real LevelDB stores: stores written
 * by format 1 (test/fixtures/stores-v1, made by the code before formats were recorded) are migrated
 * with nothing lost; a store of a newer format than this program's is refused and left unchanged.
 */
import { join } from "node:path";
import test from "ava";
import { centralFormat } from "../../central/centralIntegrity.js";
import { CentralStore } from "../../central/centralStore.js";
import { isTicketOfStore } from "../../central/store/recordFilter.js";
import type { Ticket } from "../../device/domain.js";
import { journalFormat, LevelJournal } from "../../device/levelJournal.js";
import { StoreFormatError } from "../../device/storeFormat.js";
import { tempDir } from "../helpers/fixtures.js";
import { copyFormat1Fixture, withSublevel } from "../helpers/storeFiles.js";

const ids = [1, 2, 3].map((n) => `6f1c1a52-7d4e-4d0e-9a51-3b7f1c2d000${n}`);

test("a format-1 journal is migrated: every entry kept, sealed with its check, open ones still to upload, the reprint still counted", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const location = join(dir.path, "journal");
  await copyFormat1Fixture("journal", location);
  const journal = new LevelJournal(location);
  await journal.open();
  const entries = [];
  for await (const entry of journal.entries()) entries.push(entry);
  t.deepEqual(
    entries.map((entry) => [entry.redemption.id, entry.disposition, entry.sync]),
    [
      [ids[0], "redeemed", "acknowledged"],
      [ids[1], "redeemed", "pending"],
      [ids[2], "redeemed", "pending"],
    ],
  );
  t.is(journal.pendingSummary().count, 2);
  t.is(await journal.countReprints(new Date("2026-11-27T00:00:00Z"), new Date("2026-11-28T00:00:00Z")), 1);
  t.is(journal.integrity(), undefined, "a migrated journal is intact");
  t.is(journal.nextSeq(), 4);
  await journal.close();
  const stored = await withSublevel(location, "entries", (entries) => entries.get(ids[1] ?? ""));
  t.regex(String((stored as { check?: string }).check), /^[0-9a-f]{16}$/);
  t.is(await withSublevel(location, "meta", (meta) => meta.get("format")), journalFormat);
});

test("a journal of a newer format is refused with StoreFormatError and left as it was", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const location = join(dir.path, "journal");
  const journal = new LevelJournal(location);
  await journal.open();
  await journal.close();
  await withSublevel(location, "meta", (meta) => meta.put("format", journalFormat + 1));
  const error = await t.throwsAsync(() => new LevelJournal(location).open(), {
    instanceOf: StoreFormatError,
  });
  t.is(error?.found, journalFormat + 1);
  t.is(error?.supported, journalFormat);
  t.is(await withSublevel(location, "meta", (meta) => meta.get("format")), journalFormat + 1);
});

test("a format-1 central store is migrated: the redemptions and the tokens kept, the format recorded", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const location = join(dir.path, "level");
  await copyFormat1Fixture("central", dir.path);
  const store = new CentralStore(location);
  await store.open();
  t.deepEqual((await store.redemptionsOfTicket("TK-FIVE")).map((record) => record.redemption.id).sort(), [
    ids[0],
    ids[1],
  ]);
  t.is(store.integrity(), undefined);
  t.true((await store.deviceTokens()).length === 0, "the fixture made no tokens");
  // Format 3: the per-store index is built from the tickets, the same ones a full scan finds.
  const scanned: Ticket[] = [];
  for await (const record of store.ticketsInRange({})) {
    if (isTicketOfStore(record.ticket, "store-a")) scanned.push(record.ticket);
  }
  const indexed = await store.storeTicketsSince("store-a", 0, 1000);
  t.true(indexed.tickets.length > 0);
  t.deepEqual(
    [...indexed.tickets].sort((a, b) => a.code.localeCompare(b.code)),
    scanned.sort((a, b) => a.code.localeCompare(b.code)),
  );
  t.is(await store.countStoreTickets("store-a"), scanned.length);
  await store.close();
  t.is(await withSublevel(location, "meta", (meta) => meta.get("format")), centralFormat);
});

test("a central store of a newer format is refused and left as it was", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const location = join(dir.path, "level");
  await copyFormat1Fixture("central", dir.path);
  await withSublevel(location, "meta", (meta) => meta.put("format", centralFormat + 1));
  await t.throwsAsync(() => new CentralStore(location).open(), { instanceOf: StoreFormatError });
  t.is(await withSublevel(location, "meta", (meta) => meta.get("format")), centralFormat + 1);
});
