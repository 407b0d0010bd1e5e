/**
 * The journal port: the kiosk's durable record of every redemption intent and the local ticket
 * snapshot those intents are judged against. Redemptions are the one kind of data that tolerates
 * no loss: every write that changes one is a single atomic batch with `sync: true`.
 */

import type {
  Clerk,
  ConflictParty,
  OtherStoreCodesPage,
  RedemptionResult,
  RejectionReason,
} from "../sync/wire.js";
import type { Redemption, Ticket } from "./domain.js";
import type { DamageReport } from "./storeIntegrity.js";

/**
 * What the kiosk told the customer:
 * - `undecided`: written before the online attempt; nobody has been told anything yet.
 * - `redeemed`: the screen said redeemed (the server accepted it, or the offline policy allowed it).
 * - `refused`: the server refused it online; the customer was told why; it never counted.
 * - `abandoned`: never confirmed to anyone (offline policy refused after the online attempt failed,
 *   or the kiosk died before deciding); the server must cancel it in case it had accepted it.
 */
export type Disposition = "undecided" | "redeemed" | "refused" | "abandoned";

/**
 * Where the entry stands with the central service. Only an acknowledgement or a definitive verdict
 * closes an entry; `pending` entries are uploaded until one comes back.
 */
export type SyncState = "pending" | "acknowledged" | "conflict" | "rejected" | "cancelled";

export interface JournalEntry {
  readonly redemption: Redemption;
  readonly disposition: Disposition;
  readonly sync: SyncState;
  readonly reason?: RejectionReason | undefined;
  /** For a conflict: the redemptions the server counted first, with their devices. */
  readonly conflictWith?: readonly ConflictParty[] | undefined;
  /** When the entry closed (verdict received), ISO. */
  readonly closedAt?: string | undefined;
  /** What the ticket was, for 核銷紀錄 and 日結 without another lookup. */
  readonly productName?: string | undefined;
  readonly orderNumber?: string | undefined;
  /** A supervisor's void (取消核銷), and where it stands with the central service. */
  readonly void?: VoidRecord | undefined;
  /** An open entry the server keeps refusing: it stays open and is listed for a supervisor. */
  readonly attention?: Attention | undefined;
}

/**
 * Why an open entry needs a person: its upload is refused as malformed (400) every time, or the
 * server refused to cancel an abandoned intent. Either way only the server's verdict closes it;
 * until then it is retried now and then and shown on the exceptions list.
 */
export interface Attention {
  readonly problem: "upload_refused" | "cancel_refused";
  /** The server's words or reason, as it gave them. */
  readonly detail: string;
  readonly at: string;
}

export interface VoidRecord {
  readonly reason: string;
  readonly clerkId: string;
  readonly at: string;
  /** `pending` until the server answers; `rejected` if it refused (the redemption stands). */
  readonly sync: "pending" | "acknowledged" | "rejected";
  readonly refusal?: string | undefined;
}

/** What a kiosk knows about a ticket when it records an intent. */
export interface TicketContext {
  readonly productName: string;
  readonly orderNumber: string;
}

/** Wrong-PIN rate limiting that survives a restart (device/clerkLogin.ts says what clears it). */
export interface LoginGuardState {
  /** Misses since the last lock. */
  readonly failures: number;
  readonly lockedUntilMs: number;
  /** How many locks so far: each lasts longer. */
  readonly locks: number;
  /** The last miss, ms since the epoch: a day without one forgets the count (0 when none; absent in older journals). */
  readonly lastMissMs?: number;
}

/**
 * An exception is a redemption the customer was told was made and the server did not simply accept:
 * `conflict` (the units had run out) or `rejected`; or an open entry the server keeps refusing
 * (`attention`). Supervisors see and print the list.
 */
export function isException(entry: JournalEntry): boolean {
  if (entry.sync === "pending") return entry.attention !== undefined;
  return entry.disposition === "redeemed" && (entry.sync === "conflict" || entry.sync === "rejected");
}

/** An entry still to be sent to the central service, with what to send. */
export interface OpenEntry {
  readonly redemption: Redemption;
  /** `upload` sends the redemption; `cancel` sends the `abandoned` void. */
  readonly action: "upload" | "cancel";
}

/** A slip a decision or a reprint called for that the print queue may not hold yet. */
export interface OwedSlip {
  /** The print job's id: the redemption id, or the reprint's own. */
  readonly jobId: string;
  readonly redemptionId: string;
  /** For a reprint: when, and the supervisor who asked for it (the slip says both). */
  readonly reprint?: OwedReprint | undefined;
}

export interface OwedReprint {
  /** ISO 8601. */
  readonly at: string;
  readonly by?: string | undefined;
}

export interface PendingSummary {
  readonly count: number;
  /** Wall-clock time of the oldest open entry, ms since the epoch. */
  readonly oldestAtMs: number | undefined;
}

export interface Journal {
  /** Opens and checks the journal (journalIntegrity.ts); an older format is migrated first. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Damage the checks found (kept until the journal is replaced); undefined while intact. */
  integrity(): DamageReport | undefined;

