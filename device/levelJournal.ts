/**
 * The journal (journal.ts) on LevelDB (`level`), in one database with the ticket cache and the
 * clerk store (levelStore.ts has the layout of all three). The journal opens and checks the
 * database and creates the other two over it: a decision that carries the server's ticket writes it
 * in the same batch as the verdict, so the cache never shows a ticket older than that verdict.
 *
 * Entries are sealed with a check and verified at every open (journalIntegrity.ts): damage found is
 * kept under `meta/damage` and stops redemption until the journal is replaced (docs/reliability.md).
 *
 * Every write that touches a redemption is one batch with `sync: true`, so after a crash either all
 * of it is on disk or none of it is. Open entries are also held in memory, whole (they are the sync
 * backlog, bounded by how long the kiosk is offline): `pendingUnits` is O(1) per scan, and deciding,
 * uploading and closing an open entry read nothing from disk — each LevelDB read would take a turn
 * of its small thread pool from the next scan's lookup and commit.
 */

import type { Redemption, Ticket } from "./domain.js";
import {
  type Attention,
  type Decision,
  isException,
  type Journal,
  type JournalEntry,
  type OpenEntry,
  type OwedReprint,
  type OwedSlip,
  type PendingSummary,
  type TicketContext,
  type VoidRecord,
} from "./journal.js";
import { JournalDamageError, seal, unseal, verifyJournal } from "./journalIntegrity.js";
import { LevelClerkStore } from "./levelClerkStore.js";
import { type JournalWrites, LevelStore, type StoreOperation, type SublevelName } from "./levelStore.js";
import { LevelTicketCache } from "./levelTicketCache.js";
import type { RedemptionResult } from "./ports/wire.js";
import { storeFormat } from "./storeFormat.js";
import { checkStore, type DamageReport, type IntegrityFinding } from "./storeIntegrity.js";

/** What `restore` did: ids put back, ids whose number another entry holds, what is still wrong. */
export interface RestoreOutcome {
  readonly restored: readonly string[];
  readonly taken: readonly string[];
  readonly remaining: readonly IntegrityFinding[];
}

/** An open entry as last written, kept in step with the `entries` sublevel by every write of it. */
interface OpenRecord {
  readonly entry: JournalEntry;
  readonly atMs: number;
  readonly counts: boolean;
}

const durable: JournalWrites = { sync: true };

/**
 * Verdicts stored per durable write. A batch of 200 in one write held the event loop for ~20 ms
 * (sealing 200 entries and preparing the ~1,600 operations of their entries, tickets and index
 * keys in one go; docs/performance.md, "Sync backlog, second round"); slices of 50 let the loop
 * run between them.
 */
const verdictsPerWrite = 50;
/**
 * 1: entries stored bare (before formats were recorded). 2: entries sealed with a check
 * (journalIntegrity.ts), the format and any damage found kept in `meta`. 3: the ticket cache in
 * this database stores tickets compact and its search index per order (ticketSnapshot.ts); a
 * program of format 2 would misread both, so it must refuse the store.
 */
export const journalFormat = 3;

/** Fixed-width keys sort numerically in LevelDB's byte order. */
function seqKey(seq: number): string {
  return seq.toString().padStart(16, "0");
}

export class LevelJournal implements Journal {
  /** The snapshot and the other stores' codes, in this journal's database. */
  readonly ticketCache: LevelTicketCache;
  /** The clerks and the login guard, in this journal's database. */
  readonly clerkStore: LevelClerkStore;
  private readonly store: LevelStore;
  private lastSeq = 0;
  private readonly openById = new Map<string, OpenRecord>();
  private readonly pendingByCode = new Map<string, number>();
  /** Units of voids not yet answered by the server, given back locally meanwhile. */
  private readonly voidedByCode = new Map<string, number>();
  private exceptionTotal = 0;
  private damage: DamageReport | undefined;

