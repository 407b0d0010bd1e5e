/**
 * The ticket cache's cursors are its own (levelStore.ts, `cacheMeta`): a journal written when they
 * were in the journal's `meta` keeps them across the upgrade, so an upgraded kiosk still knows when
 * its snapshot was complete (the offline policy needs it) and downloads nothing twice.
 */
import test from "ava";
import { LevelJournal } from "../../device/levelJournal.js";
import { codeHash } from "../../device/ports/wire.js";
import { makeTicket } from "../helpers/fixtures.js";
import { withSublevel } from "../helpers/storeFiles.js";
import { openTempJournal } from "../helpers/tempJournal.js";

test("cursors an older kiosk kept in meta are moved to the cache's own sublevel, once", async (t) => {
  const { journal, location } = await openTempJournal(t);
  const at = new Date("2026-11-27T08:00:00Z");
  await journal.ticketCache.storeTicketPage([makeTicket()], "42", true, at);
  await journal.ticketCache.storeOtherStoreCodes({
    codes: [{ hash: codeHash("TK-B-ONLY"), storeIds: ["store-b"] }],
    stores: [{ id: "store-b", name: "台中公益店" }],
    cursor: "7",
    hasMore: false,
  });
  await journal.close();
  // As an older kiosk left it: the same cursors under `meta`, none in `cacheMeta`.
  const older = await withSublevel(location, "cacheMeta", async (cacheMeta) => {
    const [download, otherStores] = await cacheMeta.getMany(["download", "otherStores"]);
    await cacheMeta.clear();
    return { download, otherStores };
  });
  await withSublevel(location, "meta", (meta) =>
    meta.batch([
      { type: "put", key: "download", value: older.download },
      { type: "put", key: "otherStores", value: older.otherStores },
    ]),
  );

  const upgraded = new LevelJournal(location);
  await upgraded.open();
  t.teardown(() => upgraded.close());
  t.is(upgraded.ticketCache.cursor(), "42");
  t.is(upgraded.ticketCache.snapshotAtMs(), at.getTime());
  t.is(upgraded.ticketCache.otherStoreCursor(), "7");
  t.deepEqual(await upgraded.ticketCache.otherStoresOf("TK-B-ONLY"), ["台中公益店"]);
  await upgraded.close();
  t.deepEqual(
    await withSublevel(location, "meta", (meta) => meta.getMany(["download", "otherStores"])),
    [undefined, undefined],
    "moved, not copied: the journal's meta holds none of the cache",
  );
  t.deepEqual(
    await withSublevel(location, "cacheMeta", (cacheMeta) => cacheMeta.getMany(["download", "otherStores"])),
    [older.download, older.otherStores],
  );
});
