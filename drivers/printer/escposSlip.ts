/**
 * The redemption slip of PRODUCT.md §2 as ESC/POS bytes for a printer in Chinese mode (Big5), and
 * the same slip as plain UTF-8 lines for people reading `.txt` files. Both renderings come from one
 * layout, so they cannot drift apart.
 *
 * Commands used (Epson ESC/POS, HARDWARE.md): ESC @ initialise, FS & / FS . Chinese mode on / off,
 * ESC a alignment, GS ! character size, ESC E emphasis, GS ( k QR code (model 2, ECC M), GS V 66 0
 * feed and cut. Rules are drawn with `-` and `=` only: box-drawing bytes print as Big5 garbage in
 * Chinese mode. Every text byte passes through `toCp950`, so no name can smuggle a command in.
 */

import { type Alignment, padToWidth, printedWidth, toCp950, toPrintable, wrapToWidth } from "./big5Text.js";
import type { EncodedSlip, SlipData } from "./printer.js";

export interface SlipOptions {
  readonly paperWidthMm: 58 | 80;
}

/** Font A columns: 384 dots / 12 on 58 mm paper, 576 / 12 on 80 mm. */
const columnsByPaper = { 58: 32, 80: 48 } as const;
/** QR module size in dots: the 36-character id is a 29-module symbol, 22 mm or 29 mm wide. */
const qrModuleByPaper = { 58: 6, 80: 8 } as const;

/** `tall` is double height (same columns); `large` double width and height (half the columns). */
type TextSize = "normal" | "tall" | "large";

interface TextLine {
  readonly kind: "text";
  readonly text: string;
  readonly alignment: Alignment;
  readonly size: TextSize;
  readonly bold: boolean;
}

interface QrLine {
  readonly kind: "qr";
  readonly data: string;
}

type SlipLine = TextLine | QrLine;

const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
const LF = 0x0a;

const command = {
  initialise: [ESC, 0x40],
  chineseOn: [FS, 0x26],
  chineseOff: [FS, 0x2e],
  align: { left: [ESC, 0x61, 0], center: [ESC, 0x61, 1], right: [ESC, 0x61, 2] },
  size: { normal: [GS, 0x21, 0x00], tall: [GS, 0x21, 0x01], large: [GS, 0x21, 0x11] },
  bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
  feedAndCut: [GS, 0x56, 0x42, 0x00],
} as const;

/** Epson `GS ( k`: select model 2, module size, ECC level M, store the data, print it. */
function qrCommands(data: string, moduleDots: number): Buffer {
  // toCp950, not a plain ASCII conversion: it is the one path that guarantees no DLE/ESC/GS byte,
  // and printers act on real-time DLE commands even inside the QR data.
  const payload = toCp950(data);
  const storeLength = payload.length + 3;
  return Buffer.concat([
    Buffer.from([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]),
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleDots]),
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31]),
    Buffer.from([GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30]),
    payload,
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]),
  ]);
}

const timeFormat = {
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
} as const;

/**
 * `2026-11-27 16:05:09` in the store's time zone. An unknown zone (a typo in the config) falls back
 * to UTC, marked so, rather than failing every print.
 */
export function formatSlipTime(at: Date, timeZone: string): string {
  let format: Intl.DateTimeFormat;
  let suffix = "";
  try {
    format = new Intl.DateTimeFormat("en-US", { ...timeFormat, timeZone });
  } catch {
    format = new Intl.DateTimeFormat("en-US", { ...timeFormat, timeZone: "UTC" });
    suffix = " UTC";
  }
  const parts = format.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")}${suffix}`;
}

