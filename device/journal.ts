/**
 * The journal port: the kiosk's durable record of every redemption intent, the supervisors' voids,
 * the reprints and the slips owed. It is the one kind of data that tolerates no loss and that
 * nothing can rebuild whole (`journal recover` puts back only what the central service was told):
 * every write that changes a redemption is a single atomic batch with `sync: true`
 * (docs/reliability.md, "What each store may lose"). The tickets those intents are judged against
 * are in the ticket cache (ticketCache.ts), the clerks in the clerk store (clerkStore.ts).
 */

import type { Redemption, Ticket } from "./domain.js";
import type { ConflictParty, RedemptionResult, RejectionReason } from "./ports/wire.js";
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
  /**
   * Opens and checks the journal (journalIntegrity.ts); an older format is migrated first. The
   * ticket cache and the clerk store share its database and open and close with it.
   */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Damage the checks found (kept until the journal is replaced); undefined while intact. */
  integrity(): DamageReport | undefined;

  /** The next device sequence number (monotonic across restarts). */
  nextSeq(): number;
  /** Durably writes a new intent (`undecided`, `pending`) before the first attempt. */
  recordIntent(redemption: Redemption, about?: TicketContext): Promise<void>;
  /**
   * Durably records what the customer was told. `ticket`: the server's snapshot, when it answered,
   * stored in the ticket cache in the same batch as the verdict, so the cache never shows a ticket
   * older than the verdict the journal holds for it. A redemption made also owes its slip, in the
   * same batch (`owedSlips`).
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

  /** Durably records a reprint of redemption `id` and the slip job `jobId` it owes. */
  recordReprint(id: string, jobId: string, reprint: OwedReprint): Promise<void>;
  /** Slips owed (see `slipQueued`), in job id order. */
  owedSlips(): Promise<OwedSlip[]>;
  /** The print queue holds the job now: the slip is no longer owed. */
  slipQueued(jobId: string): Promise<void>;
  /** Reprints made in [from, to). */
  countReprints(from: Date, to: Date): Promise<number>;
}

export type Decision =
  | { readonly kind: "accepted"; readonly ticket: Ticket | undefined }
  | { readonly kind: "refused"; readonly reason: RejectionReason; readonly ticket: Ticket | undefined }
  | { readonly kind: "offline_redeemed" }
  | { readonly kind: "abandoned" };
