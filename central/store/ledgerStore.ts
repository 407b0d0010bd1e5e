/**
 * The central service's store as the ledger needs it (ledger.ts, adminView.ts), in the ledger's
 * terms: a port with two adapters, LevelDB embedded in one process (levelLedgerStore.ts) and
 * PostgreSQL shared by several (pgLedgerStore.ts), that pass one contract suite
 * (test/helpers/ledgerStoreContract.ts). Types only: the ledger and the adapters import it, neither
 * imports the other.
 *
 * Where a verdict depends on what is held (an upload, a void, an import), the ledger hands the
 * adapter its pure rule as a callback, and the adapter applies it inside whatever makes the read,
 * the judgement and the write one step: LevelDB's in-process locks, or a PostgreSQL transaction
 * that holds the redemption id's lock and the ticket's row. So the rules (judgeUpload.ts,
 * judgeVoid.ts, importPlan.ts) stay pure and shared, and correctness does not depend on the
 * number of central processes (docs/central.md).
 *
 * Nothing ever deletes a redemption record or a tombstone: their ids are idempotency keys, kept for
 * good (docs/protocol.md).
 */
import type { Ticket } from "../../device/domain.js";
import type { Heartbeat } from "../../device/ports/wire.js";
import type { DamageReport } from "../../device/storeIntegrity.js";
import type { ImportCheck } from "../importDocument.js";
import type { ClerkRecord, ImportSummary, StoreRecord, TicketRecord } from "../importPlan.js";
import type { UploadVerdict } from "../judgeUpload.js";
import type { RedemptionRecord, VoidMark } from "../redemptionRecord.js";
import type { RefusedUpload } from "./consoleData.js";

export interface DeviceTokenRecord {
  readonly kind: "device";
  readonly deviceId: string;
  readonly storeId: string;
  readonly createdAt: string;
  readonly revoked: boolean;
  /**
   * The device's PIN key (`ckp_…`, device/pinVerifier.ts), made with the token and shown once beside
   * it: clerks' PIN verifiers reach the device sealed under it. Absent on tokens made before it.
   */
  readonly pinKey?: string;
}

/** A back office's token: the `/v1/admin/` routes, no store scope. */
export interface AdminTokenRecord {
  readonly kind: "admin";
  readonly createdAt: string;
  readonly revoked: boolean;
}

export type TokenRecord = DeviceTokenRecord | AdminTokenRecord;

/** A device's last heartbeat, with the server's time of receipt. */
export interface HeartbeatRecord {
  readonly deviceId: string;
  readonly storeId: string;
  readonly lastSeenAt: string;
  readonly status: Heartbeat;
  /** The address the heartbeat came from, as the central saw it (for the console's 裝置). */
  readonly address?: string;
}

/** An id a device cancelled before the server ever saw it (a void with reason `abandoned`). */
export interface TombstoneRecord {
  readonly id: string;
  readonly deviceId: string;
  readonly storeId: string;
  readonly at: string;
  readonly receivedAt: string;
}

/** What an upload of one redemption is judged on. */
export interface UploadState {
  readonly existing: RedemptionRecord | undefined;
  readonly tombstone: TombstoneRecord | undefined;
  readonly ticket: TicketRecord | undefined;
  /** The clerk the redemption names, when the server holds one by that id. */
  readonly clerk: ClerkRecord | undefined;
}

export interface TicketsPage {
  readonly tickets: Ticket[];
  /** The last rev scanned, whether or not its ticket was included. */
  readonly lastRev: number;
  readonly hasMore: boolean;
}

export interface RedemptionsPage {
  readonly redemptions: RedemptionRecord[];
  /** The last arrival sequence number scanned, whether or not its record was included. */
  readonly lastSeq: number;
  readonly hasMore: boolean;
}

/** Which records a page of redemptions or exceptions holds; every field absent = all. */
export interface RecordFilter {
  readonly storeId?: string;
  readonly deviceId?: string;
  /** Only records the server received at or after this instant. */
  readonly receivedSince?: string;
}

/** One upload's keys: what the adapter reads and locks before the judge sees it. */
export interface UploadKey {
  readonly id: string;
  readonly ticketCode: string;
  readonly clerkId: string | undefined;
}

/**
 * The last `limit` records of the upload's ticket that `include` accepts, oldest first, read in
 * the same step as the judgement (a conflict names them, judgeUpload.ts `nameConflict`).
 */
export type TicketHistory = (
  limit: number,
  include: (record: RedemptionRecord) => boolean,
) => Promise<RedemptionRecord[]>;

export type UploadJudge = (state: UploadState, history: TicketHistory) => Promise<UploadVerdict>;

export interface Redeemed {
  readonly verdict: UploadVerdict;
  /** The ticket after the verdict's write (as held, when nothing was written); undefined if unknown. */
  readonly ticket: Ticket | undefined;
}

/** What a void is judged on: the record under the id, its tombstone, the clerk the request names. */
export interface VoidState {
  readonly stored: RedemptionRecord | undefined;
  readonly tombstone: TombstoneRecord | undefined;
  readonly clerk: ClerkRecord | undefined;
}

export type VoidWrite =
  /** Marks the stored record voided and gives its units back to its ticket. */
  | { readonly kind: "void"; readonly mark: VoidMark }
  /** Records an id the device cancelled before the server saw it. */
  | { readonly kind: "tombstone"; readonly tombstone: TombstoneRecord };

