/**
 * The printer port. A slip is encoded once (`escposSlip.ts`) into ESC/POS bytes plus a readable
 * text rendering and, for a printer that keeps one, a picture; every adapter (file, serial, tcp,
 * usb-lp) sends the very same bytes.
 */
import type { PrinterKind } from "./deviceKinds.js";

/** Only the `file` printer keeps a picture of its slips: the others are not asked to draw one. */
export function keepsPicture(kind: PrinterKind): boolean {
  return kind === "file";
}

export type PrinterState = "ready" | "paper_out" | "cover_open" | "offline" | "disconnected" | "none";

/** What a slip says (docs/domain.md §2). Untrusted strings are cleaned by the encoder, not the caller. */
export interface SlipData {
  readonly storeName: string;
  readonly redeemedAt: Date;
  readonly timeZone: string;
  readonly productName: string;
  readonly variantName?: string | undefined;
  readonly maskedCode: string;
  readonly orderNumber: string;
  readonly quantity: number;
  readonly remaining: number;
  readonly totalUnits: number;
  readonly redemptionId: string;
  readonly deviceId: string;
  readonly clerkName?: string | undefined;
  readonly offline: boolean;
  /** A reprint says when and by whom it was made (issue 11): the first slip's time is the redemption's. */
  readonly reprint?: Reprint | undefined;
}

export interface Reprint {
  readonly at: Date;
  /** The supervisor who asked for it; absent when nobody was logged in. */
  readonly by?: string | undefined;
}

export interface EncodedSlip {
  /** The bytes the printer receives. */
  readonly bytes: Buffer;
  /** A plain-text rendering of the same slip, for people and for `file` printers. */
  readonly text: string;
  /** A picture of the same slip (an SVG document), for people: drawn when `keepsPicture` says so. */
  readonly svg?: string | undefined;
}

export interface PrintJob {
  /** Unique per print (the redemption id, with a suffix for reprints): names the files of `file` printers. */
  readonly id: string;
  readonly slip: EncodedSlip;
}

/**
 * A failed print. `retryable` when the printer may come back (unplugged, paper out, timeout).
 * `offline`: the printer answered that it is offline for another reason (an error, the feed button).
 */
export class PrinterError extends Error {
  override readonly name = "PrinterError";
  constructor(
    message: string,
    readonly code: "disconnected" | "timeout" | "paper_out" | "cover_open" | "offline" | "io",
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Printer {
  readonly kind: PrinterKind;
  /** Opens the link when the kind keeps one open; never throws for an absent printer (state says so). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Sends one job; resolves when the bytes are handed to the device. Throws `PrinterError`. Where the
   * link is two-way, the printer is asked first and nothing is sent unless it says it is ready.
   */
  print(job: PrintJob): Promise<void>;
  /** The last known state; never waits. */
  state(): PrinterState;
  /**
   * Finds the state out now and returns it: asks the printer where the link is two-way (serial,
   * tcp: DLE EOT, between jobs, with a timeout); elsewhere checks that the device is there.
   */
  checkState(): Promise<PrinterState>;
}
