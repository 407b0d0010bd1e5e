/**
 * The journal on LevelDB (`level`). Layout, one sublevel each:
 * - `entries`  id → JournalEntry
 * - `order`    seq → id, every entry, for export oldest first
 * - `open`     seq → id, entries the central service has not closed yet
 * - `exceptions` seq → id, redemptions the server answered with a conflict or a rejection
 * - `byTicket` code + seq → id, entries of one ticket (詳細訂單內容)
 * - `voids`    seq → id, supervisors' voids the central service has not answered yet
 * - `reprints` time + id, for 日結
 * - `clerks`   id → Clerk, the store's clerks as last synced (PIN hashes only)
 * - `tickets`, `ticketIndex`, `products`: the local snapshot and its search index (ticketSnapshot.ts)
 * - `meta`     `seq` counter, `download` (cursor, snapshot time), `loginGuard` (wrong PINs): each
 *               its own key, so writers of one never carry a stale copy of another
 *
 * Every write that touches a redemption is one batch with `sync: true`, so after a crash either all
 * of it is on disk or none of it is. Open entries are also held in memory, whole (they are the sync
 * backlog, bounded by how long the kiosk is offline): `pendingUnits` is O(1) per scan, and deciding,
 * uploading and closing an open entry read nothing from disk — each LevelDB read would take a turn
 * of its small thread pool from the next scan's lookup and commit.
 */
import { Level } from "level";
import type { Clerk, RedemptionResult } from "../sync/wire.js";
import type { Redemption, Ticket } from "./domain.js";
import {
  type Decision,
  isException,
  type Journal,
  type JournalEntry,
  type LoginGuardState,
  type OpenEntry,
  type PendingSummary,
  type TicketContext,
  type VoidRecord,
} from "./journal.js";
import { TicketSnapshot } from "./ticketSnapshot.js";

type Db = Level<string, unknown>;
const sublevelNames = [
  "entries",
  "order",
  "open",
  "exceptions",
  "byTicket",
  "voids",
  "reprints",
  "clerks",
  "tickets",
  "ticketIndex",
  "products",
  "meta",
] as const;
type SublevelName = (typeof sublevelNames)[number];

function openSublevel(db: Db, name: SublevelName) {
  return db.sublevel<string, unknown>(name, { valueEncoding: "json" });
}
type Sublevels = Record<SublevelName, ReturnType<typeof openSublevel>>;

function sublevels(db: Db): Sublevels {
  return Object.fromEntries(sublevelNames.map((name) => [name, openSublevel(db, name)])) as Sublevels;
}

interface Download {
  cursor?: string;
  snapshotAtMs?: number;
}

const noGuard: LoginGuardState = { failures: 0, lockedUntilMs: 0, locks: 0 };

/** An open entry as last written, kept in step with the `entries` sublevel by every write of it. */
interface OpenRecord {
  readonly entry: JournalEntry;
  readonly atMs: number;
  readonly counts: boolean;
}

/**
 * How the journal's batches reach the disk. Only `sync: true` keeps a redemption through a power
 * cut; `sync: false` exists for the power-loss harness's negative control (`TK_TEST_UNSYNCED_JOURNAL`
 * in main.ts, docs/reliability.md), which must see such a journal lose acknowledged redemptions.
 */
export interface JournalWrites {
  readonly sync: boolean;
}
const durable: JournalWrites = { sync: true };
/** Tickets of a downloaded page per batch: building one (~1,500 operations) holds the event loop briefly. */
const pageSliceSize = 250;

/** Fixed-width keys sort numerically in LevelDB's byte order. */
function seqKey(seq: number): string {
  return seq.toString().padStart(16, "0");
}

