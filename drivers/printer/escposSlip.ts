/**
 * The redemption slip of docs/domain.md §2 as the bytes a printer gets, plus two renderings of the same
 * layout for people: plain UTF-8 lines (`.txt`) and, when asked for, an SVG picture.
 *
 * Two encodings: `big5` prints text in the printer's Chinese mode (FS &, cp950 bytes); `raster`
 * draws it as images (`rasterSlip.ts`) for printers without a Chinese font. Commands used in Chinese
 * mode (Epson ESC/POS, docs/hardware.md): ESC @ initialise, FS & / FS . Chinese mode on / off, ESC a
 * alignment, GS ! character size, ESC E emphasis, GS ( k QR code (model 2, ECC M), GS V 66 0 feed
 * and cut. Rules are drawn with `-` and `=` only: box-drawing bytes print as Big5 garbage in Chinese
 * mode. Every text byte passes through `toCp950`, so no name can smuggle a command in.
 */

import type { SlipEncoding } from "../../device/ports/deviceKinds.js";
import type { EncodedSlip, SlipData } from "../../device/ports/printer.js";
import { qrMatrices } from "../../device/qrMatrix.js";
import { type Alignment, padToWidth, toCp950, wrapToWidth } from "./big5Text.js";
import { command, LF, qrCommands } from "./escposCommands.js";
import { slipFont } from "./glyphFont.js";
import { renderRaster } from "./rasterSlip.js";
import {
  columnsByPaper,
  layoutSlip,
  type PaperWidthMm,
  qrModuleByPaper,
  type SlipLine,
  type TextSize,
} from "./slipLayout.js";
import { renderSvg } from "./slipSvg.js";

export interface SlipOptions {
  readonly paperWidthMm: PaperWidthMm;
  /** `big5` when absent. */
  readonly encoding?: SlipEncoding | undefined;
  /**
   * Draw the SVG picture too: only for printers that keep it (`keepsPicture`). It costs more than
   * the printer's bytes (docs/performance.md), and nobody else would see it.
   */
  readonly picture?: boolean | undefined;
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

/** Encodes laid-out lines (`slipLayout.ts`) for the given paper and encoding. */
export function encodeLayout(lines: readonly SlipLine[], options: SlipOptions): EncodedSlip {
  const { paperWidthMm } = options;
  const qr = qrMatrices();
  const bytes =
    options.encoding === "raster"
      ? renderRaster(lines, paperWidthMm, slipFont(), qr)
      : renderEscPos(lines, qrModuleByPaper[paperWidthMm]);
  const text = renderText(lines, columnsByPaper[paperWidthMm]);
  return options.picture === true
    ? { bytes, text, svg: renderSvg(lines, paperWidthMm, qr) }
    : { bytes, text };
}

/** Encodes one slip; untrusted strings in `slip` are cleaned here. */
export function encodeSlip(slip: SlipData, options: SlipOptions): EncodedSlip {
  return encodeLayout(layoutSlip(slip, columnsByPaper[options.paperWidthMm]), options);
}
