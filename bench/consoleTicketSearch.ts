/**
 * 票券與訂單's searches on the LevelDB store (central/console/data/ticketSearch.ts) at `--tickets`
 * tickets: a code's start and an order number are key reads; a phone's last digits and a name's
 * start are a scan in code order, bounded per page (levelLedgerStore.ts `maxScannedPerSearch`).
 * Prints, as JSON, the milliseconds of each search's first page and the pages a scan with no match
 * takes to the end.
 *
 *   node dist/bench/consoleTicketSearch.js --dir DIR [--tickets 100000]
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { searchTickets } from "../central/console/data/ticketSearch.js";
import { LevelLedgerStore } from "../central/store/levelLedgerStore.js";
import { centralDbPath } from "../central/store/storeLocation.js";
import { fillCentral, orderNumber, ticketCode } from "./catalogue.js";

const { values } = parseArgs({
  options: { dir: { type: "string" }, tickets: { type: "string", default: "100000" } },
  strict: true,
});
const tickets = Number(values.tickets);
if (values.dir === undefined || !Number.isInteger(tickets) || tickets < 1) {
  process.stderr.write("usage: consoleTicketSearch --dir DIR [--tickets N]\n");
  process.exit(2);
}
const dataDir = join(values.dir, "central");
await fillCentral(dataDir, tickets, [], new Date());
const store = new LevelLedgerStore(centralDbPath(dataDir));
await store.open();
const hq = { role: "hq" } as const;
const timed = async (kind: "code" | "order" | "phone" | "name", term: string) => {
  const startedAt = performance.now();
  let pages = 0;
  let after: string | undefined;
  do {
    const found = await searchTickets(
      store,
      hq,
      { kind, term },
      { limit: 50, ...(after === undefined ? {} : { after }) },
    );
    pages += 1;
    after = found.kind === "found" ? found.next : undefined;
  } while (after !== undefined && kind !== "code" && kind !== "order" && pages < 100);
  return { ms: Math.round(performance.now() - startedAt), pages };
};
const figures = {
  tickets,
  code: await timed("code", ticketCode(tickets - 1).slice(0, 6)),
  order: await timed("order", orderNumber(0)),
  phoneNoMatch: await timed("phone", "0000000000"),
  nameNoMatch: await timed("name", "無此人"),
};
await store.close();
process.stdout.write(`${JSON.stringify(figures)}\n`);