export class LevelJournal implements Journal {
  private db: Db | undefined;
  private subs: Sublevels | undefined;
  private lastSeq = 0;
  private download: Download = {};
  private guard: LoginGuardState = noGuard;
  private readonly openById = new Map<string, OpenRecord>();
  private readonly pendingByCode = new Map<string, number>();
  /** Units of voids not yet answered by the server, given back locally meanwhile. */
  private readonly voidedByCode = new Map<string, number>();
  private exceptionTotal = 0;
  private clerkList: readonly Clerk[] = [];
  private snapshot: TicketSnapshot<ReturnType<typeof openSublevel>> | undefined;

  constructor(
    private readonly location: string,
    private readonly now: () => Date = () => new Date(),
    private readonly writes: JournalWrites = durable,
  ) {}

  async open(): Promise<void> {
    if (this.db !== undefined) return;
    const db: Db = new Level<string, unknown>(this.location, { valueEncoding: "json" });
    await db.open();
    this.db = db;
    this.subs = sublevels(db);
    this.snapshot = new TicketSnapshot(this.sub("tickets"), this.sub("ticketIndex"), this.sub("products"));
    const [seq, download, guard] = await this.sub("meta").getMany(["seq", "download", "loginGuard"]);
    this.lastSeq = (seq as number | undefined) ?? 0;
    this.download = (download as Download | undefined) ?? {};
    this.guard = (guard as LoginGuardState | undefined) ?? noGuard;
    // The newest entry's own key is the floor too, so a seq is never given twice.
    for await (const key of this.sub("order").keys({ reverse: true, limit: 1 }))
      this.lastSeq = Math.max(this.lastSeq, Number(key));
    for await (const id of this.sub("open").values()) {
      const entry = await this.get(String(id));
      if (entry !== undefined) this.track(entry);
    }
    for await (const _key of this.sub("exceptions").keys()) this.exceptionTotal += 1;
    for await (const id of this.sub("voids").values()) {
      const entry = await this.get(String(id));
      if (entry !== undefined) this.addVoided(entry, 1);
    }
    const clerks: Clerk[] = [];
    for await (const clerk of this.sub("clerks").values()) clerks.push(clerk as Clerk);
    this.clerkList = clerks;
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    this.subs = undefined;
    this.snapshot = undefined;
    await db?.close();
  }

  nextSeq(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }

  async recordIntent(redemption: Redemption, about?: TicketContext): Promise<void> {
    const key = seqKey(redemption.seq);
    const entry: JournalEntry = { redemption, disposition: "undecided", sync: "pending", ...about };
    await this.database().batch(
      [
        this.put("entries", redemption.id, entry),
        this.put("order", key, redemption.id),
        this.put("open", key, redemption.id),
        this.put("byTicket", `${redemption.ticketCode}|${key}`, redemption.id),
        this.put("meta", "seq", redemption.seq),
      ],
      this.writes,
    );
    this.track(entry);
  }

  async recordVoid(id: string, record: Omit<VoidRecord, "sync">): Promise<JournalEntry> {
    const entry = await this.require(id);
    const next: JournalEntry = { ...entry, void: { ...record, sync: "pending" } };
    await this.database().batch(
      [this.put("entries", id, next), this.put("voids", seqKey(entry.redemption.seq), id)],
      this.writes,
    );
    this.refresh(next);
    this.addVoided(next, 1);
    return next;
  }

  async closeVoid(
    id: string,
    outcome: "acknowledged" | "rejected",
    refusal: string | undefined,
    ticket: Ticket | undefined,
  ): Promise<void> {
    const entry = await this.require(id);
    if (entry.void === undefined || entry.void.sync !== "pending") return;
    const next: JournalEntry = { ...entry, void: { ...entry.void, sync: outcome, refusal } };
    const tickets = await this.ticketOperations(ticket === undefined ? [] : [ticket]);
    await this.database().batch(
      [this.put("entries", id, next), this.del("voids", seqKey(entry.redemption.seq)), ...tickets],
      this.writes,
    );
    this.refresh(next);
    this.addVoided(entry, -1);
  }

