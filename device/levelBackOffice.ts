/**
 * The back office of counter mode on the kiosk's own journal and snapshot (device/backOffice.ts).
 * Reads are local and work offline. A void is made by the central service, which checks the
 * supervisor's PIN (docs/security.md): it is sent at once, and journaled only once the service
 * voided it, so its units count as given back only then. Offline it is refused; the PIN is never
 * journaled or logged.
 */
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
} from "./backOffice.js";
import type { ClerkLogin } from "./clerkLogin.js";
import type { ClerkStore } from "./clerkStore.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Connectivity } from "./connectivity.js";
import type { ClerkRole } from "./domain.js";
import type { Journal } from "./journal.js";
import { dayReport, exceptionsPage, history, historyRow } from "./journalViews.js";
import type { Logger } from "./logger.js";
import { unlistedUses } from "./orderAccount.js";
import type { CentralApi } from "./ports/centralApi.js";
import { CentralError } from "./ports/centralApi.js";
import { conflictDevices, type ServerRedemption, type VoidRejectionReason } from "./ports/wire.js";
import { remainingUnits } from "./rules.js";
import type { SlipPrinting } from "./slipPrinting.js";
import type { TicketCache } from "./ticketCache.js";
import { range } from "./ticketIndex.js";
import { searchTickets } from "./ticketSearch.js";

export interface LevelBackOfficeDeps {
  readonly config: Pick<Config, "device" | "central">;
  readonly journal: Journal;
  readonly tickets: TicketCache;
  readonly clerks: Pick<ClerkStore, "clerks">;
  readonly login: ClerkLogin;
  readonly central: CentralApi;
  readonly connectivity: Connectivity;
  readonly clock: Clock;
  readonly slips: Pick<SlipPrinting, "reprint" | "printDayReport" | "printExceptions">;
  readonly logger: Logger;
  /** Asks the sync loop for a pass (a void of a redemption not uploaded yet). */
  readonly syncSoon: () => void;
}

/** A slip of 100 exceptions is about 2 m of paper: enough to hand on, and a list that long is an incident. */
const maxPrintedExceptions = 100;

const voidRefusals: Readonly<Record<VoidRejectionReason, VoidOutcome>> = {
  not_permitted: "not_permitted",
  unknown_clerk: "unknown_clerk",
  wrong_pin: "wrong_pin",
  pin_locked: "pin_locked",
  void_window_passed: "void_window_passed",
  not_redeemed: "not_redeemed",
};

export class LevelBackOffice implements BackOffice {
  constructor(private readonly deps: LevelBackOfficeDeps) {}

  login(pin: string, role?: ClerkRole): Promise<LoginResult> {
    return this.deps.login.login(pin, role);
  }

  logout(): void {
    this.deps.login.logout();
  }

  currentClerk(): ClerkSession | undefined {
    return this.deps.login.current();
  }

  clerks(): readonly ClerkSession[] {
    return this.deps.clerks.clerks().map(({ id, name, role }) => ({ id, name, role }));
  }

  searchTickets(query: TicketQuery): Promise<Page<TicketRow>> {
    return searchTickets(this.deps.tickets, this.deps.journal, query);
  }

  history(query: HistoryQuery): Promise<Page<HistoryRow>> {
    return history(this.deps, query);
  }

  exceptions(request: PageRequest): Promise<Page<HistoryRow>> {
    return exceptionsPage(this.deps, request);
  }

  /**
   * An order from the snapshot, with this kiosk's redemptions of its tickets and, when the central
   * service answers quickly, the other kiosks' too (marked with their device); units used beyond
   * those are listed per ticket (`unlisted`).
   */
  async orderDetail(orderNumber: string): Promise<OrderDetail | undefined> {
    const { journal, tickets: cache, clerks } = this.deps;
    const codes: string[] = [];
    for await (const code of cache.indexedCodes(range("o", orderNumber, true))) codes.push(code);
    const tickets = (await cache.getTickets(codes)).filter((t) => t !== undefined);
    const first = tickets[0];
    if (first === undefined) return undefined;
    const names = new Map(clerks.clerks().map((clerk) => [clerk.id, clerk.name]));
    const local = (await Promise.all(tickets.map((ticket) => journal.entriesOfTicket(ticket.code))))
      .flat()
      .filter((entry) => entry.disposition === "redeemed")
      .map((entry) => historyRow(entry, names));
    const remote = await this.otherKiosks(
      tickets.map((t) => t.code),
      new Set(local.map((row) => row.redemption.id)),
    );
    const redeemed = [...local, ...remote].sort((a, b) =>
      b.redemption.redeemedAt.localeCompare(a.redemption.redeemedAt),
    );
    const rows = tickets.map((ticket) => ({
      ticket,
      remaining: remainingUnits(ticket, journal.pendingUnits(ticket.code)),
    }));
    return {
      orderNumber,
      createdAt: first.orderCreatedAt,
      customer: first.customer,
      tickets: rows,
      redeemed,
      unlisted: unlistedUses(rows, redeemed),
    };
  }

