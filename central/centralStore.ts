/**
 * The central service's records in one LevelDB (`level`), one sublevel per kind: stores, clerks,
 * orders, tickets, device and admin tokens (by the sha256 of the token, never the token),
 * redemption records by id with three indexes (per ticket, in arrival order, and the exceptions:
 * conflicts and offline redemptions refused), tombstones of cancelled ids, the last heartbeat of
 * each device, and the change sequence: every ticket change takes the next `rev`, indexed rev →
 * code, so "changed since" is a range scan, and per store (store, rev) → code, so a store's
 * first download reads that store's tickets and no other's. Nothing ever deletes a redemption record or a
 * tombstone: their ids are idempotency keys, kept for good (docs/protocol.md).
 *
 * Writes that belong together go in one commit: a redemption record, its index entries and the
 * ticket change land together or not at all, and are on disk before the answer. Heartbeats are the
 * exception: a lost one is replaced by the next, so they skip the fsync and the commit queue.
 * Commits are built one at a time, so revs are handed out in one order, and written in that order
 * by group commit (groupCommit.ts): the commits built while one synced batch (`syncedBatch`) is in
 * flight share the next, so a reader can never see rev n+1 while rev n is still in flight and move
 * its cursor past a change it never got. A commit that reads a ticket first waits for any earlier
 * commit of that ticket to settle. LevelDB admits one process at a time; opening a directory
 * another process holds fails (LEVEL_LOCKED).
 *
 * `meta` also holds the store's `format` (device/storeFormat.ts) and the `damage` the check at open
 * found (centralIntegrity.ts): a newer format is refused, an older one migrated.
 */
import type { AbstractBatchOperation, AbstractSublevel } from "abstract-level";
import { Level } from "level";
import type { Ticket } from "../device/domain.js";
import { centralMaxOpenFiles } from "../device/fileBudget.js";
import { syncedBatch } from "../device/levelBatch.js";
import { openGuard, type PinGuard } from "../device/pinLockout.js";
import { newPinKey } from "../device/pinVerifier.js";
import { storeFormat } from "../device/storeFormat.js";
import { checkStore, type DamageReport, sealedJson } from "../device/storeIntegrity.js";
import { centralFormat, verifyCentral } from "./centralIntegrity.js";
import { GroupCommit } from "./groupCommit.js";
import type { ImportDocument } from "./importDocument.js";
import {
  applyInParts,
  type ClerkRecord,
  type CurrentRecords,
  type ImportSummary,
  type OrderRecord,
  planImport,
  type StoreRecord,
  type TicketRecord,
} from "./importPlan.js";
import { isException } from "./judgeUpload.js";
import { KeyedMutex } from "./keyedMutex.js";
import { bodySha256, type RedemptionRecord, type VoidMark } from "./redemptionRecord.js";
import type { RefusedUpload, Resolution } from "./store/consoleData.js";
import { type DumpRecord, dumpBatchSize } from "./store/dumpRecord.js";
import type {
  DeviceTokenRecord,
  FeedPosition,
  HeartbeatRecord,
  PairingCodeRecord,
  RedemptionsPage,
  TicketsPage,
  TokenRecord,
  TombstoneRecord,
  UploadKey,
  UploadState,
} from "./store/ledgerStore.js";
import { isTicketOfStore } from "./store/recordFilter.js";
import { newToken, tokenKey } from "./store/tokenSecrets.js";

interface IndexPage<T> {
  readonly items: T[];
  readonly last: number;
  readonly hasMore: boolean;
}

interface Counters {
  /** The last rev handed out. */
  rev: number;
  /** The last redemption sequence number: orders the per-ticket index by arrival. */
  seq: number;
  /** The time of the last commit, so `updatedAt` strictly increases even if the clock steps back. */
  changedAtMs: number;
}

type Db = Level<string, unknown>;
type Table<V> = AbstractSublevel<Db, string | Buffer | Uint8Array, string, V>;
type Operation = AbstractBatchOperation<Db, string, unknown>;

interface Tables {
  readonly db: Db;
  readonly meta: Table<Counters>;
  readonly stores: Table<StoreRecord>;
  readonly clerks: Table<ClerkRecord>;
  readonly orders: Table<OrderRecord>;
  readonly tickets: Table<TicketRecord>;
  readonly revs: Table<string>;
  readonly storeRevs: Table<string>;
  readonly redemptions: Table<RedemptionRecord>;
  readonly byTicket: Table<string>;
  readonly bySeq: Table<string>;
  readonly exceptions: Table<string>;
  readonly tombstones: Table<TombstoneRecord>;
  readonly tokens: Table<TokenRecord>;
  readonly heartbeats: Table<HeartbeatRecord>;
  /** The void PIN's wrong-guess guards by `<device>NUL<clerk>` (ledger.ts). */
  readonly voidPinGuards: Table<PinGuard>;
  /** One-time pairing codes by their sha256 (docs/central.md, "Pairing a kiosk"). */
  readonly pairingCodes: Table<PairingCodeRecord>;
  /** The console's 例外清單 (store/consoleData.ts): resolutions by id, refused uploads by id (time). */
  readonly resolutions: Table<Resolution>;
  readonly refusedUploads: Table<RefusedUpload>;
  /** Clerks disabled in the console, by id (present = disabled). */
  readonly disabledClerks: Table<true>;
  readonly deviceNames: Table<string>;
}

/** Fixed-width decimal keys sort in numeric order. */
const sequenceKey = (n: number): string => n.toString().padStart(16, "0");
/** Codes are `[A-Za-z0-9-]`, all above `!`, so `code!` … `code"` spans exactly one ticket's entries. */
const ticketIndexKey = (code: string, seq: number): string => `${code}!${sequenceKey(seq)}`;
const ticketIndexRange = (code: string) => ({ gt: `${code}!`, lt: `${code}"` });
const ticketKey = (code: string): string => `ticket:${code}`;
/** The per-store index's key of tickets valid at every store: no store id is empty. */
const everyStoreKey = "";
/**
 * A ticket's entries in the per-store index: one per store it names, or one under `everyStoreKey`
 * when it is valid at every store. NUL separates store and rev: no store id holds it.
 */