  async openVoids(limit: number): Promise<JournalEntry[]> {
    const result: JournalEntry[] = [];
    for await (const id of this.sub("voids").values({ limit })) {
      const entry = await this.get(String(id));
      if (entry !== undefined) result.push(entry);
    }
    return result;
  }

  async entriesOfTicket(code: string): Promise<JournalEntry[]> {
    const result: JournalEntry[] = [];
    for await (const id of this.sub("byTicket").values({
      gte: `${code}|`,
      lt: `${code}|\uffff`,
      reverse: true,
    })) {
      const entry = await this.get(String(id));
      if (entry !== undefined) result.push(entry);
    }
    return result;
  }

  async *newestEntries(): AsyncIterable<JournalEntry> {
    for await (const id of this.sub("order").values({ reverse: true })) {
      const entry = await this.get(String(id));
      if (entry !== undefined) yield entry;
    }
  }

  clerks(): readonly Clerk[] {
    return this.clerkList;
  }

  async storeClerks(clerks: readonly Clerk[]): Promise<void> {
    if (JSON.stringify(clerks) === JSON.stringify(this.clerkList)) return;
    const keep = new Set(clerks.map((clerk) => clerk.id));
    const gone = this.clerkList
      .filter((clerk) => !keep.has(clerk.id))
      .map((clerk) => this.del("clerks", clerk.id));
    await this.database().batch([...gone, ...clerks.map((clerk) => this.put("clerks", clerk.id, clerk))]);
    this.clerkList = [...clerks];
  }

  loginGuard(): LoginGuardState {
    return this.guard;
  }

  async saveLoginGuard(state: LoginGuardState): Promise<void> {
    this.guard = state;
    await this.database().batch([this.put("meta", "loginGuard", state)], this.writes);
  }

  async recordReprint(id: string, at: Date): Promise<void> {
    await this.database().batch([this.put("reprints", `${at.toISOString()}|${id}`, id)]);
  }

  async countReprints(from: Date, to: Date): Promise<number> {
    let count = 0;
    for await (const _key of this.sub("reprints").keys({ gte: from.toISOString(), lt: to.toISOString() }))
      count += 1;
    return count;
  }

  async decide(id: string, decision: Decision): Promise<JournalEntry> {
    const entry = await this.require(id);
    const closedAt = this.now().toISOString();
    const next: JournalEntry = (() => {
      switch (decision.kind) {
        case "accepted":
          return { ...entry, disposition: "redeemed", sync: "acknowledged", closedAt };
        case "refused":
          return { ...entry, disposition: "refused", sync: "rejected", reason: decision.reason, closedAt };
        case "offline_redeemed":
          return { ...entry, disposition: "redeemed", redemption: { ...entry.redemption, offline: true } };
        case "abandoned":
          return { ...entry, disposition: "abandoned" };
      }
    })();
    const ticket = decision.kind === "accepted" || decision.kind === "refused" ? decision.ticket : undefined;
    await this.writeEntries([next], ticket === undefined ? [] : [ticket]);
    return next;
  }

  async applyResults(results: readonly RedemptionResult[]): Promise<void> {
    const closedAt = this.now().toISOString();
    const updated: JournalEntry[] = [];
    const tickets: Ticket[] = [];
    for (const result of results) {
      // Only open entries are pending, and they are all in memory.
      const entry = this.openById.get(result.id)?.entry;
      if (entry === undefined) continue;
      const verdict = result.status === "duplicate" ? (result.original ?? "accepted") : result.status;
      const sync = verdict === "accepted" ? "acknowledged" : verdict;
      updated.push({ ...entry, sync, reason: result.reason, conflictWith: result.conflictWith, closedAt });
      if (result.ticket !== undefined) tickets.push(result.ticket);
    }
    await this.writeEntries(updated, tickets);
  }

  async closeCancelled(id: string, ticket: Ticket | undefined): Promise<void> {
    const entry = await this.require(id);
    const closed: JournalEntry = { ...entry, sync: "cancelled", closedAt: this.now().toISOString() };
    await this.writeEntries([closed], ticket === undefined ? [] : [ticket]);
  }