  constructor(
    private readonly location: string,
    private readonly now: () => Date = () => new Date(),
    writes: JournalWrites = durable,
  ) {
    this.store = new LevelStore(location, writes);
    this.ticketCache = new LevelTicketCache(this.store);
    this.clerkStore = new LevelClerkStore(this.store);
  }

  /** Opens, migrates an older format, and checks the whole journal; a newer format throws StoreFormatError. */
  async open(): Promise<void> {
    if (this.store.isOpen()) return;
    await this.store.open();
    try {
      await this.upgrade();
      await this.checkIntegrity();
    } catch (error) {
      await this.close();
      throw error;
    }
    await this.ticketCache.load();
    await this.clerkStore.load();
    this.lastSeq = ((await this.sub("meta").get("seq")) as number | undefined) ?? 0;
    // The newest entry's own key is the floor too, so a seq is never given twice.
    for await (const key of this.sub("order").keys({ reverse: true, limit: 1 }))
      this.lastSeq = Math.max(this.lastSeq, Number(key));
    // Damaged entries are left out here; the check above has listed them.
    for await (const id of this.sub("open").values()) {
      const entry = await this.intact(String(id));
      if (entry !== undefined) this.track(entry);
    }
    for await (const _key of this.sub("exceptions").keys()) this.exceptionTotal += 1;
    for await (const id of this.sub("voids").values()) {
      const entry = await this.intact(String(id));
      if (entry !== undefined) this.addVoided(entry, 1);
    }
  }