const storeRevKeys = (ticket: Pick<Ticket, "storeIds">, rev: number): string[] =>
  (ticket.storeIds ?? [everyStoreKey]).map((storeId) => `${storeId}\u0000${sequenceKey(rev)}`);
const storeRange = (storeId: string, afterRev: number) => ({
  gt: `${storeId}\u0000${sequenceKey(afterRev)}`,
  lt: `${storeId}\u0001`,
});
const notOpen = (): Error => new Error("the central store is not open");

/** Bounds the work of one page when most entries scanned belong to other stores. */
const maxScannedPerPage = 20_000;
const scanChunk = 500;

/** One range of the per-store index, read a chunk at a time, for a merge by rev. */
class RangeCursor {
  private entries: { rev: number; code: string }[] = [];
  private position = 0;
  private ended = false;

  constructor(
    private readonly iterator: {
      nextv(size: number): Promise<[string, string][]>;
      close(): Promise<void>;
    },
  ) {}

  /** Whether its chunk is used up and the range may hold more: `read` before `head`. */
  drained(): boolean {
    return this.position === this.entries.length && !this.ended;
  }

  async read(chunk: number): Promise<void> {
    const entries = await this.iterator.nextv(chunk);
    this.entries = entries.map(([key, code]) => ({
      rev: Number(key.slice(key.indexOf("\u0000") + 1)),
      code,
    }));
    this.position = 0;
    this.ended = entries.length === 0;
  }

  /** The entry at the front; undefined when the range has no more. */
  head(): { rev: number; code: string } | undefined {
    return this.entries[this.position];
  }

  advance(): void {
    this.position += 1;
  }

  close(): Promise<void> {
    return this.iterator.close();
  }
}

/** The writes of one commit, and the revs and time they were given. */
class Commit {
  readonly operations: Operation[] = [];
  /** The tickets it changes, as `GroupCommit` keys. */
  readonly ticketKeys = new Set<string>();
  /** The tokens it writes, by key, for the store's copy once they are durable. */
  readonly tokens = new Map<string, TokenRecord>();

  constructor(
    private readonly tables: Tables,
    readonly counters: Counters,
    readonly at: string,
  ) {}

  put<V>(table: Table<V>, key: string, value: V): void {
    this.operations.push({ type: "put", sublevel: table, key, value });
  }

  token(key: string, record: TokenRecord): void {
    this.put(this.tables.tokens, key, record);
    this.tokens.set(key, record);
  }

  /** Writes a ticket change under the next rev and moves its rev index entry. */
  ticket(
    previous: TicketRecord | undefined,
    ticket: Omit<Ticket, "updatedAt">,
    importedUnits: number,
  ): Ticket {
    this.counters.rev += 1;
    const record: TicketRecord = {
      ticket: { ...ticket, updatedAt: this.at },
      importedUnits,
      rev: this.counters.rev,
    };
    if (previous !== undefined) {
      this.operations.push({ type: "del", sublevel: this.tables.revs, key: sequenceKey(previous.rev) });
      for (const key of storeRevKeys(previous.ticket, previous.rev))
        this.operations.push({ type: "del", sublevel: this.tables.storeRevs, key });
    }
    this.put(this.tables.revs, sequenceKey(record.rev), ticket.code);
    for (const key of storeRevKeys(ticket, record.rev)) this.put(this.tables.storeRevs, key, ticket.code);
    this.put(this.tables.tickets, ticket.code, record);
    this.ticketKeys.add(ticketKey(ticket.code));
    return record.ticket;
  }

  /** Changes a ticket's kiosk units by `delta` (negative for a void); unknown tickets stay unknown. */
  units(previous: TicketRecord | undefined, delta: number): Ticket | undefined {
    if (previous === undefined || delta === 0) return previous?.ticket;
    const { updatedAt: _replaced, ...ticket } = previous.ticket;
    return this.ticket(
      previous,
      { ...ticket, redeemedUnits: ticket.redeemedUnits + delta },
      previous.importedUnits,
    );
  }
}

/**
 * LevelDB's write buffer (its memtable) for the central service: 32 MB, not its 4 MB default. A
 * fleet's redemptions touch tickets all over the catalogue's keys; with small buffers LevelDB's
 * compaction thread kept merging them into the catalogue's tables, 243–283 µs of CPU a redemption,
 * as much as the main thread's whole work, on a 2-core machine; with 32 MB, 50 µs (a 75 s run of
 * 50 kiosks; docs/performance.md, "Central service on LevelDB, fourth round"). The cost: up to
 * twice this in memory under a steady load (the buffer and the one being written out), and a longer
 * log to replay when the service starts after a crash.
 */
const centralWriteBufferBytes = 32 * 1024 * 1024;

export class CentralStore {
  private tables: Tables | undefined;
  private damage: DamageReport | undefined;
  private counters: Counters = { rev: 0, seq: 0, changedAtMs: 0 };
  private readonly commits = new KeyedMutex();
  /**
   * Every token by key: one is looked up on every request, and they are few (one per device).
   * Loaded at open, changed once each write of tokens is durable; only this process writes them.
   */
  private tokens = new Map<string, TokenRecord>();
  private readonly groups = new GroupCommit<Operation>((operations) =>
    this.t.db.batch(lastCountersOnly(operations, this.t.meta), syncedBatch),
  );

