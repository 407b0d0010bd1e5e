/**
 * The one LevelDB (`level`) under the kiosk's three stores, and the one batch writer they share.
 * One database, so that a decision stores the server's ticket in the same atomic batch as its
 * verdict. Layout, one sublevel each, by the port that owns it and what losing it means
 * (docs/reliability.md, "What each store may lose"):
 *
 * The journal (journal.ts, levelJournal.ts): never lost, every batch that changes a redemption synced.
 * - `entries`  id → JournalEntry
 * - `order`    seq → id, every entry, for export oldest first
 * - `open`     seq → id, entries the central service has not closed yet
 * - `exceptions` seq → id, redemptions the server answered with a conflict or a rejection
 * - `byTicket` code + seq → id, entries of one ticket (詳細訂單內容)
 * - `voids`    seq → id, supervisors' voids the central service has not answered yet
 * - `reprints` time + id, for 日結
 * - `slips`    slips owed: a key written in the same durable batch as the decision (or the reprint)
 *              that calls for a slip, removed once the print queue holds the job; after a crash
 *              between the two the slip is queued at the next start (slipPrinting.ts)
 * - `meta`     `seq` counter, `format` (storeFormat.ts), `damage` (what the integrity check found),
 *              and the clerk store's `loginGuard`: each its own key, so writers of one never carry
 *              a stale copy of another
 *
 * The ticket cache (ticketCache.ts, levelTicketCache.ts): rebuilt by a full download.
 * - `tickets`, `ticketIndex`, `products`: the local snapshot and its search index (ticketSnapshot.ts)
 * - `otherStores` code hash → store ids, other stores' tickets (device/ports/wire.ts `codeHash`)
 * - `cacheMeta` `download` (cursor, snapshot time), `otherStores` (cursor, store names): kept with
 *              the cache, so a cache lost whole takes its cursors with it and is downloaded again
 *
 * The clerk store (clerkStore.ts, levelClerkStore.ts): clerks downloaded again at the next sync.
 * - `clerks`   id → Clerk, the store's clerks as last synced (PIN hashes only)
 */
import { Level } from "level";
import { journalMaxOpenFiles } from "./fileBudget.js";
import { syncedBatch, unsyncedBatch } from "./levelBatch.js";

type Db = Level<string, unknown>;

export const journalSublevels = [
  "entries",
  "order",
  "open",
  "exceptions",
  "byTicket",
  "voids",
  "reprints",
  "slips",
  "meta",
] as const;
export const ticketCacheSublevels = [
  "tickets",
  "ticketIndex",
  "products",
  "otherStores",
  "cacheMeta",
] as const;
export const clerkSublevels = ["clerks"] as const;
const sublevelNames = [...journalSublevels, ...ticketCacheSublevels, ...clerkSublevels] as const;
export type SublevelName = (typeof sublevelNames)[number];

function openSublevel(db: Db, name: SublevelName) {
  return db.sublevel<string, unknown>(name, { valueEncoding: "json" });
}
export type Sublevel = ReturnType<typeof openSublevel>;
type Sublevels = Record<SublevelName, Sublevel>;

/**
 * How the journal's batches reach the disk. Only `sync: true` keeps a redemption through a power
 * cut; `sync: false` exists for the power-loss harness's negative control (`TK_TEST_UNSYNCED_JOURNAL`
 * in main.ts, docs/reliability.md), which must see such a journal lose acknowledged redemptions.
 */
export interface JournalWrites {
  readonly sync: boolean;
}

/**
 * `durable`: on disk before the promise resolves (as `JournalWrites` says), for what nothing can
 * rebuild. `lazy`: left to LevelDB's own pace, for copies the central service can send again; the
 * next durable batch carries them to disk.
 */
export type Durability = "durable" | "lazy";

export class LevelStore {
  private db: Db | undefined;
  private subs: Sublevels | undefined;

  constructor(
    readonly location: string,
    private readonly writes: JournalWrites,
  ) {}

  async open(): Promise<void> {
    const db: Db = new Level<string, unknown>(this.location, {
      valueEncoding: "json",
      // Its table cache fits under the unit's LimitNOFILE (device/fileBudget.ts).
      maxOpenFiles: journalMaxOpenFiles,
    });
    await db.open();
    this.db = db;
    this.subs = Object.fromEntries(sublevelNames.map((name) => [name, openSublevel(db, name)])) as Sublevels;
  }

  isOpen(): boolean {
    return this.db !== undefined;
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    this.subs = undefined;
    await db?.close();
  }

  /** Writes the operations as one atomic batch: after a crash either all of them are on disk or none. */
  async batch(operations: readonly StoreOperation[], durability: Durability): Promise<void> {
    if (this.db === undefined) throw new Error("journal is not open");
    const synced = durability === "durable" && this.writes.sync;
    await this.db.batch([...operations], synced ? syncedBatch : unsyncedBatch);
  }

  sub(name: SublevelName): Sublevel {
    if (this.subs === undefined) throw new Error("journal is not open");
    return this.subs[name];
  }

  put(name: SublevelName, key: string, value: unknown) {
    return { type: "put" as const, sublevel: this.sub(name), key, value };
  }

  del(name: SublevelName, key: string) {
    return { type: "del" as const, sublevel: this.sub(name), key };
  }
}

export type StoreOperation = ReturnType<LevelStore["put"]> | ReturnType<LevelStore["del"]>;