  /** What the integrity checks of this journal have found so far; undefined while it is intact. */
  integrity(): DamageReport | undefined {
    return this.damage;
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  nextSeq(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }

  /**
   * A failed write gives its sequence number back (redemptions are decided one at a time, so it is
   * still the last one handed out): numbers have no gaps, and a gap is damage (journalIntegrity.ts).
   */
  async recordIntent(redemption: Redemption, about?: TicketContext): Promise<void> {
    const key = seqKey(redemption.seq);
    const entry: JournalEntry = { redemption, disposition: "undecided", sync: "pending", ...about };
    try {
      await this.write([
        this.put("entries", redemption.id, seal(entry)),
        this.put("order", key, redemption.id),
        this.put("open", key, redemption.id),
        this.put("byTicket", `${redemption.ticketCode}|${key}`, redemption.id),
        this.put("meta", "seq", redemption.seq),
      ]);
    } catch (error) {
      if (this.lastSeq === redemption.seq) this.lastSeq -= 1;
      throw error;
    }
    this.track(entry);
  }

  async recordVoid(id: string, record: Omit<VoidRecord, "sync">): Promise<JournalEntry> {
    const entry = await this.require(id);
    const next: JournalEntry = { ...entry, void: { ...record, sync: "pending" } };
    await this.write([
      this.put("entries", id, seal(next)),
      this.put("voids", seqKey(entry.redemption.seq), id),
    ]);
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
    await this.ticketCache.writeTickets(
      ticket === undefined ? [] : [ticket],
      [this.put("entries", id, seal(next)), this.del("voids", seqKey(entry.redemption.seq))],
      "durable",
    );
    this.refresh(next);
    this.addVoided(entry, -1);
  }

  async openVoids(limit: number): Promise<JournalEntry[]> {
    const result: JournalEntry[] = [];
    for await (const id of this.sub("voids").values({ limit })) {
      const entry = await this.intact(String(id));
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
      const entry = await this.intact(String(id));
      if (entry !== undefined) result.push(entry);
    }
    return result;
  }

  async *newestEntries(): AsyncIterable<JournalEntry> {
    for await (const id of this.sub("order").values({ reverse: true })) {
      const entry = await this.intact(String(id));
      if (entry !== undefined) yield entry;
    }
  }

  /** Durably, with the slip it owes: 日結 counts reprints, and the slip is queued again after a crash. */
  async recordReprint(id: string, jobId: string, reprint: OwedReprint): Promise<void> {
    await this.write([this.put("reprints", `${reprint.at}|${id}`, id), this.owe(jobId, id, reprint)]);
  }

  async owedSlips(): Promise<OwedSlip[]> {
    const owed: OwedSlip[] = [];
    for await (const [jobId, slip] of this.sub("slips").iterator())
      owed.push({ jobId, ...(slip as Omit<OwedSlip, "jobId">) });
    return owed;
  }

  /**
   * Not synced: the job file is durable already, and a lost removal only queues the slip again at
   * the next start, which the queue ignores while that job is still waiting. The next durable
   * batch (the next redemption) carries the removal to disk with it.
   */
  async slipQueued(jobId: string): Promise<void> {
    await this.store.batch([this.del("slips", jobId)], "lazy");
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
    const slip = next.disposition === "redeemed" ? [this.owe(id, id, undefined)] : [];
    await this.writeEntries([next], ticket === undefined ? [] : [ticket], slip);
    return next;
  }

  /**
   * Stores the server's verdicts, in slices of `verdictsPerWrite`, each one durable write of its
   * entries with their tickets. A crash between slices leaves the later ones open: they are sent
   * again and come back `duplicate` with their first verdict, as after a crash before any write.
   */
  async applyResults(results: readonly RedemptionResult[]): Promise<void> {
    for (let from = 0; from < results.length; from += verdictsPerWrite)
      await this.applyResultSlice(results.slice(from, from + verdictsPerWrite));
  }

  private async applyResultSlice(results: readonly RedemptionResult[]): Promise<void> {
    const closedAt = this.now().toISOString();
    const updated: JournalEntry[] = [];
    const tickets: Ticket[] = [];
    for (const result of results) {
      // Only open entries are pending, and they are all in memory.
      const entry = this.openById.get(result.id)?.entry;
      if (entry === undefined) continue;
      const verdict = result.status === "duplicate" ? (result.original ?? "accepted") : result.status;
      const sync = verdict === "accepted" ? "acknowledged" : verdict;
      updated.push({
        ...entry,
        sync,
        reason: result.reason,
        conflictWith: result.conflictWith,
        closedAt,
        attention: undefined,
      });
      if (result.ticket !== undefined) tickets.push(result.ticket);
    }
    await this.writeEntries(updated, tickets);
  }

  async markAttention(id: string, attention: Attention): Promise<void> {
    const entry = this.openById.get(id)?.entry;
    if (entry === undefined || entry.attention?.detail === attention.detail) return;
    await this.writeEntries([{ ...entry, attention }], []);
  }

  async closeCancelled(id: string, ticket: Ticket | undefined): Promise<void> {
    const entry = await this.require(id);
    const closed: JournalEntry = {
      ...entry,
      sync: "cancelled",
      closedAt: this.now().toISOString(),
      attention: undefined,
    };
    await this.writeEntries([closed], ticket === undefined ? [] : [ticket]);
  }

  async abandonUndecided(): Promise<number> {
    const undecided: JournalEntry[] = [];
    for (const { entry } of this.openById.values())
      if (entry.disposition === "undecided") undecided.push({ ...entry, disposition: "abandoned" });
    await this.writeEntries(undecided, []);
    return undecided.length;
  }

  /**
   * Entries exported from another journal (`journal import`: a replaced kiosk's), written as they
   * were, with their own ids and sequence numbers, in one durable batch: open ones are uploaded
   * from here, and the central service answers a replay of one it already has as a duplicate.
   * Entries already here are skipped; a sequence number held by another entry refuses the import.
   */
  async importEntries(entries: readonly JournalEntry[]): Promise<{ imported: number; skipped: number }> {
    const fresh: JournalEntry[] = [];
    for (const entry of entries) {
      const { id, seq } = entry.redemption;
      if ((await this.sub("entries").get(id)) !== undefined) continue;
      const holder = await this.sub("order").get(seqKey(seq));
      if (holder !== undefined)
        throw new Error(`sequence number ${seq} of entry ${id} is taken here by entry ${String(holder)}`);
      fresh.push(entry);
    }
    await this.putEntries(fresh);
    return { imported: fresh.length, skipped: entries.length - fresh.length };
  }

  /**
   * `journal recover`: entries rebuilt from the central service's records of this device, put back
   * where the journal's own entry is gone or fails its check, under their own sequence numbers (a
   * number an intact entry holds is left alone and listed as `taken`). Then the journal is checked
   * again; when that finds nothing, the damage report is closed (kept as `meta/damageResolved`)
   * and the kiosk redeems again. `remaining`: what the new check still finds, not recoverable here.
   */
  async restore(entries: readonly JournalEntry[]): Promise<RestoreOutcome> {
    const lost: JournalEntry[] = [];
    const taken: string[] = [];
    for (const entry of entries) {
      const { id, seq } = entry.redemption;
      const stored = await this.sub("entries").get(id);
      if (stored !== undefined && typeof unseal(stored) !== "string") continue;
      const holder = await this.sub("order").get(seqKey(seq));
      if (holder !== undefined && holder !== id && (await this.intact(String(holder))) !== undefined) {
        taken.push(id);
        continue;
      }
      lost.push(entry);
    }
    await this.putEntries(lost);
    const remaining = await this.verify();
    const report = this.damage;
    if (remaining.length === 0 && report !== undefined) {
      const resolved = { ...report, resolvedAt: this.now().toISOString(), restored: lost.length };
      await this.write([this.put("meta", "damageResolved", resolved), this.del("meta", "damage")]);
      this.damage = undefined;
    }
    return { restored: lost.map((entry) => entry.redemption.id), taken, remaining };
  }

  /** Whole entries written as they are, with their index keys, in one durable batch; memory follows. */
  private async putEntries(entries: readonly JournalEntry[]): Promise<void> {
    const exceptions = this.sub("exceptions");
    const listed = await exceptions.getMany(entries.map((entry) => seqKey(entry.redemption.seq)));
    const lastSeq = Math.max(this.lastSeq, ...entries.map((entry) => entry.redemption.seq));
    const operations = entries.flatMap((entry) => {
      const { id, seq, ticketCode } = entry.redemption;
      const key = seqKey(seq);
      return [
        this.put("entries", id, seal(entry)),
        this.put("order", key, id),
        this.put("byTicket", `${ticketCode}|${key}`, id),
        entry.sync === "pending" ? this.put("open", key, id) : this.del("open", key),
        ...(isException(entry) ? [this.put("exceptions", key, id)] : []),
        ...(entry.void?.sync === "pending" ? [this.put("voids", key, id)] : []),
      ];
    });
    await this.write([...operations, this.put("meta", "seq", lastSeq)]);
    this.lastSeq = lastSeq;
    for (const [index, entry] of entries.entries()) {
      this.untrack(entry.redemption.id);
      if (entry.sync === "pending") this.track(entry);
      // A damaged entry put back may have been listed already (counted at open).
      if (isException(entry) && listed[index] === undefined) this.exceptionTotal += 1;
      if (entry.void?.sync === "pending") this.addVoided(entry, 1);
    }
  }

  /** An entry; one that fails its check throws JournalDamageError rather than pass for intact. */
  async get(id: string): Promise<JournalEntry | undefined> {
    const stored = await this.sub("entries").get(id);
    if (stored === undefined) return undefined;
    const entry = unseal(stored);
    if (typeof entry === "string") throw new JournalDamageError(`journal entry ${id} is damaged: ${entry}`);
    return entry;
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
      const entry = await this.intact(String(id));
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
      const entry = await this.intact(String(id));
      if (entry !== undefined) yield entry;
    }
  }

