/**
 * Slips laid out once, in printed columns (font A: 12 dots a column, a Big5 character two columns),
 * and rendered from that one layout as ESC/POS in Chinese mode, as a raster image, as plain text and
 * as an SVG picture, so the renderings cannot drift apart.
 *
 * Every string that reaches a line has been through `toPrintable` (or is one of our constants), so
 * a renderer only ever sees printable ASCII and characters that cp950 encodes.
 */

import type { SlipData } from "../../device/ports/printer.js";
import { type Alignment, padToWidth, printedWidth, toPrintable, wrapToWidth } from "./big5Text.js";

export type PaperWidthMm = 58 | 80;

/** Font A columns: 384 dots / 12 on 58 mm paper, 576 / 12 on 80 mm. */
export const columnsByPaper = { 58: 32, 80: 48 } as const;
/** Dots a font A column takes: 12 of the 24×24 dot cell a Big5 character fills. */
export const dotsPerColumn = 12;
/** QR module size in dots: the 36-character id is a 29-module symbol, 22 mm or 29 mm wide. */
export const qrModuleByPaper = { 58: 6, 80: 8 } as const;

const maxQrData = 128;

/** `tall` is double height (same columns); `large` double width and height (half the columns). */
export type TextSize = "normal" | "tall" | "large";

export interface TextLine {
  readonly kind: "text";
  readonly text: string;
  readonly alignment: Alignment;
  readonly size: TextSize;
  readonly bold: boolean;
}

export interface QrLine {
  readonly kind: "qr";
  readonly data: string;
}

export type SlipLine = TextLine | QrLine;

/** Collects lines for one paper width; every text line it makes fits that width at its size. */
export class SlipLayout {
  readonly lines: SlipLine[] = [];

  constructor(readonly columns: number) {}

  add(text: string, alignment: Alignment = "left", size: TextSize = "normal", bold = false): void {
    this.lines.push({ kind: "text", text, alignment, size, bold });
  }

  /** Untrusted text, wrapped at the full width (or half of it in `large` letters). */
  paragraph(text: string, bold = false, alignment: Alignment = "left", size: TextSize = "normal"): void {
    const width = size === "large" ? Math.floor(this.columns / 2) : this.columns;
    for (const line of wrapToWidth(text, width)) this.add(line, alignment, size, bold);
  }

  rule(char: "-" | "="): void {
    this.add(char.repeat(this.columns));
  }

  /** Label left, value right on one line when both fit; otherwise the value wraps below the label. */
  field(label: string, value: string, size: "normal" | "tall" = "normal"): void {
    const printable = toPrintable(value).trim();
    const gap = this.columns - printedWidth(label) - printedWidth(printable);
    if (gap >= 1) {
      this.add(`${label}${" ".repeat(gap)}${printable}`, "left", size);
      return;
    }
    this.add(label, "left", size);
    for (const line of wrapToWidth(printable, this.columns - 2)) this.add(`  ${line}`, "left", size);
  }

  /**
   * A table row: `cells` right-aligned in columns of `widths`, two spaces apart, at the right edge;
   * the label left of them when it fits on the same line, else on its own line(s) above them.
   */
  tableRow(label: string, cells: readonly string[], widths: readonly number[], bold = false): void {
    const block = cells.map((cell, i) => padToWidth(toPrintable(cell), widths[i] ?? 0, "right")).join("  ");
    const text = toPrintable(label);
    const gap = this.columns - printedWidth(text) - printedWidth(block);
    if (gap >= 1) {
      this.add(`${text}${" ".repeat(gap)}${block}`, "left", "normal", bold);
      return;
    }
    this.paragraph(text, bold);
    this.add(padToWidth(block, this.columns, "right"), "left", "normal", bold);
  }

  /**
   * At most `maxQrData` characters (a redemption id has 36): the GS ( k length then stays below 256,
   * so its high byte is 0 and its low byte, even when it is 0x10, never starts a DLE real-time
   * sequence.
   */
  qr(data: string): void {
    this.lines.push({ kind: "qr", data: toPrintable(data).slice(0, maxQrData) });
  }
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

const slipTimeFormats = new Map<string, { format: Intl.DateTimeFormat; suffix: string }>();

/**
 * One formatter per zone, kept: making an `Intl.DateTimeFormat` costs about 0.5 ms, a quarter of a
 * slip's whole encoding budget (docs/performance.md), and a kiosk only ever uses its own zone.
 */
function slipTimeFormat(timeZone: string): { format: Intl.DateTimeFormat; suffix: string } {
  let cached = slipTimeFormats.get(timeZone);
  if (cached === undefined) {
    try {
      cached = { format: new Intl.DateTimeFormat("en-US", { ...timeFormat, timeZone }), suffix: "" };
    } catch {
      cached = {
        format: new Intl.DateTimeFormat("en-US", { ...timeFormat, timeZone: "UTC" }),
        suffix: " UTC",
      };
    }
    slipTimeFormats.set(timeZone, cached);
  }
  return cached;
}

/**
 * `2026-11-27 16:05:09` in the store's time zone. An unknown zone (a typo in the config) falls back
 * to UTC, marked so, rather than failing every print.
 */
export function formatSlipTime(at: Date, timeZone: string): string {
  const { format, suffix } = slipTimeFormat(timeZone);
  const parts = format.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")}${suffix}`;
}

/** The redemption slip of docs/domain.md §2. */
export function layoutSlip(slip: SlipData, columns: number): SlipLine[] {
  const layout = new SlipLayout(columns);
  layout.paragraph(slip.storeName, true, "center", "large");
  layout.add("電子票券核銷單", "center", "normal", true);
  if (slip.offline) layout.add("** 離線 OFFLINE **", "center", "tall", true);
  if (slip.reprint !== undefined) layout.add("** 補印 REPRINT **", "center", "tall", true);
  layout.rule("=");
  layout.field("時間 Time", formatSlipTime(slip.redeemedAt, slip.timeZone));
  if (slip.reprint !== undefined) {
    layout.field("補印 Reprint", formatSlipTime(slip.reprint.at, slip.timeZone));
    if (slip.reprint.by !== undefined) layout.field("補印者 By", slip.reprint.by);
  }
  layout.rule("-");
  layout.add("商品 Product");
  layout.paragraph(slip.productName, true);
  if (slip.variantName !== undefined) layout.paragraph(slip.variantName);
  layout.field("訂單 Order", slip.orderNumber);
  layout.field("票券 Code", slip.maskedCode);
  layout.rule("-");
  layout.field("本次核銷 Redeemed", String(slip.quantity), "tall");
  layout.field("剩餘/總數 Left/Total", `${slip.remaining} / ${slip.totalUnits}`);
  layout.rule("-");
  layout.field("核銷編號 Ref", toPrintable(slip.redemptionId).slice(0, 8));
  layout.field("裝置 Device", slip.deviceId);
  if (slip.clerkName !== undefined) layout.field("店員 Clerk", slip.clerkName);
  layout.rule("=");
  layout.qr(slip.redemptionId);
  return layout.lines;
}