  constructor(
    private readonly location: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Opens the database; fails when another process holds it. Idempotent. */
  async open(): Promise<void> {
    if (this.tables !== undefined) return;
    const db: Db = new Level<string, unknown>(this.location, {
      valueEncoding: "json",
      // Its table cache fits under the unit's LimitNOFILE (device/fileBudget.ts).
      maxOpenFiles: centralMaxOpenFiles,
      writeBufferSize: centralWriteBufferBytes,
    });
    await db.open();
    const table = <V>(name: string): Table<V> => db.sublevel<string, V>(name, { valueEncoding: "json" });
    const tables: Tables = {
      db,
      meta: table("meta"),
      stores: table("stores"),
      clerks: table("clerks"),
      orders: table("orders"),
      tickets: table("tickets"),
      revs: table("revs"),
      storeRevs: table("storeRevs"),
      redemptions: db.sublevel<string, RedemptionRecord>("redemptions", {
        valueEncoding: sealedJson<RedemptionRecord>(),
      }),
      byTicket: table("byTicket"),
      bySeq: table("bySeq"),
      exceptions: table("exceptions"),
      tombstones: table("tombstones"),
      tokens: table("tokens"),
      heartbeats: table("heartbeats"),
      voidPinGuards: table("voidPinGuards"),
      pairingCodes: table("pairingCodes"),
      resolutions: table("resolutions"),
      refusedUploads: table("refusedUploads"),
      disabledClerks: table("disabledClerks"),
      deviceNames: table("deviceNames"),
    };
    try {
      await this.checkFormatAndIntegrity(tables);
    } catch (error) {
      await db.close();
      throw error;
    }
    this.counters = (await tables.meta.get("counters")) ?? { rev: 0, seq: 0, changedAtMs: 0 };
    this.tokens = new Map(await tables.tokens.iterator().all());
    this.tables = tables;
  }

  /** The open database, for the console's sublevels (store/levelConsoleStore.ts). */
  database(): Db {
    return this.t.db;
  }

  /** What the check at open found (kept in the store); undefined while it is intact. */
  integrity(): DamageReport | undefined {
    return this.damage;
  }

  /**
   * Format 1 → 2: every redemption record sealed with its check; 2 → 3: every ticket in the
   * per-store index; in the batch that records the new format. Then LevelDB's LOG and the records
   * are checked (centralIntegrity.ts).
   */
  private async checkFormatAndIntegrity(tables: Tables): Promise<void> {
    const meta = tables.db.sublevel<string, unknown>("meta", { valueEncoding: "json" });
    const store = `the central store at ${this.location}`;
    const found = storeFormat(store, await meta.get("format"), centralFormat);
    if (found < centralFormat) {
      const migrated: Operation[] = [];
      if (found < 2) {
        const bare = tables.db.sublevel<string, RedemptionRecord>("redemptions", { valueEncoding: "json" });
        for await (const [id, record] of bare.iterator())
          migrated.push({ type: "put", sublevel: tables.redemptions, key: id, value: record });
      }
      for await (const [code, record] of tables.tickets.iterator()) {
        for (const key of storeRevKeys(record.ticket, record.rev))
          migrated.push({ type: "put", sublevel: tables.storeRevs, key, value: code });
      }
      await tables.db.batch(
        [...migrated, { type: "put", sublevel: meta, key: "format", value: centralFormat }],
        syncedBatch,
      );
    }
    // Read from the files, not LevelDB's cache (`fillCache`: classic-level's README); records as
    // text, so one that is not JSON is one finding, not a failed scan.
    const uncached = { fillCache: false, limit: -1 };
    const raw = { ...uncached, valueEncoding: "utf8" } as const;
    const counters = await tables.meta.get("counters");
    this.damage = await checkStore(
      this.location,
      meta,
      () =>
        verifyCentral({
          redemptions: () => tables.redemptions.iterator<string, string>(raw),
          bySeq: () => tables.bySeq.iterator(uncached),
          byTicket: () => tables.byTicket.iterator(uncached),
          counter: () => counters?.seq ?? 0,
        }),
      this.now(),
    );
  }

  /** Waits for the commits being built and written, then closes. Idempotent. */
  async close(): Promise<void> {
    const tables = this.tables;
    if (tables === undefined) return;
    await this.commits.run("commit", async () => {
      await this.groups.settled();
      this.tables = undefined;
    });
    await tables.db.close();
  }

  private get t(): Tables {
    if (this.tables === undefined) throw notOpen();
    return this.tables;
  }

  /** Throws unless the store is open. */
  assertOpen(): void {
    void this.t;
  }

  getStore(id: string): Promise<StoreRecord | undefined> {
    return this.t.stores.get(id);
  }

  async storeIds(): Promise<Set<string>> {
    return new Set(await this.t.stores.keys().all());
  }

  getClerk(id: string): Promise<ClerkRecord | undefined> {
    return this.t.clerks.get(id);
  }

  async clerksOfStore(storeId: string): Promise<ClerkRecord[]> {
    const clerks = await this.t.clerks.values().all();
    return clerks.filter((clerk) => clerk.storeIds.includes(storeId));
  }

  getTicket(code: string): Promise<TicketRecord | undefined> {
    return this.t.tickets.get(code);
  }

  getRedemption(id: string): Promise<RedemptionRecord | undefined> {
    return this.t.redemptions.get(id);
  }

  getTombstone(id: string): Promise<TombstoneRecord | undefined> {
    return this.t.tombstones.get(id);
  }

  /**
   * The record and tombstone under `id`, the ticket `code` and the clerk `clerkId` (when named),
   * read for every uploaded entry. Read synchronously: each trip to LevelDB's thread pool hands the
   * request to another thread and back, which on a busy machine cost more than the reads themselves
   * (a CPU profile of the central benchmark, docs/performance.md "Central service"); these few keys
   * sit in LevelDB's block cache or the OS page cache.
   */
  async uploadState({ id, ticketCode, clerkId, token }: UploadKey): Promise<UploadState> {
    const { redemptions, tombstones, tickets, clerks } = this.t;
    return {
      existing: redemptions.getSync(id),
      tombstone: tombstones.getSync(id),
      ticket: tickets.getSync(ticketCode),
      clerk: clerkId === undefined ? undefined : clerks.getSync(clerkId),
      token: token === undefined ? undefined : this.tokens.get(tokenKey(token)),
    };
  }

  async findToken(token: string): Promise<TokenRecord | undefined> {
    if (this.tables === undefined) throw notOpen();
    return this.tokens.get(tokenKey(token));
  }

  async deviceTokens(): Promise<DeviceTokenRecord[]> {
    const tokens = await this.t.tokens.values().all();
    return tokens.filter((token): token is DeviceTokenRecord => token.kind === "device");
  }

  /** A device's last heartbeat: when the server last heard from it (judgeUpload.ts's bounds). */
  getHeartbeat(deviceId: string): Promise<HeartbeatRecord | undefined> {
    return this.t.heartbeats.get(deviceId);
  }

  heartbeats(): Promise<HeartbeatRecord[]> {
    return this.t.heartbeats.values().all();
  }

  async getVoidPinGuard(key: string): Promise<PinGuard> {
    return (await this.t.voidPinGuards.get(key)) ?? openGuard;
  }

  /** Durable before it resolves: a miss counted is not forgotten by a crash. */
  putVoidPinGuard(key: string, guard: PinGuard): Promise<void> {
    const { db, voidPinGuards } = this.t;
    return db.batch([{ type: "put", sublevel: voidPinGuards, key, value: guard }], syncedBatch);
  }

  /** Keeps a device's last heartbeat, without fsync: the next heartbeat replaces a lost one. */
  putHeartbeat(record: HeartbeatRecord): Promise<void> {
    return this.t.heartbeats.put(record.deviceId, record);
  }

  /**
   * A store's tickets (naming it, or valid at every store) changed after `afterRev`, in rev order:
   * the store's range of the per-store index merged with the every-store range, so a page reads
   * only rows it returns.
   */
  storeTicketsSince(storeId: string, afterRev: number, limit: number): Promise<TicketsPage> {
    return this.ticketsOfRanges([storeId, everyStoreKey], afterRev, limit, () => true);
  }

  /**
   * Tickets of stores other than `storeId` (those naming it too left out) changed after `afterRev`,
   * in rev order: every other store's range of the per-store index merged, so a page reads none of
   * the store's own rows, however many it has (a first download of a chain's codes read them all).
   */
  async otherStoreTicketsSince(storeId: string, afterRev: number, limit: number): Promise<TicketsPage> {
    const others = (await this.indexedStoreKeys()).filter((key) => key !== storeId && key !== everyStoreKey);
    return this.ticketsOfRanges(others, afterRev, limit, (ticket) => !isTicketOfStore(ticket, storeId));
  }

  /** The store keys the per-store index has ranges for, one seek each. */
  private async indexedStoreKeys(): Promise<string[]> {
    const keys: string[] = [];
    const iterator = this.t.storeRevs.keys();
    try {
      for (let key = await iterator.next(); key !== undefined; key = await iterator.next()) {
        const storeKey = key.slice(0, key.indexOf("\u0000"));
        keys.push(storeKey);
        iterator.seek(`${storeKey}\u0001`);
      }
    } finally {
      await iterator.close();
    }
    return keys;
  }

  /**
   * The tickets of the per-store index's `storeKeys` ranges after `afterRev` that `include`
   * accepts: the ranges merged in rev order a chunk at a time, up to `limit` revs (a ticket of two
   * of the stores is in both ranges under the same rev, and counted once).
   */
  private async ticketsOfRanges(
    storeKeys: readonly string[],
    afterRev: number,
    limit: number,
    include: (ticket: Ticket) => boolean,
  ): Promise<TicketsPage> {
    const { storeRevs, tickets } = this.t;
    const ranges = storeKeys.map((key) => new RangeCursor(storeRevs.iterator(storeRange(key, afterRev))));
    const page: { rev: number; code: string }[] = [];
    let hasMore = false;
    try {
      const chunk = Math.min(limit + 1, scanChunk);
      for (;;) {
        // A read only when a chunk is used up: the merge itself waits for nothing.
        if (ranges.some((range) => range.drained())) {
          await Promise.all(ranges.filter((range) => range.drained()).map((range) => range.read(chunk)));
        }
        let earliest: RangeCursor | undefined;
        let earliestRev = Number.POSITIVE_INFINITY;
        for (const range of ranges) {
          const rev = range.head()?.rev ?? Number.POSITIVE_INFINITY;
          if (rev < earliestRev) {
            earliest = range;
            earliestRev = rev;
          }
        }
        const head = earliest?.head();
        if (earliest === undefined || head === undefined) break;
        if (head.rev === page[page.length - 1]?.rev) {
          earliest.advance();
          continue;
        }
        if (page.length === limit) {
          hasMore = true;
          break;
        }
        page.push(head);
        earliest.advance();
      }
    } finally {
      await Promise.all(ranges.map((range) => range.close()));
    }
    const records = await tickets.getMany(page.map((entry) => entry.code));
    return {
      tickets: records.flatMap((record) =>
        record === undefined || !include(record.ticket) ? [] : [record.ticket],
      ),
      lastRev: page[page.length - 1]?.rev ?? afterRev,
      hasMore,
    };
  }

  /** How many tickets a store has, by its ranges of the per-store index. */
  async countStoreTickets(storeId: string): Promise<number> {
    const { storeRevs } = this.t;
    const counts = await Promise.all(
      [storeId, ""].map(async (key) => (await storeRevs.keys(storeRange(key, 0)).all()).length),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /** Records received after arrival number `afterSeq` that `include` accepts, oldest first. */
  redemptionsSince(
    afterSeq: number,
    limit: number,
    include: (record: RedemptionRecord) => boolean,
  ): Promise<RedemptionsPage> {
    return this.recordsPage(this.t.bySeq, afterSeq, limit, include);
  }

  /** Like `redemptionsSince`, over the exceptions only: conflicts and offline redemptions refused. */
  exceptionsSince(
    afterSeq: number,
    limit: number,
    include: (record: RedemptionRecord) => boolean,
  ): Promise<RedemptionsPage> {
    return this.recordsPage(this.t.exceptions, afterSeq, limit, include);
  }

  /** The records of one ticket in the order the server received them. */
  async redemptionsOfTicket(code: string): Promise<RedemptionRecord[]> {
    const { byTicket, redemptions } = this.t;
    const ids = await byTicket.values(ticketIndexRange(code)).all();
    const records = await redemptions.getMany(ids);
    return records.filter((record): record is RedemptionRecord => record !== undefined);
  }

  /**
   * The last `limit` records of one ticket that `include` accepts, oldest first, looking back over
   * a bounded number of records so a ticket with a long history costs no more than a page.
   */
  async latestOfTicket(
    code: string,
    limit: number,
    include: (record: RedemptionRecord) => boolean,
  ): Promise<RedemptionRecord[]> {
    const { byTicket, redemptions } = this.t;
    const found: RedemptionRecord[] = [];
    let scanned = 0;
    const iterator = byTicket.values({ ...ticketIndexRange(code), reverse: true });
    try {
      while (found.length < limit && scanned < maxScannedPerPage) {
        const ids = await iterator.nextv(Math.min(scanChunk, limit));
        if (ids.length === 0) break;
        scanned += ids.length;
        const records = await redemptions.getMany(ids);
        for (const record of records) {
          if (record !== undefined && found.length < limit && include(record)) found.push(record);
        }
      }
    } finally {
      await iterator.close();
    }
    return found.reverse();
  }

  private async recordsPage(
    index: Table<string>,
    afterSeq: number,
    limit: number,
    include: (record: RedemptionRecord) => boolean,
  ): Promise<RedemptionsPage> {
    const page = await this.scanIndex(index, this.t.redemptions, afterSeq, limit, (record) =>
      include(record) ? record : undefined,
    );
    return { redemptions: page.items, lastSeq: page.last, hasMore: page.hasMore };
  }

  /**
   * Walks an index of sequence number → key after `after`, looks each key up in `table` and keeps
   * what `pick` returns, up to `limit` items and a bounded number of entries scanned, so a page
   * whose entries mostly belong to other stores still returns promptly and moves its cursor.
   */
  private async scanIndex<V, T>(
    index: Table<string>,
    table: Table<V>,
    after: number,
    limit: number,
    pick: (value: V, sequence: number) => T | undefined,
  ): Promise<IndexPage<T>> {
    const items: T[] = [];
    let last = after;
    let scanned = 0;
    const iterator = index.iterator({ gt: sequenceKey(after) });
    try {
      while (items.length < limit && scanned < maxScannedPerPage) {
        const entries = await iterator.nextv(
          Math.min(scanChunk, limit - items.length, maxScannedPerPage - scanned),
        );
        if (entries.length === 0) return { items, last, hasMore: false };
        const values = await table.getMany(entries.map(([, key]) => key));
        entries.forEach(([key], position) => {
          scanned += 1;
          last = Number(key);
          const value = values[position];
          const item = value === undefined ? undefined : pick(value, last);
          if (item !== undefined) items.push(item);
        });
      }
    } finally {
      await iterator.close();
    }
    const next = await index.keys({ gt: sequenceKey(last), limit: 1 }).all();
    return { items, last, hasMore: next.length > 0 };
  }

  // --- The console's reads (store/consoleData.ts) ---

  /**
   * Every record that arrived before `beforeSeq` (all when undefined), newest first, each with its
   * arrival number and its ticket's product name, read a chunk at a time.
   */
  async *redemptionsNewestFirst(beforeSeq: number | undefined): AsyncGenerator<{
    seq: number;
    record: RedemptionRecord;
    productName: string | undefined;
    resolution: Resolution | undefined;
  }> {
    const { bySeq, redemptions, tickets, resolutions } = this.t;
    const iterator = bySeq.iterator({
      reverse: true,
      ...(beforeSeq === undefined ? {} : { lt: sequenceKey(beforeSeq) }),
    });
    try {
      for (;;) {
        const entries = await iterator.nextv(scanChunk);
        if (entries.length === 0) return;
        const records = await redemptions.getMany(entries.map(([, id]) => id));
        const codes = [...new Set(records.flatMap((record) => record?.redemption.ticketCode ?? []))];
        const held = await tickets.getMany(codes);
        const products = new Map(codes.map((code, index) => [code, held[index]?.ticket.productName]));
        const resolved = await resolutions.getMany(entries.map(([, id]) => id));
        for (const [index, [key]] of entries.entries()) {
          const record = records[index];
          if (record === undefined) continue;
          const productName = products.get(record.redemption.ticketCode);
          yield { seq: Number(key), record, productName, resolution: resolved[index] };
        }
      }
    } finally {
      await iterator.close();
    }
  }

  /** Tickets in code order within `range`, read a chunk at a time. */
  async *ticketsInRange(range: { gt?: string; gte?: string; lt?: string }): AsyncGenerator<TicketRecord> {
    const iterator = this.t.tickets.values(range);
    try {
      for (;;) {
        const chunk = await iterator.nextv(scanChunk);
        if (chunk.length === 0) return;
        yield* chunk;
      }
    } finally {
      await iterator.close();
    }
  }

  getOrder(orderNumber: string): Promise<OrderRecord | undefined> {
    return this.t.orders.get(orderNumber);
  }

  /** The records an import of `document` would touch, as held now. */
  async heldFor(document: ImportDocument): Promise<CurrentRecords> {
    const { stores, clerks, orders, tickets } = this.t;
    const codes = document.orders.flatMap((order) => order.tickets.map((ticket) => ticket.code));
    return {
      stores: await byKey(
        stores,
        document.stores.map((store) => store.id),
      ),
      clerks: await byKey(
        clerks,
        document.clerks.map((clerk) => clerk.id),
      ),
      orders: await byKey(
        orders,
        document.orders.map((order) => order.orderNumber),
      ),
      tickets: await byKey(tickets, codes),
    };
  }

  /** The caller holds the clerks (levelLedgerStore.ts): read, changed and written as one step. */
  async setClerkPin(id: string, pinHash: string): Promise<ClerkRecord | undefined> {
    const held = await this.getClerk(id);
    if (held === undefined) return undefined;
    return this.write((commit) => {
      const clerk = { ...held, pinHash, updatedAt: commit.at };
      commit.put(this.t.clerks, id, clerk);
      return clerk;
    });
  }

  /** The caller holds the clerks (levelLedgerStore.ts). */
  async setClerkDisabled(id: string, disabled: boolean): Promise<boolean> {
    const { disabledClerks } = this.t;
    if (((await disabledClerks.get(id)) === true) === disabled) return false;
    await this.write((commit) => {
      if (disabled) commit.put(disabledClerks, id, true);
      else commit.operations.push({ type: "del", sublevel: disabledClerks, key: id });
    });
    return true;
  }

  async deviceNames(): Promise<Map<string, string>> {
    return new Map(await this.t.deviceNames.iterator().all());
  }

  setDeviceName(deviceId: string, name: string): Promise<void> {
    return this.write((commit) => commit.put(this.t.deviceNames, deviceId, name));
  }

  /** Moves every token of a device to `storeId`; how many. */
  moveDevice(deviceId: string, storeId: string): Promise<number> {
    return this.changeTokens(
      (token) => token.kind === "device" && token.deviceId === deviceId,
      (token) => (token.kind === "device" ? { ...token, storeId } : token),
    );
  }

  async disabledClerkIds(): Promise<ReadonlySet<string>> {
    return new Set(await this.t.disabledClerks.keys().all());
  }

  /** Keeps an upload refused whole under its commit's time, unique in this store: its id. */
  recordRefusedUpload(upload: Omit<RefusedUpload, "id">): Promise<RefusedUpload> {
    return this.write((commit) => {
      const kept = { id: commit.at, ...upload };
      commit.put(this.t.refusedUploads, kept.id, kept);
      return kept;
    });
  }

  /** Uploads refused whole before `beforeId` (all when undefined), newest first, with resolutions. */
  async *refusedUploadsNewestFirst(
    beforeId: string | undefined,
  ): AsyncGenerator<{ upload: RefusedUpload; resolution: Resolution | undefined }> {
    const { refusedUploads, resolutions } = this.t;
    const iterator = refusedUploads.values({
      reverse: true,
      ...(beforeId === undefined ? {} : { lt: beforeId }),
    });
    try {
      for (;;) {
        const uploads = await iterator.nextv(scanChunk);
        if (uploads.length === 0) return;
        const resolved = await resolutions.getMany(uploads.map((upload) => upload.id));
        for (const [index, upload] of uploads.entries()) yield { upload, resolution: resolved[index] };
      }
    } finally {
      await iterator.close();
    }
  }

  getRefusedUpload(id: string): Promise<RefusedUpload | undefined> {
    return this.t.refusedUploads.get(id);
  }

  getResolution(id: string): Promise<Resolution | undefined> {
    return this.t.resolutions.get(id);
  }

  /** The caller holds `id` (levelLedgerStore.ts): a resolution is kept once, the first one. */
  async resolve(id: string, resolution: Resolution): Promise<boolean> {
    if ((await this.getResolution(id)) !== undefined) return false;
    await this.write((commit) => commit.put(this.t.resolutions, id, resolution));
    return true;
  }

  /**
   * Stores a redemption record with its index entries and adds `unitsDelta` to the ticket (0 for a
   * refusal). Returns the ticket after the change (undefined for an unknown code).
   */
  recordRedemption(record: RedemptionRecord, unitsDelta: number): Promise<Ticket | undefined> {
    return this.write(async (commit) => {
      const { id, ticketCode: code } = record.redemption;
      const ticket = commit.units(await this.settledTicket(code), unitsDelta);
      commit.counters.seq += 1;
      const seq = commit.counters.seq;
      commit.put(this.t.byTicket, ticketIndexKey(code, seq), id);
      commit.put(this.t.bySeq, sequenceKey(seq), id);
      if (isException(record)) commit.put(this.t.exceptions, sequenceKey(seq), id);
      commit.put(this.t.redemptions, id, record);
      return ticket;
    });
  }

  /**
   * Replaces the record under an id that counted no units (judgeUpload.ts: an online refusal the
   * kiosk never heard, then redeemed offline) and adds `unitsDelta` to the ticket. The record keeps
   * its place in the arrival order, and joins the exceptions when it is one.
   */
  async replaceRedemption(record: RedemptionRecord, unitsDelta: number): Promise<Ticket | undefined> {
    const { id, ticketCode: code } = record.redemption;
    const seq = await this.arrivalOf(code, id);
    if (seq === undefined) throw new Error(`no record ${id} of ticket ${code} to replace`);
    return this.write(async (commit) => {
      const ticket = commit.units(await this.settledTicket(code), unitsDelta);
      if (isException(record)) commit.put(this.t.exceptions, sequenceKey(seq), id);
      commit.put(this.t.redemptions, id, record);
      return ticket;
    });
  }

  /** The arrival number of the record `id` of ticket `code`, from the ticket's few index entries. */
  private async arrivalOf(code: string, id: string): Promise<number | undefined> {
    for await (const [key, held] of this.t.byTicket.iterator(ticketIndexRange(code)))
      if (held === id) return Number(key.slice(code.length + 1));
    return undefined;
  }

  /** Marks an accepted or conflict record voided and gives its units back to the ticket. */
  voidRedemption(record: RedemptionRecord, mark: VoidMark): Promise<Ticket | undefined> {
    return this.write(async (commit) => {
      const ticket = commit.units(
        await this.settledTicket(record.redemption.ticketCode),
        -record.redemption.quantity,
      );
      commit.put(this.t.redemptions, record.redemption.id, { ...record, voided: mark });
      return ticket;
    });
  }

  putTombstone(tombstone: TombstoneRecord): Promise<void> {
    return this.write((commit) => commit.put(this.t.tombstones, tombstone.id, tombstone));
  }

  /**
   * Makes a device token and its PIN key. Only the token's sha256 is kept, so the token is shown
   * once and never again; the key is kept, to seal the store's PIN verifiers for this device.
   */
  issueToken(deviceId: string, storeId: string): Promise<{ token: string; pinKey: string }> {
    return this.write((commit) => deviceToken(commit, deviceId, storeId));
  }

  /** Keeps a pairing code by its sha256 (docs/central.md, "Pairing a kiosk"). */
  putPairingCode(code: string, record: PairingCodeRecord): Promise<void> {
    return this.write((commit) => commit.put(this.t.pairingCodes, tokenKey(code), record));
  }

  getPairingCode(code: string): Promise<PairingCodeRecord | undefined> {
    return this.t.pairingCodes.get(tokenKey(code));
  }

  /** Marks a pairing code used and issues its device's token, in one commit; the caller checked it. */
  spendPairingCode(
    code: string,
    record: PairingCodeRecord,
    at: Date,
  ): Promise<{ token: string; pinKey: string }> {
    return this.write((commit) => {
      commit.put(this.t.pairingCodes, tokenKey(code), { ...record, usedAt: at.toISOString() });
      return deviceToken(commit, record.deviceId, record.storeId);
    });
  }

  /** Makes an admin token, kept the same way as a device token. */
  issueAdminToken(): Promise<string> {
    const token = newToken("cta");
    return this.write((commit) => {
      commit.token(tokenKey(token), { kind: "admin", createdAt: commit.at, revoked: false });
      return token;
    });
  }

  /** Revokes every token of a device; returns how many were still live. */
  revokeDevice(deviceId: string): Promise<number> {
    return this.revokeTokens((token) => token.kind === "device" && token.deviceId === deviceId);
  }

  /** Revokes every admin token; returns how many were still live. */
  revokeAdminTokens(): Promise<number> {
    return this.revokeTokens((token) => token.kind === "admin");
  }

  private revokeTokens(match: (token: TokenRecord) => boolean): Promise<number> {
    return this.changeTokens(
      (token) => match(token) && !token.revoked,
      (token) => ({ ...token, revoked: true }),
    );
  }

  /** Rewrites the tokens `match` accepts as `change` says; how many. */
  private changeTokens(
    match: (token: TokenRecord) => boolean,
    change: (token: TokenRecord) => TokenRecord,
  ): Promise<number> {
    return this.write(async (commit) => {
      await this.groups.settled();
      let changed = 0;
      for await (const [key, token] of this.t.tokens.iterator()) {
        if (!match(token)) continue;
        commit.token(key, change(token));
        changed += 1;
      }
      return changed;
    });
  }

  /** Applies a checked import document in durable batches (importPlan.ts `applyInParts`). */
  applyImport(document: ImportDocument, onWritten?: (tickets: number) => void): Promise<ImportSummary> {
    return applyInParts(document, (part) => this.applyImportPart(part), onWritten);
  }

  /** One part of an import in one batch. */
  private async applyImportPart(document: ImportDocument): Promise<ImportSummary> {
    const { stores, clerks, orders, tickets } = this.t;
    const plan = await planImport(document, await this.heldFor(document));
    const writes = plan.stores.length + plan.clerks.length + plan.orders.length + plan.tickets.length;
    if (writes === 0) return plan.summary;
    await this.write(async (commit) => {
      for (const store of plan.stores) commit.put(stores, store.id, store);
      for (const clerk of plan.clerks) commit.put(clerks, clerk.id, { ...clerk, updatedAt: commit.at });
      for (const order of plan.orders) commit.put(orders, order.orderNumber, order);
      // Read again inside the commit: a redemption may have changed a ticket since the plan was made.
      await this.groups.settled();
      const current = await tickets.getMany(plan.tickets.map((change) => change.fields.code));
      plan.tickets.forEach(({ fields, importedUnits }, index) => {
        const previous = current[index];
        const kioskUnits =
          previous === undefined ? 0 : previous.ticket.redeemedUnits - previous.importedUnits;
        commit.ticket(previous, { ...fields, redeemedUnits: importedUnits + kioskUnits }, importedUnits);
      });
    });
    return plan.summary;
  }

  /**
   * A ticket as the disk holds it, once no commit of it is still being written. Read synchronously:
   * commits are built one at a time, so a trip to LevelDB's thread pool here would hold up every
   * commit queued behind this one, and the ticket was just read to judge it (LevelDB's cache has it).
   */
  private async settledTicket(code: string): Promise<TicketRecord | undefined> {
    await this.groups.settled(ticketKey(code));
    return this.t.tickets.getSync(code);
  }

  /**
   * Runs `build`, one commit at a time, and queues what it wrote for the next group write;
   * resolves once that write is durable. The counters move on as soon as the commit is built, so
   * a failed group leaves unused revs behind, never a rev given twice.
   */
  private async write<T>(build: (commit: Commit) => T | Promise<T>): Promise<T> {
    const { result, commit, written } = await this.commits.run("commit", async () => {
      const tables = this.t;
      const changedAtMs = Math.max(this.now().getTime(), this.counters.changedAtMs + 1);
      const commit = new Commit(
        tables,
        { ...this.counters, changedAtMs },
        new Date(changedAtMs).toISOString(),
      );
      const result = await build(commit);
      commit.put(tables.meta, "counters", commit.counters);
      this.counters = commit.counters;
      return { result, commit, written: this.groups.add(commit.operations, commit.ticketKeys) };
    });
    await written;
    for (const [key, record] of commit.tokens) this.tokens.set(key, record);
    return result;
  }

  // Dump and restore (store/dumpRecord.ts): for a stopped service, which alone holds the directory.

  /** The last rev handed out, and the time of the newest ticket change at or below `rev`. */
  async feedAt(rev: number): Promise<FeedPosition> {
    const { revs, tickets } = this.t;
    const [code] = await revs.values({ lte: sequenceKey(rev), reverse: true, limit: 1 }).all();
    const ticket = code === undefined ? undefined : await tickets.get(code);
    return { headRev: this.counters.rev, changedAt: ticket?.ticket.updatedAt };
  }

  /** Everything held, in dumpRecord.ts's order, `dumpBatchSize` records at a time. */
  async *dump(): AsyncGenerator<DumpRecord[]> {
    const t = this.t;
    const counters = (await t.meta.get("counters")) ?? { rev: 0, seq: 0, changedAtMs: 0 };
    yield [{ kind: "counters", ...counters }];
    yield* batchesOf(t.stores.values(), (record) => ({ kind: "store", record }));
    yield* batchesOf(t.clerks.values(), (record) => ({ kind: "clerk", record }));
    yield* batchesOf(t.orders.values(), (record) => ({ kind: "order", record }));
    yield* indexedBatches(t.revs, t.tickets, (record, rev) =>
      record.rev === rev ? { kind: "ticket", record } : undefined,
    );
    yield* indexedBatches(t.bySeq, t.redemptions, (record, seq) => ({
      kind: "redemption",
      seq,
      bodySha256: bodySha256(record),
      record,
    }));
    yield* batchesOf(t.tombstones.values(), (record) => ({ kind: "tombstone", record }));
    yield* batchesOf(t.tokens.iterator(), ([sha256, record]) => ({ kind: "token", sha256, record }));
    yield* batchesOf(t.heartbeats.values(), (record) => ({ kind: "heartbeat", record }));
  }

  /** Whether the store holds no record at all: what a restore goes into. */
  async isEmpty(): Promise<boolean> {
    const t = this.t;
    const tables = [
      t.stores,
      t.clerks,
      t.orders,
      t.tickets,
      t.redemptions,
      t.tombstones,
      t.tokens,
      t.heartbeats,
    ];
    const firstKeys = await Promise.all(
      tables.map((table: { keys(options: { limit: number }): { all(): Promise<string[]> } }) =>
        table.keys({ limit: 1 }).all(),
      ),
    );
    if (firstKeys.some((keys) => keys.length > 0)) return false;
    return true;
  }

  /** Writes one batch of a dump, with its index entries, durably. */
  async loadBatch(records: readonly DumpRecord[]): Promise<void> {
    const t = this.t;
    const operations: Operation[] = [];
    const put = <V>(table: Table<V>, key: string, value: V) =>
      operations.push({ type: "put", sublevel: table, key, value });
    for (const entry of records) {
      switch (entry.kind) {
        case "counters": {
          const { kind: _counters, ...counters } = entry;
          put(t.meta, "counters", counters);
          this.counters = counters;
          break;
        }
        case "store":
          put(t.stores, entry.record.id, entry.record);
          break;
        case "clerk":
          put(t.clerks, entry.record.id, entry.record);
          break;
        case "order":
          put(t.orders, entry.record.orderNumber, entry.record);
          break;
        case "ticket": {
          const { ticket, rev } = entry.record;
          put(t.tickets, ticket.code, entry.record);
          put(t.revs, sequenceKey(rev), ticket.code);
          for (const key of storeRevKeys(ticket, rev)) put(t.storeRevs, key, ticket.code);
          break;
        }
        case "redemption": {
          const { seq, record } = entry;
          const { id, ticketCode } = record.redemption;
          put(t.redemptions, id, record);
          put(t.byTicket, ticketIndexKey(ticketCode, seq), id);
          put(t.bySeq, sequenceKey(seq), id);
          if (isException(record)) put(t.exceptions, sequenceKey(seq), id);
          break;
        }
        case "tombstone":
          put(t.tombstones, entry.record.id, entry.record);
          break;
        case "token":
          put(t.tokens, entry.sha256, entry.record);
          break;
        case "heartbeat":
          put(t.heartbeats, entry.record.deviceId, entry.record);
          break;
      }
    }
    await this.commits.run("commit", () => t.db.batch(operations, syncedBatch));
    for (const entry of records) if (entry.kind === "token") this.tokens.set(entry.sha256, entry.record);
  }
}

/**
 * Each commit of a group carries the counters as it left them; in one batch the last put of a key
 * wins, so the group writes only its last commit's counters: one put per group, not per commit
 * (docs/performance.md, "Central service").
 */
function lastCountersOnly(operations: readonly Operation[], meta: Table<Counters>): Operation[] {
  const isCounters = (operation: Operation): boolean =>
    operation.sublevel === meta && operation.key === "counters";
  const last = operations.findLastIndex(isCounters);
  return operations.filter((operation, index) => index === last || !isCounters(operation));
}

/** A new device token and its PIN key, written in `commit`; only the token's sha256 is kept. */
function deviceToken(commit: Commit, deviceId: string, storeId: string): { token: string; pinKey: string } {
  const token = newToken("ctk");
  const pinKey = newPinKey();
  commit.token(tokenKey(token), {
    kind: "device",
    deviceId,
    storeId,
    createdAt: commit.at,
    revoked: false,
    pinKey,
  });
  return { token, pinKey };
}

async function byKey<V>(table: Table<V>, keys: string[]): Promise<Map<string, V>> {
  const values = await table.getMany(keys);
  const found = new Map<string, V>();
  keys.forEach((key, index) => {
    const value = values[index];
    if (value !== undefined) found.set(key, value);
  });
  return found;
}

/** The values an iterator gives, as dump records in batches of `dumpBatchSize`. */
async function* batchesOf<V>(
  values: AsyncIterable<V>,
  record: (value: V) => DumpRecord,
): AsyncGenerator<DumpRecord[]> {
  let batch: DumpRecord[] = [];
  for await (const value of values) {
    batch.push(record(value));
    if (batch.length < dumpBatchSize) continue;
    yield batch;
    batch = [];
  }
  if (batch.length > 0) yield batch;
}

/** The records an index of sequence number → key points at, in its order, in batches. */
async function* indexedBatches<V>(
  index: Table<string>,
  table: Table<V>,
  record: (value: V, sequence: number) => DumpRecord | undefined,
): AsyncGenerator<DumpRecord[]> {
  const iterator = index.iterator();
  try {
    for (;;) {
      const entries = await iterator.nextv(dumpBatchSize);
      if (entries.length === 0) return;
      const values = await table.getMany(entries.map(([, key]) => key));
      yield entries.flatMap(([key], position) => {
        const value = values[position];
        const made = value === undefined ? undefined : record(value, Number(key));
        return made === undefined ? [] : [made];
      });
    }
  } finally {
    await iterator.close();
  }
}