  /** Writes entries (and the tickets their answers carried) in one durable batch, then updates memory. */
  private async writeEntries(
    entries: readonly JournalEntry[],
    tickets: readonly Ticket[],
    slips: readonly ReturnType<LevelJournal["owe"]>[] = [],
  ): Promise<void> {
    if (entries.length === 0 && tickets.length === 0) return;
    const operations = [
      ...slips,
      ...entries.flatMap((entry) => {
        const key = seqKey(entry.redemption.seq);
        const put = this.put("entries", entry.redemption.id, seal(entry));
        // An open entry marked for attention is listed before it closes; it leaves the list when it
        // closes as anything but an exception.
        const listed = isException(entry)
          ? [this.put("exceptions", key, entry.redemption.id)]
          : this.wasException(entry.redemption.id)
            ? [this.del("exceptions", key)]
            : [];
        return entry.sync === "pending" ? [put, ...listed] : [put, this.del("open", key), ...listed];
      }),
    ];
    await this.ticketCache.writeTickets(tickets, operations, "durable");
    for (const entry of entries) {
      // Only open entries are written again, and they are all in memory: count the change.
      this.exceptionTotal += Number(isException(entry)) - Number(this.wasException(entry.redemption.id));
      this.untrack(entry.redemption.id);
      if (entry.sync === "pending") this.track(entry);
    }
  }

