/**
 * The ticket cache's cursors are its own (levelStore.ts, `cacheMeta`): a journal written when they
 * were in the journal's `meta` keeps them across the upgrade, so an upgraded kiosk still knows when
 * its snapshot was complete (the offline policy needs it) and downloads nothing twice. Its ticket
 * writes run one at a time, so a download page never puts back a copy older than a verdict's.
 */
import { join } from "node:path";
import test from "ava";
import { LevelJournal } from "../../device/levelJournal.js";
import { type Durability, LevelStore, type StoreOperation } from "../../device/levelStore.js";
import { LevelTicketCache } from "../../device/levelTicketCache.js";
import { codeHash } from "../../device/ports/wire.js";
import { makeTicket, tempDir } from "../helpers/fixtures.js";
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

/** A store whose next lazy batch waits at a gate: the moment between a page's reads and its write. */
class GatedStore extends LevelStore {
  private gate: Promise<void> | undefined;
  private open_: (() => void) | undefined;
  private onHeld: (() => void) | undefined;
  readonly held = new Promise<void>((resolve) => {
    this.onHeld = resolve;
  });

  holdNextLazyBatch(): void {
    this.gate = new Promise((resolve) => {
      this.open_ = resolve;
    });
  }

  release(): void {
    this.open_?.();
  }

  override async batch(operations: readonly StoreOperation[], durability: Durability): Promise<void> {
    const gate = durability === "lazy" ? this.gate : undefined;
    if (gate !== undefined) {
      this.gate = undefined;
      this.onHeld?.();
      await gate;
    }
    return super.batch(operations, durability);
  }
}

test("a download page read before an online verdict's ticket never writes its older copy over it", async (t) => {
  const dir = await tempDir();
  const store = new GatedStore(join(dir.path, "journal"), { sync: true });
  await store.open();
  t.teardown(async () => {
    await store.close();
    await dir.remove();
  });
  const cache = new LevelTicketCache(store);
  await cache.load();
  const downloaded = makeTicket({ totalUnits: 1, redeemedUnits: 0 });
  await cache.cacheTickets([downloaded]);

  // A page bringing the ticket as it was, held between its reads and its write…
  store.holdNextLazyBatch();
  const page = cache.storeTicketPage([downloaded], "9", true, new Date("2026-12-04T08:00:00Z"));
  await store.held;
  // …while the server's answer to an online redemption brings the ticket with its unit used.
  const used = { ...downloaded, redeemedUnits: 1, updatedAt: "2026-11-20T10:03:00+08:00" };
  const verdict = cache.writeTickets([used], [], "durable");
  // Written one at a time, the verdict waits for the page; the page is let go either way.
  await Promise.race([verdict, new Promise((resolve) => setTimeout(resolve, 1000))]);
  store.release();
  await Promise.all([page, verdict]);

  t.is((await cache.getTicket(downloaded.code))?.redeemedUnits, 1, "the unit the server counted stays used");
  t.is(cache.cursor(), "9");
});
