/**
 * The slip port: what the core hands the printer side. The core says what a slip shows (a
 * redemption, the 日結 day report, the 例外清單 exceptions list) and gives it a job id; the queue in
 * front of the printer (drivers/printer/slipQueue.ts, then drivers/printer/printQueue.ts) lays it
 * out for the paper, encodes it and keeps it durably until the printer has taken it. Bytes never
 * come back to the core.
 */
import type { DayReport } from "../backOffice.js";
import type { SlipData } from "./printer.js";

/** The day's figures as the back office counts them (one `DayReport` type), under the slip's header. */
export interface DayReportSlip extends DayReport {
  readonly storeName: string;
  readonly deviceId: string;
  readonly clerkName: string | undefined;
  readonly printedAt: Date;
  readonly timeZone: string;
}

/** One line of the 例外清單 slip: a redemption the central service did not simply accept. */
export interface ExceptionLine {
  readonly redeemedAt: Date;
  readonly productName: string | undefined;
  readonly orderNumber: string | undefined;
  readonly maskedCode: string;
  readonly quantity: number;
  readonly state: "conflict" | "rejected";
  /** Devices that used the units first, each once. */
  readonly usedFirstBy: readonly string[];
  /** The central service's reason for a rejection. */
  readonly reason: string | undefined;
}

/** The 例外清單 slip: the exceptions, newest first, under the slip's header. */
export interface ExceptionsSlip {
  readonly storeName: string;
  readonly deviceId: string;
  readonly clerkName: string | undefined;
  readonly printedAt: Date;
  readonly timeZone: string;
  readonly exceptions: readonly ExceptionLine[];
  /** Older exceptions were left off (the slip holds the newest `exceptions.length`). */
  readonly more: boolean;
}

/** What one slip shows, by kind; the printer side decides how it looks on paper. */
export type Slip =
  | { readonly kind: "redemption"; readonly data: SlipData }
  | { readonly kind: "dayReport"; readonly data: DayReportSlip }
  | { readonly kind: "exceptions"; readonly data: ExceptionsSlip };

export interface SlipJob {
  /** Unique per print (the redemption id, with a suffix for reprints): names the job's file. */
  readonly id: string;
  readonly slip: Slip;
}

export interface SlipQueue {
  /**
   * Stores the job durably and resolves; printing happens after. Throws when the slip cannot be
   * encoded or stored (disk full): the caller's redemption stands either way.
   */
  enqueue(job: SlipJob): Promise<void>;
}
