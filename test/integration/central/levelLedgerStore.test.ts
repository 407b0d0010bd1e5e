/** The ledger's store contract on LevelDB: a real database on disk, opened once per test. */
import test from "ava";
import { Ledger } from "../../../central/ledger.js";
import type { LevelLedgerStore } from "../../../central/store/levelLedgerStore.js";
import { silentLogger } from "../../../device/logger.js";
import { consoleDataContract } from "../../helpers/consoleDataContract.js";
import { ledgerStoreContract } from "../../helpers/ledgerStoreContract.js";
import { openTempLedgerStore } from "../../helpers/tempLedgerStore.js";

/** A store in a temporary folder, closed and removed when the test ends. */
function openStore(t: { teardown(fn: () => Promise<void>): void }): Promise<LevelLedgerStore> {
  return openTempLedgerStore(t, "level-ledger-store-");
}

ledgerStoreContract(test, async (t) => {
  const store = await openStore(t);
  // LevelDB admits one process: its "other process" is the same store.
  return { store, peer: store };
});

test("a store's first page holds its tickets however many other stores' tickets changed before them", async (t) => {
  const store = await openStore(t);
  const ledger = new Ledger({ store, logger: silentLogger, now: () => new Date(), voidWindowHours: 24 });
  const ticket = (code: string, storeId: string) => ({
    code,
    productName: "券",
    totalUnits: 1,
    redeemedUnits: 0,
    status: "active" as const,
    storeIds: [storeId],
  });
  // More than one page's scan bound (20,000 entries) of another store's tickets first.
  const others = Array.from({ length: 20_001 }, (_, i) => ticket(`OTHER-${i}`, "store-b"));
  const customer = { name: "陳怡君", phone: "0912345678" };
  const imported = await ledger.importDocument({
    stores: [
      { id: "store-a", name: "A" },
      { id: "store-b", name: "B" },
    ],
    clerks: [],
    orders: [
      { orderNumber: "#b", createdAt: "2026-11-20T10:00:00+08:00", customer, tickets: others },
      {
        orderNumber: "#a",
        createdAt: "2026-11-20T10:00:00+08:00",
        customer,
        tickets: [ticket("MINE-1", "store-a"), ticket("MINE-2", "store-a")],
      },
    ],
  });
  t.true(imported.ok);
  const first = await store.ticketsOfStoreSince("store-a", 0, 2000);
  t.deepEqual(
    first.tickets.map((found) => found.code),
    ["MINE-1", "MINE-2"],
  );
  t.false(first.hasMore);
  t.is(await store.countTicketsOfStore("store-a"), 2);
});

// The console's data operations on the same adapter (test/helpers/consoleDataContract.ts).
consoleDataContract(test, (t) => openStore(t));
