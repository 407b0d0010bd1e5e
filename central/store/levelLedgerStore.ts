/**
 * The ledger's store on LevelDB (centralStore.ts), the embedded default: one process holds the
 * directory, so what makes a read, a judgement and a write one step is an in-process lock per key
 * (keyedMutex.ts), taken in one order everywhere, import < redemption:<id> < ticket:<code>, so no
 * two callers wait on each other in a circle:
 * - `redemption:<id>`: one request at a time per id, so concurrent retries of one redemption get
 *   one record and one `duplicate`, and an `abandoned` void cannot slip a tombstone under an
 *   upload of the same id that is being judged;
 * - `ticket:<code>`: read, judge and write one ticket's redemption at a time, so two kiosks racing
 *   online for its last unit get exactly one `accepted`; an import holds the locks of its tickets;
 * - `import`: one import at a time (stores, clerks and orders are only written by imports).
 */
import type { PinGuard } from "../../device/pinLockout.js";
import type { DamageReport } from "../../device/storeIntegrity.js";
import { CentralStore } from "../centralStore.js";
import type { ImportCheck, ImportDocument } from "../importDocument.js";
import type { ClerkRecord, CurrentRecords, StoreRecord, TicketRecord } from "../importPlan.js";
import { KeyedMutex } from "../keyedMutex.js";
import type { RedemptionRecord } from "../redemptionRecord.js";
import type {
  ConsoleData,
  RedemptionQuery,
  RefusedUpload,
  RefusedUploadPage,
  RefusedUploadQuery,
  Resolution,
  SequencedPage,
  TicketSearch,
  TicketSearchPage,
} from "./consoleData.js";
import type { ConsoleStore } from "./consoleStore.js";
import type { DumpRecord, Loaded } from "./dumpRecord.js";
import type {
  DeviceTokenRecord,
  FeedPosition,
  HeartbeatRecord,
  Imported,
  LedgerStore,
  PairingClaim,
  PairingCodeRecord,
  RecordFilter,
  Redeemed,
  RedemptionsPage,
  TicketsPage,
  TokenRecord,
  UploadJudge,
  UploadKey,
  VoidDecision,
  Voided,
  VoidState,
} from "./ledgerStore.js";
import { LevelConsoleStore } from "./levelConsoleStore.js";
import { isClaimable } from "./pairingCodes.js";
import { matchesFilter } from "./recordFilter.js";
import { matchesQuery, matchesRefusedUpload } from "./redemptionQuery.js";
import { matchesTicketSearch } from "./ticketQuery.js";

/**
 * The tickets one page of a search by phone or name looks at, at most: LevelDB keeps no index of
 * them, so such a search is a scan in code order that stops here and says where to go on
 * (docs/performance.md has its time at 100,000 tickets).
 */
const maxScannedPerSearch = 50_000;

export class LevelLedgerStore implements LedgerStore, ConsoleData {
  private readonly store: CentralStore;
  private readonly locks = new KeyedMutex();
  /**
   * Each store's ticket count for a first download's total, counted once (a pass over every
   * ticket) rather than once per kiosk; an import, the only change to which tickets a store has,
   * clears it.
   */
  private readonly storeTicketCounts = new Map<string, Promise<number>>();

  constructor(location: string, now: () => Date = () => new Date()) {
    this.store = new CentralStore(location, now);
  }