export interface VoidDecision<T> {
  readonly outcome: T;
  readonly write?: VoidWrite;
}

export interface Voided<T> {
  readonly outcome: T;
  /** The stored record's ticket after the decision; undefined when there is no record or ticket. */
  readonly ticket: Ticket | undefined;
}

/** An import checked against the stores held in the same step as its write. */
export type Imported =
  | { readonly check: Extract<ImportCheck, { ok: false }> }
  | { readonly check: Extract<ImportCheck, { ok: true }>; readonly summary: ImportSummary };

export interface LedgerStore {
  /** Opens (and for PostgreSQL migrates) the store. Idempotent. */
  open(): Promise<void>;
  /** Waits for the writes in flight, then closes. Idempotent. */
  close(): Promise<void>;
  /** What the integrity check at open found; undefined while intact or where the database keeps its own. */
  integrity(): DamageReport | undefined;

  findToken(token: string): Promise<TokenRecord | undefined>;
  /**
   * Makes a device token and its PIN key. Only the token's sha256 is kept, so the token is shown
   * once and never again; the key is kept, to seal the store's PIN verifiers for this device.
   */
  issueToken(deviceId: string, storeId: string): Promise<{ token: string; pinKey: string }>;
  issueAdminToken(): Promise<string>;
  /** Revokes every token of a device; how many were still live. */
  revokeDevice(deviceId: string): Promise<number>;
  revokeAdminTokens(): Promise<number>;
  deviceTokens(): Promise<DeviceTokenRecord[]>;

  /** Keeps a device's last heartbeat; may skip the fsync: the next heartbeat replaces a lost one. */
  putHeartbeat(record: HeartbeatRecord): Promise<void>;
  /** A device's last heartbeat: when the server last heard from it (judgeUpload.ts's bounds). */
  getHeartbeat(deviceId: string): Promise<HeartbeatRecord | undefined>;
  heartbeats(): Promise<HeartbeatRecord[]>;

  getStore(id: string): Promise<StoreRecord | undefined>;
  storeIds(): Promise<Set<string>>;
  getClerk(id: string): Promise<ClerkRecord | undefined>;
  clerksOfStore(storeId: string): Promise<ClerkRecord[]>;
  getTicket(code: string): Promise<TicketRecord | undefined>;

  /**
   * The store's tickets (naming it, or no store) changed after `afterRev`, in rev order. A page
   * never holds a rev above one still being written, so a cursor never passes a change.
   */
  ticketsOfStoreSince(storeId: string, afterRev: number, limit: number): Promise<TicketsPage>;
  /** Tickets naming stores that do not include `storeId`, changed after `afterRev`. */
  ticketsOfOtherStoresSince(storeId: string, afterRev: number, limit: number): Promise<TicketsPage>;
  /** How many tickets `ticketsOfStoreSince(storeId, 0, …)` pages through: a first download's total. */
  countTicketsOfStore(storeId: string): Promise<number>;

  /** Records in the order the server received them, after arrival number `afterSeq`. */
  redemptionsSince(afterSeq: number, limit: number, filter: RecordFilter): Promise<RedemptionsPage>;
  /** Like `redemptionsSince`, over the exceptions only (judgeUpload.ts `isException`). */
  exceptionsSince(afterSeq: number, limit: number, filter: RecordFilter): Promise<RedemptionsPage>;
  /** The records of one ticket in the order the server received them. */
  redemptionsOfTicket(code: string): Promise<RedemptionRecord[]>;

  /**
   * Judges one upload on what is held and stores the verdict's write, as one step against every
   * other upload, void or import of the same id or ticket, in this process or another. Uploads
   * of one ticket from one process are judged in call order.
   */
  redeem(upload: UploadKey, judge: UploadJudge): Promise<Redeemed>;
  /**
   * Decides a void of `id` on what is held and applies its write, as one step like `redeem`. The
   * decision may wait (a PIN's verifier), holding the id meanwhile, never the ticket.
   */
  void<T>(
    id: string,
    clerkId: string | undefined,
    decide: (state: VoidState) => Promise<VoidDecision<T>> | VoidDecision<T>,
  ): Promise<Voided<T>>;
  /**
   * Checks an import against the stores held and, when it passes, applies it in durable batches of
   * whole orders (about 1,000 tickets each), telling `onWritten` the tickets written so far after
   * each; one import at a time. Entries equal to what is held keep their rev; changed tickets keep
   * their kiosk units. An import cut off between batches keeps the batches written, and the same
   * import again writes the rest (docs/protocol.md, import).
   */
  import(
    check: (knownStoreIds: ReadonlySet<string>) => ImportCheck,
    onWritten?: (tickets: number) => void,
  ): Promise<Imported>;

  // --- Kept for the web console's 例外清單 (consoleData.ts) ---

  /** Keeps an upload refused whole; its id is the server's time of receipt, given here. */
  recordRefusedUpload(upload: Omit<RefusedUpload, "id">): Promise<RefusedUpload>;
  /** The clerks disabled in the console: left out of the lists kiosks sync (ledger.ts `clerks`). */
  disabledClerkIds(): Promise<ReadonlySet<string>>;
}
