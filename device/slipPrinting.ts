/**
 * Turns redemptions and reports into slip models (what a slip shows) and hands them to the slip
 * queue in front of the printer (device/ports/slipQueue.ts), which encodes and keeps them durably.
 * The core never sees a slip's bytes. A failed print never
 * undoes a redemption: the journal already holds it, the job waits in the queue, and the printer's
 * state shows on the status bar.
 *
 * The journal writes the slip a decision or a reprint calls for as owed, in the same durable batch
 * as the decision or the reprint (levelJournal.ts, `slips`); once the queue holds the job it is no
 * longer owed. A crash between the two leaves it owed, and `printOwed` queues it at the next start.
 */
import type { DayReport, HistoryRow, ReprintOutcome } from "./backOffice.js";
import type { ClerkStore } from "./clerkStore.js";
import type { Config } from "./config.js";
import { crashPoint } from "./crashPoints.js";
import { maskCode, type Redemption, type Ticket } from "./domain.js";
import type { Journal } from "./journal.js";
import { JournalDamageError } from "./journalIntegrity.js";
import type { Logger } from "./logger.js";
import type { Reprint, SlipData } from "./ports/printer.js";
import type { ExceptionLine, Slip, SlipQueue } from "./ports/slipQueue.js";
import type { DecisionResult } from "./redemptionService.js";
import { remainingUnits } from "./rules.js";
import type { TicketCache } from "./ticketCache.js";

