/**
 * A back office in memory for the screens' tests: clerks with PINs and a lockout, tickets, history
 * rows, voids and reprints, every call recorded. Searches filter the way the port says (prefixes,
 * last digits, newest first); `delayMs` makes every call take that long (the spinner, a screen
 * left before its answer).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type {
  BackOffice,
  ClerkSession,
  DayReport,
  HistoryQuery,
  HistoryRow,
  LoginResult,
  OrderDetail,
  Page,
  PageRequest,
  ReprintOutcome,
  TicketQuery,
  TicketRow,
  VoidOutcome,
} from "../../device/backOffice.js";
import type { ClerkRole, Redemption, Ticket } from "../../device/domain.js";
import { unlistedUses } from "../../device/orderAccount.js";
import { makeRedemption, makeTicket } from "./fixtures.js";

export interface FakeClerk extends ClerkSession {
  readonly pin: string;
}

export const supervisor: FakeClerk = { id: "c1", name: "王小明", role: "supervisor", pin: "246810" };
export const redeemClerk: FakeClerk = { id: "c2", name: "李美玲", role: "redeem", pin: "1357" };

export function makeHistoryRow(
  redemption: Partial<Redemption> = {},
  overrides: Partial<HistoryRow> = {},
): HistoryRow {
  return {
    redemption: makeRedemption({ clerkId: supervisor.id, ...redemption }),
    disposition: "redeemed",
    sync: "acknowledged",
    state: "synced",
    productName: "深層按摩 60 分鐘券",
    orderNumber: "#100231",
    clerkName: supervisor.name,
    conflictWith: [],
    ...overrides,
  };
}

export interface Call {
  readonly method: string;
  readonly args: readonly unknown[];
}

const maxAttempts = 5;

export class FakeBackOffice implements BackOffice {
  readonly calls: Call[] = [];
  clerkList: FakeClerk[] = [supervisor, redeemClerk];
  tickets: Ticket[] = [makeTicket()];
  rows: HistoryRow[] = [];
  voidOutcome: VoidOutcome = "voided";
  reprintOutcome: ReprintOutcome = "queued";
  report: DayReport = {
    day: "2026-11-27",
    byProduct: [{ productName: "深層按摩 60 分鐘券", units: 3, redemptions: 2 }],
    totalUnits: 3,
    redemptions: 2,
    voids: 1,
    reprints: 0,
    offlineEntries: 1,
    conflicts: 0,
    pendingSync: 1,
  };
  delayMs = 0;
  failWith: Error | undefined;
  attemptsLeft = maxAttempts;
  lockedUntilMs = 0;
  /** The PIN key file's trouble, as ClerkLogin reports it (device/pinKeyFile.ts). */
  pinKeyProblem: Extract<LoginResult, { reason: "no_pin_key" | "pin_key_mismatch" }> | undefined;
  private clerk: ClerkSession | undefined;

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** Logs a clerk in without a PIN (a test that starts past the login screen). */
  signIn(clerk: ClerkSession): void {
    this.clerk = { id: clerk.id, name: clerk.name, role: clerk.role };
  }

  async login(pin: string, role?: ClerkRole): Promise<LoginResult> {
    await this.call("login", pin);
    if (this.lockedUntilMs > this.nowMs())
      return { ok: false, reason: "locked", lockedUntilMs: this.lockedUntilMs };
    if (this.clerkList.length === 0) return { ok: false, reason: "no_clerks" };
    if (this.pinKeyProblem !== undefined) return this.pinKeyProblem;
    const found = this.clerkList.find((clerk) => clerk.pin === pin);
    if (found !== undefined && (role === undefined || found.role === role)) {
      this.signIn(found);
      return { ok: true, clerk: { id: found.id, name: found.name, role: found.role } };
    }
    this.attemptsLeft -= 1;
    const reason = found === undefined ? "wrong_pin" : "wrong_role";
    if (this.attemptsLeft > 0) return { ok: false, reason, attemptsLeft: this.attemptsLeft };
    this.attemptsLeft = maxAttempts;
    this.lockedUntilMs = this.nowMs() + 30_000;
    return { ok: false, reason: "locked", lockedUntilMs: this.lockedUntilMs };
  }

  logout(): void {
    this.calls.push({ method: "logout", args: [] });
    this.clerk = undefined;
  }

  currentClerk(): ClerkSession | undefined {
    return this.clerk;
  }

  clerks(): readonly ClerkSession[] {
    return this.clerkList.map(({ id, name, role }) => ({ id, name, role }));
  }

  async searchTickets(query: TicketQuery): Promise<Page<TicketRow>> {
    await this.call("searchTickets", query);
    const rows = this.tickets
      .filter(
        (t) =>
          (query.orderNumber === undefined || t.orderNumber === query.orderNumber) &&
          (query.codePrefix === undefined || t.code.startsWith(query.codePrefix)) &&
          (query.customerName === undefined || t.customer.name.startsWith(query.customerName)) &&
          (query.phoneDigits === undefined || t.customer.phone.endsWith(query.phoneDigits)) &&
          (query.product === undefined || t.productName.includes(query.product)),
      )
      .map((ticket) => ({ ticket, remaining: ticket.totalUnits - ticket.redeemedUnits }));
    return pageOf(rows, query);
  }

  async history(query: HistoryQuery): Promise<Page<HistoryRow>> {
    await this.call("history", query);
    const rows = this.newestFirst().filter(
      (row) =>
        (query.clerkId === undefined || row.redemption.clerkId === query.clerkId) &&
        (query.state === undefined || row.state === query.state) &&
        (query.ticketCode === undefined || row.redemption.ticketCode === query.ticketCode) &&
        (query.product === undefined || (row.productName ?? "").includes(query.product)),
    );
    return pageOf(rows, query);
  }

  async orderDetail(orderNumber: string): Promise<OrderDetail | undefined> {
    await this.call("orderDetail", orderNumber);
    const tickets = this.tickets.filter((t) => t.orderNumber === orderNumber);
    const first = tickets[0];
    if (first === undefined) return undefined;
    const rows = tickets.map((ticket) => ({ ticket, remaining: ticket.totalUnits - ticket.redeemedUnits }));
    const redeemed = this.newestFirst().filter((row) => row.orderNumber === orderNumber);
    return {
      orderNumber,
      createdAt: first.orderCreatedAt,
      customer: first.customer,
      tickets: rows,
      redeemed,
      unlisted: unlistedUses(rows, redeemed),
    };
  }

  async exceptions(request: PageRequest): Promise<Page<HistoryRow>> {
    await this.call("exceptions", request);
    return pageOf(
      this.newestFirst().filter((row) => ["conflict", "rejected", "attention"].includes(row.state)),
      request,
    );
  }

  async voidRedemption(id: string, reason: string, pin: string): Promise<VoidOutcome> {
    await this.call("voidRedemption", id, reason, pin);
    if (this.voidOutcome === "voided") {
      const at = new Date(this.nowMs()).toISOString();
      this.rows = this.rows.map((row) =>
        row.redemption.id === id
          ? { ...row, state: "voided", voided: { reason, clerkId: this.clerk?.id ?? "", at } }
          : row,
      );
    }
    return this.voidOutcome;
  }

  async reprint(id: string): Promise<ReprintOutcome> {
    await this.call("reprint", id);
    return this.reprintOutcome;
  }

  async dayReport(day: Date): Promise<DayReport> {
    await this.call("dayReport", day);
    return this.report;
  }

  async printDayReport(day: Date): Promise<ReprintOutcome> {
    await this.call("printDayReport", day);
    return this.reprintOutcome;
  }

  async printExceptions(): Promise<ReprintOutcome> {
    await this.call("printExceptions");
    return this.reprintOutcome;
  }

  /** The calls made to one method, their arguments. */
  argsOf(method: string): (readonly unknown[])[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  private async call(method: string, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (this.failWith !== undefined) throw this.failWith;
  }

  private newestFirst(): HistoryRow[] {
    return [...this.rows].sort((a, b) => b.redemption.redeemedAt.localeCompare(a.redemption.redeemedAt));
  }
}

function pageOf<T>(rows: readonly T[], request: PageRequest): Page<T> {
  const start = request.page * request.pageSize;
  return {
    rows: rows.slice(start, start + request.pageSize),
    page: request.page,
    hasMore: rows.length > start + request.pageSize,
  };
}