  /** The next device sequence number (monotonic across restarts). */
  nextSeq(): number;
  /** Durably writes a new intent (`undecided`, `pending`) before the first attempt. */
  recordIntent(redemption: Redemption, about?: TicketContext): Promise<void>;
  /**
   * Durably records what the customer was told. `ticket`: the server's snapshot, when it answered.
   * A redemption made also owes its slip, in the same batch (`owedSlips`).
   */
  decide(id: string, decision: Decision): Promise<JournalEntry>;
  /** Durably applies the server's per-entry verdicts from one upload. */
  applyResults(results: readonly RedemptionResult[]): Promise<void>;
  /** Durably marks an open entry as refused by the server again and again; it stays open. */
  markAttention(id: string, attention: Attention): Promise<void>;
  /** Closes an abandoned entry once the server confirmed its cancellation. */
  closeCancelled(id: string, ticket: Ticket | undefined): Promise<void>;
  /** Marks every `undecided` entry left by a crash as `abandoned`; returns how many. */
  abandonUndecided(): Promise<number>;

  get(id: string): Promise<JournalEntry | undefined>;
  /** Open entries, oldest first, leaving out `skip` (entries waiting to be retried). */
  openEntries(limit: number, skip?: ReadonlySet<string>): Promise<OpenEntry[]>;
  /** Exceptions (see `isException`), newest first. */
  exceptions(limit: number): Promise<JournalEntry[]>;
  exceptionCount(): number;
  pendingSummary(): PendingSummary;
  /** Units of this ticket redeemed here that the snapshot does not include yet. */
  pendingUnits(code: string): number;
  /** Every entry, oldest first. */
  entries(): AsyncIterable<JournalEntry>;

  /** Durably records a supervisor's void; its units count as given back until the server answers. */
  recordVoid(id: string, record: Omit<VoidRecord, "sync">): Promise<JournalEntry>;
  /** Durably applies the server's answer to a void. */
  closeVoid(
    id: string,
    outcome: "acknowledged" | "rejected",
    refusal: string | undefined,
    ticket: Ticket | undefined,
  ): Promise<void>;
  /** Voids still to be sent, oldest first. */
  openVoids(limit: number): Promise<JournalEntry[]>;
  /** Entries of one ticket, newest first. */
  entriesOfTicket(code: string): Promise<JournalEntry[]>;
  /** Every entry, newest first. */
  newestEntries(): AsyncIterable<JournalEntry>;

  /** The store's clerks as the central service last listed them (replaced whole). */
  clerks(): readonly Clerk[];
  storeClerks(clerks: readonly Clerk[]): Promise<void>;
  loginGuard(): LoginGuardState;
  saveLoginGuard(state: LoginGuardState): Promise<void>;
  /** Durably records a reprint of redemption `id` and the slip job `jobId` it owes. */
  recordReprint(id: string, jobId: string, reprint: OwedReprint): Promise<void>;
  /** Slips owed (see `slipQueued`), in job id order. */
  owedSlips(): Promise<OwedSlip[]>;
  /** The print queue holds the job now: the slip is no longer owed. */
  slipQueued(jobId: string): Promise<void>;
  /** Reprints made in [from, to). */
  countReprints(from: Date, to: Date): Promise<number>;

  getTicket(code: string): Promise<Ticket | undefined>;
  getTickets(codes: readonly string[]): Promise<(Ticket | undefined)[]>;
  /** Index keys (see ticketIndex.ts) in a range, in order. */
  indexKeys(range: { gte: string; lt: string; limit?: number; reverse?: boolean }): AsyncIterable<string>;
  /** Tickets whose code starts with a prefix, in code order. */
  ticketsFrom(prefix: string): AsyncIterable<Ticket>;
  /** Every product name in the snapshot. */
  productNames(): Promise<string[]>;
  /** Caches tickets fetched one by one (kept only when newer than the cached copy). */
  cacheTickets(tickets: readonly Ticket[]): Promise<void>;
  /**
   * Stores downloaded tickets and the cursor after them; the cursor is never on disk before its
   * tickets (the cache is rebuildable: a page stored in part is fetched and stored again).
   */
  storeTicketPage(tickets: readonly Ticket[], cursor: string, complete: boolean, at: Date): Promise<void>;
  cursor(): string | undefined;
  /** When the snapshot was last brought fully up to date, ms since the epoch. */
  snapshotAtMs(): number | undefined;
  /**
   * Other stores' ticket codes, hashed, with the stores they are for (sync/wire.ts): a rebuildable
   * cache, so a kiosk offline can still say where another store's ticket may be used (issue 11).
   */
  storeOtherStoreCodes(page: OtherStoreCodesPage): Promise<void>;
  otherStoreCursor(): string | undefined;
  /** The names of the stores a code is for, when it is another store's ticket; else undefined. */
  otherStoresOf(code: string): Promise<string[] | undefined>;
}

export type Decision =
  | { readonly kind: "accepted"; readonly ticket: Ticket | undefined }
  | { readonly kind: "refused"; readonly reason: RejectionReason; readonly ticket: Ticket | undefined }
  | { readonly kind: "offline_redeemed" }
  | { readonly kind: "abandoned" };