  async abandonUndecided(): Promise<number> {
    const undecided: JournalEntry[] = [];
    for (const { entry } of this.openById.values())
      if (entry.disposition === "undecided") undecided.push({ ...entry, disposition: "abandoned" });
    await this.writeEntries(undecided, []);
    return undecided.length;
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    return (await this.sub("entries").get(id)) as JournalEntry | undefined;
  }

  /**
   * Oldest first, from memory. Not a scan of the `open` sublevel: in a long backlog its first keys
   * are freshly deleted ones, which every new LevelDB iterator has to step over (18 ms a call with
   * 5,000 of them, docs/performance.md).
   */
  async openEntries(limit: number, skip: ReadonlySet<string> = new Set()): Promise<OpenEntry[]> {
    return [...this.openById.values()]
      .filter(({ entry }) => entry.disposition !== "undecided" && !skip.has(entry.redemption.id))
      .sort((a, b) => a.entry.redemption.seq - b.entry.redemption.seq)
      .slice(0, limit)
      .map(({ entry }) => ({
        redemption: entry.redemption,
        action: entry.disposition === "abandoned" ? "cancel" : "upload",
      }));
  }

  async exceptions(limit: number): Promise<JournalEntry[]> {
    const result: JournalEntry[] = [];
    for await (const id of this.sub("exceptions").values({ reverse: true, limit })) {
      const entry = await this.get(String(id));
      if (entry !== undefined) result.push(entry);
    }
    return result;
  }

  exceptionCount(): number {
    return this.exceptionTotal;
  }

  pendingSummary(): PendingSummary {
    // Open entries are tracked in journal order (a Map keeps its first insertion's place), so the
    // first has waited longest; the status bar asks often, and a week offline is thousands of them.
    const first = this.openById.values().next();
    return { count: this.openById.size, oldestAtMs: first.done ? undefined : first.value.atMs };
  }

  /** Units redeemed here that the snapshot does not include yet, less voids not yet answered. */
  pendingUnits(code: string): number {
    return (this.pendingByCode.get(code) ?? 0) - (this.voidedByCode.get(code) ?? 0);
  }

  async *entries(): AsyncIterable<JournalEntry> {
    for await (const id of this.sub("order").values()) {
      const entry = await this.get(String(id));
      if (entry !== undefined) yield entry;
    }
  }

  getTicket(code: string): Promise<Ticket | undefined> {
    return this.snapshotStore().get(code);
  }

  getTickets(codes: readonly string[]): Promise<(Ticket | undefined)[]> {
    return this.snapshotStore().getMany(codes);
  }

  indexKeys(range: { gte: string; lt: string; limit?: number; reverse?: boolean }): AsyncIterable<string> {
    return this.snapshotStore().keys(range);
  }

  ticketsFrom(prefix: string): AsyncIterable<Ticket> {
    return this.snapshotStore().from(prefix);
  }

  productNames(): Promise<string[]> {
    return this.snapshotStore().productNames();
  }

  async cacheTickets(tickets: readonly Ticket[]): Promise<void> {
    await this.database().batch(await this.ticketOperations(tickets));
  }

  /**
   * A page is written a slice at a time, so its encoding never holds the event loop (the screen)
   * for long; the cursor goes in the last slice's batch. The slices are written in order, so after a
   * crash the stored cursor is still the one that came with every ticket stored before it; slices of
   * a page whose cursor was lost are downloaded again, and storing a ticket twice changes nothing.
   */
  async storeTicketPage(
    tickets: readonly Ticket[],
    cursor: string,
    complete: boolean,
    at: Date,
  ): Promise<void> {
    let rest = tickets;
    for (; rest.length > pageSliceSize; rest = rest.slice(pageSliceSize))
      await this.database().batch(await this.ticketOperations(rest.slice(0, pageSliceSize)));
    const operations = await this.ticketOperations(rest);
    const download = { ...this.download, cursor, ...(complete ? { snapshotAtMs: at.getTime() } : {}) };
    await this.database().batch([...operations, this.put("meta", "download", download)]);
    this.download = download;
  }

