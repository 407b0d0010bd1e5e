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
import type { PinGuard } from "../../device/pinLockout.js";
import type { Heartbeat } from "../../device/ports/wire.js";
import type { DamageReport } from "../../device/storeIntegrity.js";
import type { ImportCheck } from "../importDocument.js";
import type { ClerkRecord, ImportSummary, OrderRecord, StoreRecord, TicketRecord } from "../importPlan.js";
import type { UploadVerdict } from "../judgeUpload.js";
import type { RedemptionRecord, VoidMark } from "../redemptionRecord.js";
import type { RefusedUpload } from "./consoleData.js";
import type { ConsoleStore } from "./consoleStore.js";

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
  /** The record of `UploadKey.token` as held now, read in the same step; undefined without one. */
  readonly token: TokenRecord | undefined;
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
  /**
   * The token the upload's request came with (none from a caller inside the service): its look-up
   * may have been a copy (`findUploadToken`), so the step reads it again (`UploadState.token`).
   */
  readonly token?: string;
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
  /** Resolves when the store can serve now; throws what stops it (a database out of reach). */
  ping(): Promise<void>;

  findToken(token: string): Promise<TokenRecord | undefined>;
  /**
   * A token as an upload's request is let in on: may be this process's copy of an earlier
   * look-up, since each step of the upload reads the token again (`UploadKey.token`), so a revoke
   * or a move made by any process holds for the upload at once.
   */
  findUploadToken(token: string): Promise<TokenRecord | undefined>;
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

  // The wrong-PIN guard of a void's supervisor PIN (ledger.ts), one per device and clerk named,
  // kept in the store so every central process on it counts the same misses, and a restart
  // forgets none (docs/security.md).

  /** The guard as held; device/pinLockout.ts `openGuard` when none is. */
  voidPinGuard(deviceId: string, clerkId: string): Promise<PinGuard>;
  /**
   * Replaces the guard by `change(held)`, read and written as one step against every other update
   * of it, in this process or another, so two misses counted at once are both counted; the guard
   * written.
   */
  updateVoidPinGuard(
    deviceId: string,
    clerkId: string,
    change: (held: PinGuard) => PinGuard,
  ): Promise<PinGuard>;
  // Dump and restore (`ticket-kiosk central export` / `restore`, docs/central.md "Backups and restore").

  /**
   * Everything the store holds, as batches of records in the order dumpRecord.ts gives, read from
   * one consistent view of the store; a batch at a time, so a central of any size fits in memory.
   */
  dump(): AsyncIterable<DumpRecord[]>;
  /**
   * Loads a dump's batches into an empty store, keeping every rev, arrival number, body hash and
   * token hash, so devices, cursors and replays go on as before; `not_empty` (nothing written)
   * when the store holds anything. `onLoaded` hears the records loaded so far after each batch.
   */
  load(batches: AsyncIterable<readonly DumpRecord[]>, onLoaded?: (records: number) => void): Promise<Loaded>;
  /**
   * The last rev handed out, and the time of the newest ticket change at or below `rev` (undefined:
   * none): what tells a kiosk's cursor from one of another history, the store's before it was
   * restored from an older backup (feedCursor.ts).
   */
  feedAt(rev: number): Promise<FeedPosition>;
  /** Keeps a one-time pairing code (docs/central.md, "Pairing a kiosk"), by its sha256 only, like a token. */
  putPairingCode(code: string, record: PairingCodeRecord): Promise<void>;
  /**
   * Spends a pairing code and issues its device's token and PIN key, as one step: only a code that
   * is held, unused and not expired at `at` pairs; of concurrent claims of one code, in this
   * process or another, exactly one does.
   */
  claimPairingCode(code: string, at: Date): Promise<PairingClaim>;
  /** The web console's records, in the same database (consoleStore.ts); usable while this is open. */
  consoleStore(): ConsoleStore;
  // --- Kept for the web console's 例外清單 (consoleData.ts) ---

  /** Keeps an upload refused whole; its id is the server's time of receipt, given here. */
  recordRefusedUpload(upload: Omit<RefusedUpload, "id">): Promise<RefusedUpload>;
  /** The clerks disabled in the console: left out of the lists kiosks sync (ledger.ts `clerks`). */
  disabledClerkIds(): Promise<ReadonlySet<string>>;
}

export interface FeedPosition {
  readonly headRev: number;
  readonly changedAt: string | undefined;
}

/**
 * One record of a central's dump (`central export` / `restore`); the order and the batch size are
 * in dumpRecord.ts.
 */
export type DumpRecord =
  /** The last rev and arrival number handed out, and the last change's time: they go on from here. */
  | { readonly kind: "counters"; readonly rev: number; readonly seq: number; readonly changedAtMs: number }
  | { readonly kind: "store"; readonly record: StoreRecord }
  /** A clerk with its PIN's verifier (`pinHash`), never the PIN. */
  | { readonly kind: "clerk"; readonly record: ClerkRecord }
  | { readonly kind: "order"; readonly record: OrderRecord }
  /** A ticket with its units (imported and in all) and its rev, so kiosks' cursors stay good. */
  | { readonly kind: "ticket"; readonly record: TicketRecord }
  /**
   * A redemption record (its verdict, flags and void mark) with its arrival number and the sha256
   * of its body: what a replay of its id is compared on (duplicate or `id_reused`).
   */
  | {
      readonly kind: "redemption";
      readonly seq: number;
      readonly bodySha256: string;
      readonly record: RedemptionRecord;
    }
  | { readonly kind: "tombstone"; readonly record: TombstoneRecord }
  /** A token by its sha256 only (the token itself is never kept), a device's with its PIN key. */
  | { readonly kind: "token"; readonly sha256: string; readonly record: TokenRecord }
  | { readonly kind: "heartbeat"; readonly record: HeartbeatRecord };

export type DumpKind = DumpRecord["kind"];

/** What a load into a store did. */
export type Loaded =
  | { readonly kind: "loaded"; readonly records: number }
  /** The store already holds records: a restore goes into an empty store only. */
  | { readonly kind: "not_empty" };

/** A pairing code as kept: the device it makes a token for, and until when. */
export interface PairingCodeRecord {
  readonly deviceId: string;
  readonly storeId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** When it was spent; absent while it is not. */
  readonly usedAt?: string;
}

export type PairingClaim =
  | {
      readonly kind: "paired";
      readonly deviceId: string;
      readonly storeId: string;
      readonly token: string;
      readonly pinKey: string;
    }
  /** Unknown, used or expired: one answer, so a guesser learns nothing from it. */
  | { readonly kind: "refused" };