  async voidRedemption(id: string, reason: string, pin: string): Promise<VoidOutcome> {
    const { journal, config, clock } = this.deps;
    const clerk = this.currentClerk();
    if (clerk?.role !== "supervisor") return "not_permitted";
    if (reason.trim() === "") throw new Error("a void needs a reason");
    const entry = await journal.get(id);
    if (entry === undefined) return "not_found";
    if (entry.disposition !== "redeemed") return "not_redeemed";
    if (entry.void !== undefined && entry.void.sync !== "rejected") return "already_voided";
    const now = clock.now();
    if (now.getTime() - Date.parse(entry.redemption.redeemedAt) > config.device.voidWindowHours * 3600_000) {
      return "void_window_passed";
    }
    const record = { reason: reason.trim(), clerkId: clerk.id, at: now.toISOString() };
    const outcome = await this.sendVoid(id, record, pin);
    this.deps.logger.info("void", { event: "void", id, clerkId: clerk.id, outcome });
    return outcome;
  }

  async reprint(id: string): Promise<ReprintOutcome> {
    const clerk = this.currentClerk();
    if (clerk?.role !== "supervisor") return "not_permitted";
    return this.deps.slips.reprint(id, clerk.name);
  }

  dayReport(day: Date): Promise<DayReport> {
    return dayReport(this.deps.journal, day, this.deps.config.device.timeZone);
  }

  async printDayReport(day: Date): Promise<ReprintOutcome> {
    const clerk = this.currentClerk();
    if (clerk?.role !== "supervisor") return "not_permitted";
    return this.deps.slips.printDayReport(await this.dayReport(day), clerk?.name);
  }

  async printExceptions(): Promise<ReprintOutcome> {
    const clerk = this.currentClerk();
    if (clerk?.role !== "supervisor") return "not_permitted";
    const page = await exceptionsPage(this.deps, { page: 0, pageSize: maxPrintedExceptions });
    return this.deps.slips.printExceptions(page.rows, page.hasMore, clerk.name);
  }

  /**
   * Asks the central service to void; journals the void (as acknowledged) once it did. `duplicate`
   * is a void the service already made, whose answer was lost. Failure cases: offline or no answer
   * (`offline`, nothing journaled); the redemption not uploaded yet (404: `not_synced`, and a sync
   * pass is asked for so a retry finds it); a refusal (its reason, nothing journaled).
   */
  private async sendVoid(
    id: string,
    record: { reason: string; clerkId: string; at: string },
    pin: string,
  ): Promise<VoidOutcome> {
    const { central, connectivity, journal, config } = this.deps;
    if (!connectivity.worthAsking()) return "offline";
    try {
      const result = await central.voidRedemption(id, { ...record, pin }, config.central.timeoutMs);
      if (result.status === "rejected") return voidRefusals[result.reason ?? "not_permitted"];
      await journal.recordVoid(id, record);
      await journal.closeVoid(id, "acknowledged", undefined, result.ticket);
      return "voided";
    } catch (error) {
      if (!(error instanceof CentralError)) throw error;
      if (error.kind === "not_found") {
        this.deps.syncSoon();
        return "not_synced";
      }
      connectivity.reportFailure(error);
      return "offline";
    }
  }

  /** Redemptions other kiosks made of these tickets, if the central service answers in time. */
  private async otherKiosks(codes: readonly string[], known: ReadonlySet<string>): Promise<HistoryRow[]> {
    const { central, connectivity, config } = this.deps;
    if (!connectivity.online() || codes.length === 0) return [];
    try {
      const lists = await Promise.all(
        codes.map((code) => central.fetchRedemptions(code, config.central.timeoutMs)),
      );
      return lists
        .flat()
        .filter(
          (record) =>
            !known.has(record.redemption.id) && record.status !== "rejected" && record.status !== "cancelled",
        )
        .map(serverRow);
    } catch (error) {
      if (error instanceof CentralError) return [];
      throw error;
    }
  }
}

function serverRow(record: ServerRedemption): HistoryRow {
  const voided = record.voided;
  return {
    redemption: record.redemption,
    disposition: "redeemed",
    sync: record.status === "conflict" ? "conflict" : "acknowledged",
    state: voided !== undefined ? "voided" : record.status === "conflict" ? "conflict" : "synced",
    productName: undefined,
    orderNumber: undefined,
    clerkName: record.redemption.clerkId,
    conflictWith: conflictDevices(record.conflictWith),
    voided:
      voided === undefined
        ? undefined
        : { reason: voided.reason, clerkId: voided.clerkId ?? "", at: voided.at },
  };
}