  open(): Promise<void> {
    return this.store.open();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  integrity(): DamageReport | undefined {
    return this.store.integrity();
  }

  /** The LevelDB is this process's own: open is all it takes to serve. */
  async ping(): Promise<void> {
    this.store.assertOpen();
  }

  findToken(token: string): Promise<TokenRecord | undefined> {
    return this.store.findToken(token);
  }

  /** The tokens are in this process's memory already, and this process is the store's only one. */
  findUploadToken(token: string): Promise<TokenRecord | undefined> {
    return this.store.findToken(token);
  }

  issueToken(deviceId: string, storeId: string): Promise<{ token: string; pinKey: string }> {
    return this.store.issueToken(deviceId, storeId);
  }

  issueAdminToken(): Promise<string> {
    return this.store.issueAdminToken();
  }

  revokeDevice(deviceId: string): Promise<number> {
    return this.store.revokeDevice(deviceId);
  }

  revokeAdminTokens(): Promise<number> {
    return this.store.revokeAdminTokens();
  }

  deviceTokens(): Promise<DeviceTokenRecord[]> {
    return this.store.deviceTokens();
  }

  putHeartbeat(record: HeartbeatRecord): Promise<void> {
    return this.store.putHeartbeat(record);
  }

  getHeartbeat(deviceId: string): Promise<HeartbeatRecord | undefined> {
    return this.store.getHeartbeat(deviceId);
  }

  heartbeats(): Promise<HeartbeatRecord[]> {
    return this.store.heartbeats();
  }

  getStore(id: string): Promise<StoreRecord | undefined> {
    return this.store.getStore(id);
  }

  storeIds(): Promise<Set<string>> {
    return this.store.storeIds();
  }

  getClerk(id: string): Promise<ClerkRecord | undefined> {
    return this.store.getClerk(id);
  }

  clerksOfStore(storeId: string): Promise<ClerkRecord[]> {
    return this.store.clerksOfStore(storeId);
  }

  getTicket(code: string): Promise<TicketRecord | undefined> {
    return this.store.getTicket(code);
  }

  ticketsOfStoreSince(storeId: string, afterRev: number, limit: number): Promise<TicketsPage> {
    return this.store.storeTicketsSince(storeId, afterRev, limit);
  }

  ticketsOfOtherStoresSince(storeId: string, afterRev: number, limit: number): Promise<TicketsPage> {
    return this.store.otherStoreTicketsSince(storeId, afterRev, limit);
  }

  countTicketsOfStore(storeId: string): Promise<number> {
    let count = this.storeTicketCounts.get(storeId);
    if (count === undefined) {
      count = this.store.countStoreTickets(storeId);
      this.storeTicketCounts.set(storeId, count);
      count.catch(() => this.storeTicketCounts.delete(storeId));
    }
    return count;
  }

  redemptionsSince(afterSeq: number, limit: number, filter: RecordFilter): Promise<RedemptionsPage> {
    return this.store.redemptionsSince(afterSeq, limit, matchesFilter(filter));
  }

  exceptionsSince(afterSeq: number, limit: number, filter: RecordFilter): Promise<RedemptionsPage> {
    return this.store.exceptionsSince(afterSeq, limit, matchesFilter(filter));
  }

  redemptionsOfTicket(code: string): Promise<RedemptionRecord[]> {
    return this.store.redemptionsOfTicket(code);
  }

  redeem(upload: UploadKey, judge: UploadJudge): Promise<Redeemed> {
    const { id, ticketCode } = upload;
    return this.locks.runAll([`redemption:${id}`, `ticket:${ticketCode}`], async () => {
      const state = await this.store.uploadState(upload);
      // The ticket lock keeps the history still while the judge reads it.
      const verdict = await judge(state, (limit, include) =>
        this.store.latestOfTicket(ticketCode, limit, include),
      );
      const { write } = verdict;
      if (write === undefined) return { verdict, ticket: state.ticket?.ticket };
      const ticket =
        write.replaces === undefined
          ? await this.store.recordRedemption(write.record, write.unitsDelta)
          : await this.store.replaceRedemption(write.record, write.unitsDelta);
      return { verdict, ticket };
    });
  }

  void<T>(
    id: string,
    clerkId: string | undefined,
    decide: (state: VoidState) => Promise<VoidDecision<T>> | VoidDecision<T>,
  ): Promise<Voided<T>> {
    return this.locks.run(`redemption:${id}`, async () => {
      const [stored, tombstone, clerk] = await Promise.all([
        this.store.getRedemption(id),
        this.store.getTombstone(id),
        clerkId === undefined ? undefined : this.store.getClerk(clerkId),
      ]);
      const { outcome, write } = await decide({ stored, tombstone, clerk });
      if (write?.kind === "tombstone") await this.store.putTombstone(write.tombstone);
      if (stored === undefined) return { outcome, ticket: undefined };
      const code = stored.redemption.ticketCode;
      const ticket =
        write?.kind === "void"
          ? await this.locks.run(`ticket:${code}`, () => this.store.voidRedemption(stored, write.mark))
          : (await this.store.getTicket(code))?.ticket;
      return { outcome, ticket };
    });
  }

  import(
    check: (knownStoreIds: ReadonlySet<string>) => ImportCheck,
    onWritten?: (tickets: number) => void,
  ): Promise<Imported> {
    return this.locks.run("import", async () => {
      const checked = check(await this.store.storeIds());
      if (!checked.ok) return { check: checked };
      const codes = checked.document.orders.flatMap((order) =>
        order.tickets.map((ticket) => `ticket:${ticket.code}`),
      );
      const summary = await this.locks.runAll(codes, () =>
        this.store.applyImport(checked.document, onWritten),
      );
      this.storeTicketCounts.clear();
      return { check: checked, summary };
    });
  }

  // The void PIN's guard: one process holds the folder, so a lock per guard makes an update one step.

  voidPinGuard(deviceId: string, clerkId: string): Promise<PinGuard> {
    return this.store.getVoidPinGuard(voidPinGuardKey(deviceId, clerkId));
  }

  updateVoidPinGuard(
    deviceId: string,
    clerkId: string,
    change: (held: PinGuard) => PinGuard,
  ): Promise<PinGuard> {
    const key = voidPinGuardKey(deviceId, clerkId);
    return this.locks.run(`void-pin:${key}`, async () => {
      const guard = change(await this.store.getVoidPinGuard(key));
      await this.store.putVoidPinGuard(key, guard);
      return guard;
    });
  }
  // Dump and restore (store/dumpRecord.ts).

  dump(): AsyncIterable<DumpRecord[]> {
    return this.store.dump();
  }

  /** Batch by batch, each durable: one cut off leaves a store that is not empty (docs/central.md). */
  load(batches: AsyncIterable<readonly DumpRecord[]>, onLoaded?: (records: number) => void): Promise<Loaded> {
    return this.locks.run("import", async () => {
      if (!(await this.store.isEmpty())) return { kind: "not_empty" };
      let records = 0;
      for await (const batch of batches) {
        await this.store.loadBatch(batch);
        records += batch.length;
        onLoaded?.(records);
      }
      this.storeTicketCounts.clear();
      return { kind: "loaded", records };
    });
  }

  feedAt(rev: number): Promise<FeedPosition> {
    return this.store.feedAt(rev);
  }
  putPairingCode(code: string, record: PairingCodeRecord): Promise<void> {
    return this.store.putPairingCode(code, record);
  }

  /** One claim of a code at a time: the second finds it used. */
  claimPairingCode(code: string, at: Date): Promise<PairingClaim> {
    return this.locks.run(`pairing:${code}`, async () => {
      const record = await this.store.getPairingCode(code);
      if (record === undefined || !isClaimable(record, at)) return { kind: "refused" };
      const issued = await this.store.spendPairingCode(code, record, at);
      return { kind: "paired", deviceId: record.deviceId, storeId: record.storeId, ...issued };
    });
  }

  consoleStore(): ConsoleStore {
    return new LevelConsoleStore(() => this.store.database());
  }

  // --- The console's reads (consoleData.ts): scans of the arrival index, newest first ---

  async findRedemptions(
    query: RedemptionQuery,
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<SequencedPage> {
    const include = matchesQuery(query);
    const records: SequencedPage["records"] = [];
    for await (const found of this.store.redemptionsNewestFirst(beforeSeq)) {
      if (!include(found.record, found.productName, found.resolution !== undefined)) continue;
      if (records.length === limit) return { records, hasMore: true };
      records.push(found);
    }
    return { records, hasMore: false };
  }

  async countRedemptions(query: RedemptionQuery): Promise<number> {
    const include = matchesQuery(query);
    let count = 0;
    for await (const { record, productName, resolution } of this.store.redemptionsNewestFirst(undefined)) {
      if (include(record, productName, resolution !== undefined)) count += 1;
    }
    return count;
  }

  getRedemption(id: string): Promise<RedemptionRecord | undefined> {
    return this.store.getRedemption(id);
  }

  async refusedUploads(
    query: RefusedUploadQuery,
    beforeId: string | undefined,
    limit: number,
  ): Promise<RefusedUploadPage> {
    const uploads: RefusedUploadPage["uploads"] = [];
    for await (const found of this.store.refusedUploadsNewestFirst(beforeId)) {
      if (!matchesRefusedUpload(query, found)) continue;
      if (uploads.length === limit) return { uploads, hasMore: true };
      uploads.push(found);
    }
    return { uploads, hasMore: false };
  }

  async countRefusedUploads(query: RefusedUploadQuery): Promise<number> {
    let count = 0;
    for await (const found of this.store.refusedUploadsNewestFirst(undefined)) {
      if (matchesRefusedUpload(query, found)) count += 1;
    }
    return count;
  }

  getRefusedUpload(id: string): Promise<RefusedUpload | undefined> {
    return this.store.getRefusedUpload(id);
  }

  recordRefusedUpload(upload: Omit<RefusedUpload, "id">): Promise<RefusedUpload> {
    return this.store.recordRefusedUpload(upload);
  }

  resolve(id: string, resolution: Resolution): Promise<boolean> {
    return this.locks.run(`resolution:${id}`, () => this.store.resolve(id, resolution));
  }

  getResolution(id: string): Promise<Resolution | undefined> {
    return this.store.getResolution(id);
  }

  async searchTickets(
    search: TicketSearch,
    storeIds: readonly string[] | undefined,
    afterCode: string | undefined,
    limit: number,
  ): Promise<TicketSearchPage> {
    const include = matchesTicketSearch(search, storeIds);
    const after = afterCode === undefined ? {} : { gt: afterCode };
    const candidates =
      search.kind === "order"
        ? this.ticketsOfOrder(search.term, afterCode)
        : this.store.ticketsInRange(
            search.kind === "code" ? { gte: search.term, ...after, lt: `${search.term}\uffff` } : after,
          );
    const tickets: TicketRecord[] = [];
    let scanned = 0;
    for await (const record of candidates) {
      if (scanned === maxScannedPerSearch) return { tickets, next: afterCode };
      scanned += 1;
      if (include(record.ticket)) {
        if (tickets.length === limit) return { tickets, next: afterCode };
        tickets.push(record);
      }
      afterCode = record.ticket.code;
    }
    return { tickets, next: undefined };
  }

  private async *ticketsOfOrder(
    orderNumber: string,
    afterCode: string | undefined,
  ): AsyncGenerator<TicketRecord> {
    const order = await this.store.getOrder(orderNumber);
    const codes = [...(order?.ticketCodes ?? [])]
      .filter((code) => afterCode === undefined || code > afterCode)
      .sort();
    for (const code of codes) {
      const record = await this.store.getTicket(code);
      if (record !== undefined) yield record;
    }
  }

  heldFor(document: ImportDocument): Promise<CurrentRecords> {
    return this.store.heldFor(document);
  }

  /** Under the `import` lock: clerks are otherwise written only by imports. */
  setClerkPin(id: string, pinHash: string): Promise<ClerkRecord | undefined> {
    return this.locks.run("import", () => this.store.setClerkPin(id, pinHash));
  }

  setClerkDisabled(id: string, disabled: boolean): Promise<boolean> {
    return this.locks.run("import", () => this.store.setClerkDisabled(id, disabled));
  }

  disabledClerkIds(): Promise<ReadonlySet<string>> {
    return this.store.disabledClerkIds();
  }

  deviceNames(): Promise<Map<string, string>> {
    return this.store.deviceNames();
  }

  setDeviceName(deviceId: string, name: string): Promise<void> {
    return this.store.setDeviceName(deviceId, name);
  }

  moveDevice(deviceId: string, storeId: string): Promise<number> {
    return this.store.moveDevice(deviceId, storeId);
  }
}

/** NUL between device and clerk: neither id holds it. */
const voidPinGuardKey = (deviceId: string, clerkId: string): string => `${deviceId}\u0000${clerkId}`;
