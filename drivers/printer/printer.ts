/**
 * The printer port. A slip is encoded once (`escposSlip.ts`) into ESC/POS bytes plus a readable
 * text rendering; every adapter (file, serial, tcp, usb-lp) sends the very same bytes.
 */
export const printerKinds = ["serial", "usb-lp", "tcp", "file", "none"] as const;
export type PrinterKind = (typeof printerKinds)[number];

export type PrinterState = "ready" | "paper_out" | "cover_open" | "offline" | "disconnected" | "none";

/** What a slip says (PRODUCT.md §2). Untrusted strings are cleaned by the encoder, not the caller. */
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
  readonly reprint: boolean;
}

export interface EncodedSlip {
  /** The bytes the printer receives. */
  readonly bytes: Buffer;
  /** A plain-text rendering of the same slip, for people and for `file` printers. */
  readonly text: string;
}

export interface PrintJob {
  /** Unique per print (the redemption id, with a suffix for reprints): names the files of `file` printers. */
  readonly id: string;
  readonly slip: EncodedSlip;
}

/** A failed print. `retryable` when the printer may come back (unplugged, paper out, timeout). */
export class PrinterError extends Error {
  override readonly name = "PrinterError";
  constructor(
    message: string,
    readonly code: "disconnected" | "timeout" | "paper_out" | "cover_open" | "io",
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
  /** Sends one job; resolves when the bytes are handed to the device. Throws `PrinterError`. */
  print(job: PrintJob): Promise<void>;
  state(): PrinterState;
}