  /** Whether an open entry is listed as an exception as memory holds it, before a write. */
  private wasException(id: string): boolean {
    const entry = this.openById.get(id)?.entry;
    return entry !== undefined && isException(entry);
  }

  /**
   * Format 1 → 2: every entry sealed, in the batch that records the new format. 2 → 3: the ticket
   * cache's old index dropped and its download started again (levelTicketCache.ts
   * `startRebuild`) before the new format is recorded, so a crash between the two drops it again.
   */
  private async upgrade(): Promise<void> {
    const meta = this.sub("meta");
    const format = storeFormat(`the journal at ${this.location}`, await meta.get("format"), journalFormat);
    if (format === journalFormat) return;
    const operations = [];
    if (format < 2)
      for await (const [id, entry] of this.sub("entries").iterator())
        operations.push(this.put("entries", id, seal(entry as JournalEntry)));
    await this.ticketCache.startRebuild(format);
    await this.write([...operations, this.put("meta", "format", journalFormat)]);
  }

  /** Reads LevelDB's LOG of this open and checks every entry; new damage is kept durably. */
  private async checkIntegrity(): Promise<void> {
    this.damage = await checkStore(this.location, this.sub("meta"), () => this.verify(), this.now());
  }

  /** The journal's own check (journalIntegrity.ts), on what is on disk now. */
  private async verify() {
    // Read from the files, not LevelDB's cache (`fillCache`: classic-level's README); entries as
    // text, so one that is not JSON is one finding, not a failed scan.
    const uncached = { fillCache: false, limit: -1 };
    const raw = { ...uncached, valueEncoding: "utf8" } as const;
    const counter = await this.sub("meta").get("seq");
    return verifyJournal({
      entries: () => this.sub("entries").iterator<string, string>(raw),
      order: () => this.sub("order").iterator(uncached) as AsyncIterable<[string, string]>,
      open: () => this.sub("open").iterator(uncached) as AsyncIterable<[string, string]>,
      counter: () => (typeof counter === "number" ? counter : 0),
    });
  }

  /**
   * For lists and scans (export, history, the sync's voids): an entry that fails its check is left
   * out rather than thrown, so the rest still reads; the check at open lists it.
   */
  private async intact(id: string): Promise<JournalEntry | undefined> {
    return this.get(id).catch((error: unknown) => {
      if (error instanceof JournalDamageError) return undefined;
      throw error;
    });
  }

  private owe(jobId: string, redemptionId: string, reprint: OwedReprint | undefined) {
    return this.put("slips", jobId, reprint === undefined ? { redemptionId } : { redemptionId, reprint });
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

  private write(operations: readonly StoreOperation[]): Promise<void> {
    return this.store.batch(operations, "durable");
  }

  private sub(name: SublevelName) {
    return this.store.sub(name);
  }

  private put(name: SublevelName, key: string, value: unknown) {
    return this.store.put(name, key, value);
  }

  private del(name: SublevelName, key: string) {
    return this.store.del(name, key);
  }
}