  cursor(): string | undefined {
    return this.download.cursor;
  }

  snapshotAtMs(): number | undefined {
    return this.download.snapshotAtMs;
  }

  /** Writes entries (and the tickets their answers carried) in one durable batch, then updates memory. */
  private async writeEntries(entries: readonly JournalEntry[], tickets: readonly Ticket[]): Promise<void> {
    if (entries.length === 0 && tickets.length === 0) return;
    const operations = [
      ...entries.flatMap((entry) => {
        const key = seqKey(entry.redemption.seq);
        const put = this.put("entries", entry.redemption.id, entry);
        if (entry.sync === "pending") return [put];
        return isException(entry)
          ? [put, this.del("open", key), this.put("exceptions", key, entry.redemption.id)]
          : [put, this.del("open", key)];
      }),
      ...(await this.ticketOperations(tickets)),
    ];
    await this.database().batch(operations, this.writes);
    for (const entry of entries) {
      // Only pending entries are written again, so an exception is counted once.
      if (isException(entry)) this.exceptionTotal += 1;
      this.untrack(entry.redemption.id);
      if (entry.sync === "pending") this.track(entry);
    }
  }

  private ticketOperations(tickets: readonly Ticket[]) {
    return this.snapshotStore().operations(tickets);
  }

  private snapshotStore() {
    if (this.snapshot === undefined) throw new Error("journal is not open");
    return this.snapshot;
  }

  private addVoided(entry: JournalEntry, sign: 1 | -1): void {
    const code = entry.redemption.ticketCode;
    const units = (this.voidedByCode.get(code) ?? 0) + sign * entry.redemption.quantity;
    if (units > 0) this.voidedByCode.set(code, units);
    else this.voidedByCode.delete(code);
  }

  /**
   * Undecided and redeemed entries count against the ticket until the server closes them: an
   * undecided intent may already have been accepted, so counting it errs on the side of the shop.
   */
  private track(entry: JournalEntry): void {
    const { id, ticketCode, quantity, redeemedAt } = entry.redemption;
    const counts = entry.disposition === "undecided" || entry.disposition === "redeemed";
    this.openById.set(id, { entry, atMs: Date.parse(redeemedAt), counts });
    if (counts) this.pendingByCode.set(ticketCode, this.pendingUnits(ticketCode) + quantity);
  }

  private untrack(id: string): void {
    const record = this.openById.get(id);
    if (record === undefined) return;
    this.openById.delete(id);
    if (!record.counts) return;
    const { ticketCode, quantity } = record.entry.redemption;
    const left = this.pendingUnits(ticketCode) - quantity;
    if (left > 0) this.pendingByCode.set(ticketCode, left);
    else this.pendingByCode.delete(ticketCode);
  }

  /** An open entry rewritten without changing its disposition or sync (a void): memory follows. */
  private refresh(entry: JournalEntry): void {
    const record = this.openById.get(entry.redemption.id);
    if (record !== undefined) this.openById.set(entry.redemption.id, { ...record, entry });
  }

  /** An open entry from memory, any other from disk. */
  private async require(id: string): Promise<JournalEntry> {
    const entry = this.openById.get(id)?.entry ?? (await this.get(id));
    if (entry === undefined) throw new Error(`journal has no entry ${id}`);
    return entry;
  }

  private database(): Db {
    if (this.db === undefined) throw new Error("journal is not open");
    return this.db;
  }

  private sub(name: SublevelName) {
    if (this.subs === undefined) throw new Error("journal is not open");
    return this.subs[name];
  }

  private put(name: SublevelName, key: string, value: unknown) {
    return { type: "put" as const, sublevel: this.sub(name), key, value };
  }

  private del(name: SublevelName, key: string) {
    return { type: "del" as const, sublevel: this.sub(name), key };
  }
}