/** Lays the slip out in printed columns; every text line fits its width at its size. */
function layoutSlip(slip: SlipData, columns: number): SlipLine[] {
  const lines: SlipLine[] = [];
  const add = (
    text: string,
    alignment: Alignment = "left",
    size: TextSize = "normal",
    bold = false,
  ): void => {
    lines.push({ kind: "text", text, alignment, size, bold });
  };
  const paragraph = (text: string, bold = false): void => {
    for (const line of wrapToWidth(text, columns)) add(line, "left", "normal", bold);
  };
  const rule = (char: "-" | "="): void => add(char.repeat(columns));
  /** Label left, value right on one line when both fit; otherwise the value wraps below the label. */
  const field = (label: string, value: string, size: TextSize = "normal"): void => {
    const printable = toPrintable(value).trim();
    const gap = columns - printedWidth(label) - printedWidth(printable);
    if (gap >= 1) {
      add(`${label}${" ".repeat(gap)}${printable}`, "left", size);
      return;
    }
    add(label, "left", size);
    for (const line of wrapToWidth(printable, columns - 2)) add(`  ${line}`, "left", size);
  };

  for (const line of wrapToWidth(slip.storeName, Math.floor(columns / 2))) add(line, "center", "large", true);
  add("電子票券核銷單", "center", "normal", true);
  if (slip.offline) add("** 離線 OFFLINE **", "center", "tall", true);
  if (slip.reprint) add("** 補印 REPRINT **", "center", "tall", true);
  rule("=");
  field("時間 Time", formatSlipTime(slip.redeemedAt, slip.timeZone));
  rule("-");
  add("商品 Product");
  paragraph(slip.productName, true);
  if (slip.variantName !== undefined) paragraph(slip.variantName);
  field("訂單 Order", slip.orderNumber);
  field("票券 Code", slip.maskedCode);
  rule("-");
  field("本次核銷 Redeemed", String(slip.quantity), "tall");
  field("剩餘/總數 Left/Total", `${slip.remaining} / ${slip.totalUnits}`);
  rule("-");
  field("核銷編號 Ref", toPrintable(slip.redemptionId).slice(0, 8));
  field("裝置 Device", slip.deviceId);
  if (slip.clerkName !== undefined) field("店員 Clerk", slip.clerkName);
  rule("=");
  lines.push({ kind: "qr", data: toPrintable(slip.redemptionId) });
  return lines;
}

/**
 * ESC/POS for the laid-out lines. Modes are sent only when they change. The QR block goes out with
 * Chinese mode off, a precaution: its data is not text, and no firmware should get the chance to
 * pair its bytes up as Big5.
 */
function renderEscPos(lines: readonly SlipLine[], qrModuleDots: number): Buffer {
  const chunks: Buffer[] = [Buffer.from(command.initialise)];
  const mode = { chinese: false, alignment: "left" as Alignment, size: "normal" as TextSize, bold: false };
  const send = (bytes: readonly number[] | Buffer): void => {
    chunks.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  };
  const setChinese = (on: boolean): void => {
    if (mode.chinese !== on) send(on ? command.chineseOn : command.chineseOff);
    mode.chinese = on;
  };
  const setAlignment = (alignment: Alignment): void => {
    if (mode.alignment !== alignment) send(command.align[alignment]);
    mode.alignment = alignment;
  };

  for (const line of lines) {
    if (line.kind === "qr") {
      setChinese(false);
      setAlignment("center");
      send(qrCommands(line.data, qrModuleDots));
      send([LF]);
      continue;
    }
    setChinese(true);
    setAlignment(line.alignment);
    if (mode.size !== line.size) send(command.size[line.size]);
    if (mode.bold !== line.bold) send(command.bold(line.bold));
    mode.size = line.size;
    mode.bold = line.bold;
    send(toCp950(line.text));
    send([LF]);
  }
  setChinese(false);
  send(command.feedAndCut);
  return Buffer.concat(chunks);
}

/** The same lines as UTF-8 text, aligned with spaces; the QR shows as `[QR] <id>`. */
function renderText(lines: readonly SlipLine[], columns: number): string {
  const out: string[] = [];
  for (const line of lines) {
    const texts = line.kind === "qr" ? wrapToWidth(`[QR] ${line.data}`, columns) : [line.text];
    const alignment = line.kind === "qr" ? "center" : line.alignment;
    for (const text of texts) out.push(padToWidth(text, columns, alignment).trimEnd());
  }
  return `${out.join("\n")}\n`;
}

/** Encodes one slip for the given paper; untrusted strings in `slip` are cleaned here. */
export function encodeSlip(slip: SlipData, options: SlipOptions): EncodedSlip {
  const columns = columnsByPaper[options.paperWidthMm];
  const lines = layoutSlip(slip, columns);
  return {
    bytes: renderEscPos(lines, qrModuleByPaper[options.paperWidthMm]),
    text: renderText(lines, columns),
  };
}
