/**
 * The ticket cache's cursors are its own (levelStore.ts, `cacheMeta`): a journal written when they
 * were in the journal's `meta` keeps them across the upgrade, so an upgraded kiosk still knows when
 * its snapshot was complete (the offline policy needs it) and downloads nothing twice. Its ticket
 * writes run one at a time, so a download page never puts back a copy older than a verdict's. A
 * first download into an empty cache reads no copy it replaces, and still reads every copy a
 * verdict or an earlier download wrote.
 */
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import type { Ticket } from "../../device/domain.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { type Durability, LevelStore, type StoreOperation } from "../../device/levelStore.js";
import { LevelTicketCache } from "../../device/levelTicketCache.js";
import { codeHash } from "../../device/ports/wire.js";
import { orderKey, phoneKey, range } from "../../device/ticketIndex.js";
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

/** A cache on a fresh store whose reads of tickets and of order lists are counted, key by key. */
async function countedCache(
  t: ExecutionContext,
): Promise<{ cache: LevelTicketCache; store: LevelStore; read: string[]; pooled: string[] }> {
  const dir = await tempDir();
  const store = new LevelStore(join(dir.path, "journal"), { sync: true });
  await store.open();
  t.teardown(async () => {
    await store.close();
    await dir.remove();
  });
  const read: string[] = [];
  const pooled: string[] = [];
  for (const name of ["tickets", "ticketIndex"] as const) {
    const sublevel = store.sub(name);
    // A few keys are read on the event loop (getSync), more through the pool (getMany): both count.
    const getMany = sublevel.getMany.bind(sublevel) as (keys: string[]) => Promise<unknown[]>;
    const getSync = sublevel.getSync.bind(sublevel) as (key: string) => unknown;
    Object.assign(sublevel, {
      getMany: (keys: string[]) => {
        read.push(...keys);
        pooled.push(...keys);
        return getMany(keys);
      },
      getSync: (key: string) => {
        read.push(key);
        return getSync(key);
      },
    });
  }
  const cache = new LevelTicketCache(store);
  await cache.load();
  return { cache, store, read, pooled };
}

const at = new Date("2026-12-04T08:00:00Z");
const ticketOf = (n: number, overrides: Partial<Ticket> = {}) =>
  makeTicket({
    code: `TK-${String(n).padStart(4, "0")}`,
    orderNumber: `#${Math.floor(n / 2)}`,
    ...overrides,
  });

async function orderList(store: LevelStore, order: string): Promise<unknown> {
  return store.sub("ticketIndex").get(orderKey(order));
}

test("a scan's lookup and a verdict's ticket read on the event loop; a page's copies through LevelDB's pool", async (t) => {
  const { cache, read, pooled } = await countedCache(t);
  const page = Array.from({ length: 10 }, (_, i) => ticketOf(i));
  await cache.storeTicketPage(page, "1", true, at);
  read.length = 0;

  t.is((await cache.getTicket("TK-0005"))?.code, "TK-0005");
  await cache.writeTickets(
    [ticketOf(5, { redeemedUnits: 1, updatedAt: "2026-11-21T10:00:00+08:00" })],
    [],
    "durable",
  );
  t.deepEqual(read.sort(), [orderKey("#2"), "TK-0005", "TK-0005"].sort());
  t.deepEqual(pooled, [], "no read went to the pool");

  // A changes page replaces ten copies: read together, through the pool.
  const changed = page.map((ticket) => ({ ...ticket, updatedAt: "2026-11-22T10:00:00+08:00" }));
  await cache.storeTicketPage(changed, "2", true, at);
  t.true(
    page.every((ticket) => pooled.includes(ticket.code)),
    "the page's copies were read through the pool",
  );
});