export interface SlipPrintingDeps {
  readonly config: Pick<Config, "device" | "printer">;
  readonly queue: SlipQueue;
  readonly journal: Pick<Journal, "get" | "pendingUnits" | "recordReprint" | "owedSlips" | "slipQueued">;
  readonly tickets: Pick<TicketCache, "getTicket">;
  readonly clerks: Pick<ClerkStore, "clerks">;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export class SlipPrinting {
  constructor(private readonly deps: SlipPrintingDeps) {}

  /**
   * Queues the slip of a decision that made a redemption; other decisions print nothing. False when
   * a slip was due and could not even be queued.
   */
  async print(decision: DecisionResult): Promise<boolean> {
    const { redemption, ticket } = decision;
    if (redemption === undefined || ticket === undefined) return true;
    return this.queueSlip(
      redemption.id,
      this.slipData(redemption, ticket, decision.remaining ?? 0, undefined),
    );
  }

  /**
   * Queues the slips a crash left owed (see above); returns their job ids. Units left are as the
   * kiosk sees them now. A slip whose redemption or ticket is no longer known is dropped, logged;
   * one whose journal entry is damaged stays owed until `journal recover` puts the entry back.
   */
  async printOwed(): Promise<string[]> {
    const { journal, tickets, logger } = this.deps;
    const queued: string[] = [];
    for (const owed of await journal.owedSlips()) {
      const entry = await journal.get(owed.redemptionId).catch((error: unknown) => {
        if (error instanceof JournalDamageError) return null;
        throw error;
      });
      if (entry === null) {
        // Its redemption fails its check (the journal is damaged): owed until it is restored.
        logger.error("owed slip waits: its journal entry is damaged", { owed });
        continue;
      }
      const ticket = entry === undefined ? undefined : await tickets.getTicket(entry.redemption.ticketCode);
      if (entry === undefined || ticket === undefined) {
        logger.error("owed slip cannot be made: its redemption or ticket is unknown", { owed });
        await journal.slipQueued(owed.jobId);
        continue;
      }
      const remaining = remainingUnits(ticket, journal.pendingUnits(ticket.code));
      const reprint =
        owed.reprint === undefined ? undefined : { ...owed.reprint, at: new Date(owed.reprint.at) };
      const slip = this.slipData(entry.redemption, ticket, remaining, reprint);
      if ((await this.queueSlip(owed.jobId, slip)) && this.deps.config.printer.kind !== "none")
        queued.push(owed.jobId);
    }
    if (queued.length > 0) logger.warn("slips a crash left unqueued are queued now", { jobs: queued });
    return queued;
  }

  /**
   * A new job for the slip of a redemption made on this kiosk, marked 補印 REPRINT, with its own id
   * (`<redemption id>-reprint-<ms>`), so the first slip's job, printed or waiting, is left alone.
   * Units left are as the kiosk sees them now, not as they were on the first slip. The slip says
   * when it was reprinted and by whom (`by`, the supervisor's name).
   */
  async reprint(redemptionId: string, by: string | undefined): Promise<ReprintOutcome> {
    const { config, journal, tickets } = this.deps;
    if (config.printer.kind === "none") return "no_printer";
    const entry = await journal.get(redemptionId);
    if (entry === undefined) return "not_found";
    if (entry.disposition !== "redeemed") return "not_redeemed";
    const redemption = entry.redemption;
    const ticket = await tickets.getTicket(redemption.ticketCode);
    if (ticket === undefined) return "not_found";
    const remaining = remainingUnits(ticket, journal.pendingUnits(ticket.code));
    const at = this.now();
    const jobId = `${redemption.id}-reprint-${at.getTime()}`;
    await journal.recordReprint(redemption.id, jobId, { at: at.toISOString(), by });
    await this.queueSlip(jobId, this.slipData(redemption, ticket, remaining, { at, by }));
    return "queued";
  }

  /** The 日結 slip. */
  async printDayReport(report: DayReport, clerkName: string | undefined): Promise<ReprintOutcome> {
    const printedAt = this.now();
    const data = { ...report, ...this.header(printedAt), clerkName };
    return this.queueReport(`report-${report.day}-${printedAt.getTime()}`, { kind: "dayReport", data });
  }

  /** The 例外清單 slip: `rows` as the exceptions list has them, newest first. */
  async printExceptions(
    rows: readonly HistoryRow[],
    more: boolean,
    clerkName: string | undefined,
  ): Promise<ReprintOutcome> {
    const printedAt = this.now();
    const data = { ...this.header(printedAt), clerkName, exceptions: rows.map(exceptionLine), more };
    return this.queueReport(`exceptions-${printedAt.getTime()}`, { kind: "exceptions", data });
  }

  /** A report slip (日結, 例外清單). */
  private async queueReport(id: string, slip: Slip): Promise<ReprintOutcome> {
    if (this.deps.config.printer.kind === "none") return "no_printer";
    await this.queue(id, slip);
    return "queued";
  }

  /** What every report slip starts with. */
  private header(printedAt: Date): {
    storeName: string;
    deviceId: string;
    printedAt: Date;
    timeZone: string;
  } {
    const { device } = this.deps.config;
    return {
      storeName: device.storeName || device.storeId,
      deviceId: device.id,
      printedAt,
      timeZone: device.timeZone,
    };
  }

  /** Queues a slip the journal holds as owed, then clears it; without a printer it is only cleared. */
  private async queueSlip(jobId: string, slip: SlipData): Promise<boolean> {
    crashPoint("before-slip-queued");
    const queued =
      this.deps.config.printer.kind === "none" ||
      (await this.queue(jobId, { kind: "redemption", data: slip }));
    if (queued) await this.deps.journal.slipQueued(jobId);
    return queued;
  }

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  private slipData(
    redemption: Redemption,
    ticket: Ticket,
    remaining: number,
    reprint: Reprint | undefined,
  ): SlipData {
    const { device } = this.deps.config;
    return {
      storeName: device.storeName || device.storeId,
      redeemedAt: new Date(redemption.redeemedAt),
      timeZone: device.timeZone,
      productName: ticket.productName,
      variantName: ticket.variantName,
      maskedCode: maskCode(ticket.code),
      orderNumber: ticket.orderNumber,
      quantity: redemption.quantity,
      remaining,
      totalUnits: ticket.totalUnits,
      redemptionId: redemption.id,
      deviceId: redemption.deviceId,
      clerkName: this.clerkName(redemption.clerkId),
      offline: redemption.offline,
      reprint,
    };
  }

  private clerkName(clerkId: string | undefined): string | undefined {
    if (clerkId === undefined) return undefined;
    return this.deps.clerks.clerks().find((clerk) => clerk.id === clerkId)?.name ?? clerkId;
  }

  /**
   * Queues; a slip that cannot be encoded or queued (disk full) is logged and false, and the
   * redemption stands.
   */
  private async queue(id: string, slip: Slip): Promise<boolean> {
    const { logger } = this.deps;
    try {
      await this.deps.queue.enqueue({ id, slip });
      return true;
    } catch (error) {
      logger.error("slip not queued; the redemption stands", { event: "print_failed", id, error });
      return false;
    }
  }
}

function exceptionLine(row: HistoryRow): ExceptionLine {
  const { redemption } = row;
  return {
    redeemedAt: new Date(redemption.redeemedAt),
    productName: row.productName,
    orderNumber: row.orderNumber,
    maskedCode: maskCode(redemption.ticketCode),
    quantity: redemption.quantity,
    state: row.sync === "conflict" ? "conflict" : "rejected",
    usedFirstBy: row.conflictWith,
    reason: row.reason,
  };
}
