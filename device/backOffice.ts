/**
 * What counter mode needs besides redeeming (issue 5, the POS screens of docs/domain.md §2): clerks and their PINs,
 * 票券訂單 with 進階搜尋, 核銷紀錄, 詳細訂單內容, voids, reprints, 日結 and the exceptions list.
 * Everything works offline on the kiosk's own copy: the ticket snapshot, the journal, the clerks
 * synced from the central service. The UI only ever talks to this port.
 */
import type { ClerkRole, Redemption, Ticket, TicketStatus } from "./domain.js";
import type { Attention, Disposition, SyncState } from "./journal.js";

export interface ClerkSession {
  readonly id: string;
  readonly name: string;
  readonly role: ClerkRole;
}

/**
 * Wrong PINs are rate-limited per kiosk: after a few misses the keypad locks for a while, longer
 * each time, and the lock survives a restart.
 */
export type LoginResult =
  | { readonly ok: true; readonly clerk: ClerkSession }
  | { readonly ok: false; readonly reason: "wrong_pin"; readonly attemptsLeft: number }
  /** A clerk's PIN on a prompt for another role (the supervisor prompt): a miss like a wrong PIN. */
  | { readonly ok: false; readonly reason: "wrong_role"; readonly attemptsLeft: number }
  | { readonly ok: false; readonly reason: "locked"; readonly lockedUntilMs: number }
  /** The kiosk has not received its store's clerks from the central service yet. */
  | { readonly ok: false; readonly reason: "no_clerks" }
  /**
   * The PIN key file (config `central.pinKeyFile`) is missing, unreadable or not a key
   * (`no_pin_key`), or is not the key the clerks' PINs were sealed with (`pin_key_mismatch`).
   */
  | { readonly ok: false; readonly reason: "no_pin_key" | "pin_key_mismatch"; readonly file: string };

export interface PageRequest {
  /** 0-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface Page<T> {
  readonly rows: readonly T[];
  readonly page: number;
  readonly hasMore: boolean;
}

/** 進階搜尋. Every field is optional; given fields must all match. */
export interface TicketQuery extends PageRequest {
  readonly orderNumber?: string | undefined;
  /** The whole code or its beginning. */
  readonly codePrefix?: string | undefined;
  /** The whole name or its beginning (a surname finds the family). */
  readonly customerName?: string | undefined;
  /** The whole number or its last digits (at least 3). */
  readonly phoneDigits?: string | undefined;
  /** Part of the product name. */
  readonly product?: string | undefined;
  /** `redeemable`: active with units left; `used_up`: active with none left. */
  readonly status?: TicketStatus | "redeemable" | "used_up" | undefined;
  /** The order's creation time, inclusive. */
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
}

export interface TicketRow {
  readonly ticket: Ticket;
  /** As the kiosk sees it now: the snapshot minus its own unacknowledged redemptions. */
  readonly remaining: number;
}

/**
 * 核銷紀錄 filters. `state` is the sync state as a clerk understands it; `attention` is still
 * pending, but the central service keeps refusing it (journal.ts, `Attention`).
 */
export type HistoryState = "synced" | "pending" | "attention" | "conflict" | "rejected" | "voided";

export interface HistoryQuery extends PageRequest {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly clerkId?: string | undefined;
  readonly product?: string | undefined;
  readonly state?: HistoryState | undefined;
  readonly ticketCode?: string | undefined;
}

export interface HistoryRow {
  readonly redemption: Redemption;
  readonly disposition: Disposition;
  readonly sync: SyncState;
  readonly state: HistoryState;
  readonly productName: string | undefined;
  readonly orderNumber: string | undefined;
  readonly clerkName: string | undefined;
  /** Devices that used the units first, for a conflict. */
  readonly conflictWith: readonly string[];
  /** For a rejection: the central service's reason (shown on the exceptions list). */
  readonly reason?: string | undefined;
  /** For an open entry the central service keeps refusing: what it said. */
  readonly attention?: Attention | undefined;
  readonly voided?: { readonly reason: string; readonly clerkId: string; readonly at: string } | undefined;
}

/** Units of a ticket used where no listed redemption shows it (device/orderAccount.ts). */
export interface UnlistedUse {
  readonly ticket: Ticket;
  readonly units: number;
}

/**
 * 詳細訂單內容: its tickets (未核銷 = those with units left) and its redemptions (已核銷), which
 * with `unlisted` account for every unit used.
 */
export interface OrderDetail {
  readonly orderNumber: string;
  readonly createdAt: string | undefined;
  readonly customer: Ticket["customer"];
  readonly tickets: readonly TicketRow[];
  /** Redemptions of this order's tickets known to this kiosk, newest first. */
  readonly redeemed: readonly HistoryRow[];
  /** Used units no redemption in `redeemed` accounts for, per ticket. */
  readonly unlisted: readonly UnlistedUse[];
}

/**
 * A void (取消核銷) asked by a supervisor, with their PIN: only the central service can make it
 * (it checks the PIN, docs/security.md), so it is done online or not at all. `offline`: the
 * service could not be asked, or did not answer; nothing changed here (a void whose answer was lost
 * is asked again, and the service answers a repeat as the same void). `not_synced`: the redemption
 * has not reached the service yet.
 */
export type VoidOutcome =
  | "voided"
  | "offline"
  | "not_synced"
  | "not_found"
  | "not_permitted"
  /** The central service does not know the supervisor (deleted since they logged in here). */
  | "unknown_clerk"
  | "wrong_pin"
  /** Too many wrong PINs from this kiosk for this supervisor: the service locked it for a while. */
  | "pin_locked"
  | "void_window_passed"
  | "not_redeemed"
  | "already_voided";

export type ReprintOutcome = "queued" | "not_found" | "not_redeemed" | "no_printer" | "not_permitted";

/** 日結: one store day (in the store's time zone) as this kiosk saw it. */
export interface DayReport {
  /** YYYY-MM-DD in the store's time zone. */
  readonly day: string;
  readonly byProduct: readonly {
    readonly productName: string;
    readonly units: number;
    readonly redemptions: number;
  }[];
  readonly totalUnits: number;
  readonly redemptions: number;
  readonly voids: number;
  readonly reprints: number;
  readonly offlineEntries: number;
  readonly conflicts: number;
  readonly pendingSync: number;
}

export interface BackOffice {
  /** `role`: only this role's PINs log in here; another clerk's PIN counts as a miss. */
  login(pin: string, role?: ClerkRole): Promise<LoginResult>;
  logout(): void;
  currentClerk(): ClerkSession | undefined;
  /** The store's clerks (no PINs), for the 核銷紀錄 filter by clerk. */
  clerks(): readonly ClerkSession[];

  searchTickets(query: TicketQuery): Promise<Page<TicketRow>>;
  history(query: HistoryQuery): Promise<Page<HistoryRow>>;
  orderDetail(orderNumber: string): Promise<OrderDetail | undefined>;
  exceptions(request: PageRequest): Promise<Page<HistoryRow>>;

  /**
   * Supervisor only; the reason is required, and the logged-in supervisor's PIN, sent to the
   * central service with the request and kept nowhere.
   */
  voidRedemption(id: string, reason: string, pin: string): Promise<VoidOutcome>;
  /** Supervisor only. */
  reprint(id: string): Promise<ReprintOutcome>;
  dayReport(day: Date): Promise<DayReport>;
  /** Supervisor only: prints the 日結 slip. */
  printDayReport(day: Date): Promise<ReprintOutcome>;
  /** Supervisor only: prints the exceptions list, newest first (issue 11). */
  printExceptions(): Promise<ReprintOutcome>;
}