test("a first download into an empty cache reads no copy of what it writes", async (t) => {
  const { cache, store, read } = await countedCache(t);
  const pages = [0, 1, 2].map((page) => Array.from({ length: 600 }, (_, i) => ticketOf(page * 600 + i)));
  for (const [n, page] of pages.entries()) await cache.storeTicketPage(page, String(n + 1), n === 2, at);

  t.deepEqual(read, [], "no ticket and no order list was read");
  t.is((await cache.getTicket("TK-1799"))?.code, "TK-1799");
  t.deepEqual(await orderList(store, "#899"), ["TK-1798", "TK-1799"]);
  t.deepEqual(await cache.productNames(), ["深層按摩 60 分鐘券"]);
  t.is(cache.snapshotAtMs(), at.getTime());

  // Complete: the next page reads the copies it replaces.
  await cache.storeTicketPage([ticketOf(5, { updatedAt: "2026-11-21T10:00:00+08:00" })], "4", true, at);
  t.true(read.includes("TK-0005"));
});

test("during a first download, a copy a verdict wrote is read when a page brings its ticket", async (t) => {
  const { cache, store } = await countedCache(t);
  await cache.storeTicketPage([ticketOf(0), ticketOf(1)], "1", false, at);
  // An online verdict brings a ticket the download has not reached yet…
  const early = ticketOf(7, { orderNumber: "#A", productName: "單人早午餐券" });
  await cache.writeTickets([early], [], "durable");
  // …and a later page brings it moved to another order and product.
  const moved = {
    ...early,
    orderNumber: "#B",
    productName: "雙人下午茶券",
    updatedAt: "2026-11-21T10:00:00+08:00",
  };
  await cache.storeTicketPage([ticketOf(2), moved], "2", true, at);

  t.is(await orderList(store, "#A"), undefined, "the order it left lists it no more");
  t.deepEqual(await orderList(store, "#B"), ["TK-0007"]);
  t.deepEqual(
    (await cache.productNames()).sort(),
    ["深層按摩 60 分鐘券", "雙人下午茶券"].sort(),
    "the product it left counts none",
  );
});

test("a first download into a cache that holds tickets reads the copies it replaces", async (t) => {
  const { cache, store, read } = await countedCache(t);
  // Tickets cached by code before any download (a scan while the download had not started).
  await cache.cacheTickets([ticketOf(3, { orderNumber: "#A", productName: "單人早午餐券" })]);
  const moved = ticketOf(3, { orderNumber: "#B", updatedAt: "2026-11-21T10:00:00+08:00" });
  await cache.storeTicketPage([moved, ticketOf(4)], "1", true, at);

  t.true(read.includes("TK-0003"));
  t.is(await orderList(store, "#A"), undefined);
  t.deepEqual(await cache.productNames(), ["深層按摩 60 分鐘券"]);
});

test("a verdict's ticket that keeps its order and search keys reads its copy and its order's list, no other ticket", async (t) => {
  const { cache, store, read } = await countedCache(t);
  await cache.storeTicketPage([ticketOf(4), ticketOf(5)], "1", true, at);
  read.length = 0;

  const redeemed = ticketOf(5, { redeemedUnits: 1, updatedAt: "2026-11-21T10:00:00+08:00" });
  await cache.writeTickets([redeemed], [], "durable");
  t.deepEqual(read.sort(), [orderKey("#2"), "TK-0005"].sort(), "the order's other ticket was not read");
  t.is((await cache.getTicket("TK-0005"))?.redeemedUnits, 1);
  t.deepEqual(await orderList(store, "#2"), ["TK-0004", "TK-0005"]);

  // Another phone number is another search key: the order is read and its keys rewritten.
  read.length = 0;
  const customer = { name: "陳怡君", phone: "0987654321" };
  await cache.writeTickets(
    [{ ...redeemed, customer, updatedAt: "2026-11-22T10:00:00+08:00" }],
    [],
    "durable",
  );
  t.deepEqual(read.sort(), [orderKey("#2"), "TK-0004", "TK-0005"].sort());
  const byPhone = async (phone: string) => {
    const codes: string[] = [];
    for await (const code of cache.indexedCodes(range("p", phoneKey(phone), true))) codes.push(code);
    return codes.sort();
  };
  t.deepEqual(await byPhone("0987654321"), ["TK-0004", "TK-0005"], "the order is found by the new number");
  t.deepEqual(await byPhone("0912345678"), ["TK-0004", "TK-0005"], "and by TK-0004's, still its own");
});
