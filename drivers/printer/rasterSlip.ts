/**
 * The slip as ESC/POS raster images (`printer.encoding: raster`), for printers without a Chinese
 * font: each text line is drawn with the slip font (`glyphFont.ts`) into a full-width band and sent
 * as one `GS v 0` image; a Big5 character fills a 24×24-dot cell and an ASCII one 12×24, the cells
 * of the printer's own font A, so the raster slip has the layout of the Big5 one. Bands are one line
 * each (at most 54 rows), well under the image size cheap printers buffer.
 *
 * The QR code is drawn too (`device/qrMatrix.ts`), centred, with the module size of the native symbol, so
 * a raster slip needs nothing of the printer but `GS v 0`.
 *
 * Image data is arbitrary bytes, and printers obey the real-time commands DLE EOT, DLE ENQ and
 * DLE DC4 (10 04, 10 05, 10 14) wherever they appear, even inside an image (DLE DC4 can pulse the
 * cash drawer or switch the printer off). A text can draw such a pair of bytes, so every 0x10 byte
 * followed by 04, 05 or 14 loses its one dot: invisible at 203 dpi, and no name can send a command.
 */

import type { QrMatrix } from "../../device/qrMatrix.js";
import { printedWidth } from "./big5Text.js";
import { command, rasterHeader } from "./escposCommands.js";
import { type GlyphFont, glyphRows } from "./glyphFont.js";
import {
  columnsByPaper,
  dotsPerColumn,
  type PaperWidthMm,
  qrModuleByPaper,
  type SlipLine,
  type TextLine,
  type TextSize,
} from "./slipLayout.js";

/** Font A's cell height, and the blank rows below each line (about the printer's line spacing). */
const cellRows = 24;
const gapRows = 6;

/** `qr` makes the symbol of a QR line (`qrMatrices`, so the slip's picture can share it). */
export function renderRaster(
  lines: readonly SlipLine[],
  paperWidthMm: PaperWidthMm,
  font: GlyphFont,
  qr: (data: string) => QrMatrix,
): Buffer {
  const widthDots = columnsByPaper[paperWidthMm] * dotsPerColumn;
  const bytesPerRow = widthDots / 8;
  const moduleDots = qrModuleByPaper[paperWidthMm];
  const rowsOf = (line: SlipLine) =>
    line.kind === "qr"
      ? qr(line.data).size * moduleDots + gapRows
      : cellRows * (line.size === "normal" ? 1 : 2) + gapRows;
  // Full-width images ignore alignment on most printers; left alignment makes sure on all.
  const head = [...command.initialise, ...command.align.left];
  const tail = command.feedAndCut;
  let length = head.length + tail.length;
  for (const line of lines) length += imageHeaderBytes + bytesPerRow * rowsOf(line);
  // One buffer for the whole slip, each band drawn in place (issue 16: the encode time is mostly
  // allocation and copying otherwise).
  const out = Buffer.alloc(length);
  out.set(head, 0);
  let at = head.length;
  for (const line of lines) {
    const rows = rowsOf(line);
    out.set(rasterHeader(bytesPerRow, rows), at);
    const band = out.subarray(at + imageHeaderBytes, at + imageHeaderBytes + bytesPerRow * rows);
    if (line.kind === "qr") drawQr(band, qr(line.data), moduleDots, widthDots);
    else drawLine(band, rows, line, widthDots, font);
    defuseRealTimeCommands(band);
    at += imageHeaderBytes + band.length;
  }
  out.set(tail, at);
  return out;
}

/** The bytes of `GS v 0`'s head before each band's dots. */
const imageHeaderBytes = 8;

/** One text line into its zeroed band: each character's cell ORed in where the printer would put it. */
function drawLine(data: Uint8Array, rows: number, line: TextLine, widthDots: number, font: GlyphFont): void {
  const scaleX = line.size === "large" ? 2 : 1;
  const bytesPerRow = widthDots / 8;
  const textDots = printedWidth(line.text) * dotsPerColumn * scaleX;
  const free = Math.max(0, widthDots - textDots);
  let x = line.alignment === "left" ? 0 : line.alignment === "right" ? free : Math.floor(free / 2);
  for (const char of line.text) {
    const cell = glyphCell(font, char, line.size);
    if (cell === undefined) continue;
    orCell(data, bytesPerRow, cell, x);
    x += cell.widthDots;
  }
  if (line.bold) embolden(data, bytesPerRow, rows, scaleX);
}

/** A glyph scaled to its printed cell, packed like a band: `rows` rows of `bytesPerRow` bytes. */
interface GlyphCell {
  readonly widthDots: number;
  readonly rows: number;
  readonly bytesPerRow: number;
  readonly bits: Uint8Array;
}

/**
 * Scaled cells, kept per font and size: scaling asks the glyph for every dot of the cell, and a
 * slip would otherwise do that for every character it prints, about 300,000 calls a slip
 * (docs/performance.md). Shops print the same few hundred characters; the cap bounds hostile text.
 */
const cellsByFont = new WeakMap<GlyphFont, Map<string, GlyphCell | undefined>>();
const maxCells = 20_000;

function glyphCell(font: GlyphFont, char: string, size: TextSize): GlyphCell | undefined {
  let cells = cellsByFont.get(font);
  if (cells === undefined) {
    cells = new Map();
    cellsByFont.set(font, cells);
  }
  const key = `${size} ${char}`;
  if (cells.has(key)) return cells.get(key);
  const cell = scaleGlyph(font, char, size);
  if (cells.size < maxCells) cells.set(key, cell);
  return cell;
}

/**
 * Nearest-neighbour scaling into the font A cell, 16 dots to 24 (or 48): every other source row and
 * column doubles. A character the font lacks prints as `?`.
 */
function scaleGlyph(font: GlyphFont, char: string, size: TextSize): GlyphCell | undefined {
  const glyph = font.glyph(char) ?? font.glyph("?");
  if (glyph === undefined) return undefined;
  const widthDots = (glyph.width / 8) * dotsPerColumn * (size === "large" ? 2 : 1);
  const rows = cellRows * (size === "normal" ? 1 : 2);
  const bytesPerRow = Math.ceil(widthDots / 8);
  const bits = new Uint8Array(bytesPerRow * rows);
  for (let y = 0; y < rows; y += 1) {
    const sy = Math.floor((y * glyphRows) / rows);
    for (let x = 0; x < widthDots; x += 1) {
      if (!glyph.dot(Math.floor((x * glyph.width) / widthDots), sy)) continue;
      const at = y * bytesPerRow + (x >> 3);
      bits[at] = (bits[at] ?? 0) | (0x80 >> (x & 7));
    }
  }
  return { widthDots, rows, bytesPerRow, bits };
}

/** ORs a cell into the band with its left edge at dot `x`; what passes the band's right edge is cut. */
function orCell(data: Uint8Array, bytesPerRow: number, cell: GlyphCell, x: number): void {
  const shift = x & 7;
  const first = x >> 3;
  const bytes = Math.min(cell.bytesPerRow, bytesPerRow - first);
  for (let y = 0; y < cell.rows; y += 1) {
    const row = y * bytesPerRow + first;
    const from = y * cell.bytesPerRow;
    for (let i = 0; i < bytes; i += 1) {
      const bits = cell.bits[from + i] ?? 0;
      if (bits === 0) continue;
      data[row + i] = (data[row + i] ?? 0) | (bits >> shift);
      if (shift > 0 && first + i + 1 < bytesPerRow)
        data[row + i + 1] = (data[row + i + 1] ?? 0) | ((bits << (8 - shift)) & 0xff);
    }
  }
}

/** A QR symbol centred in its zeroed full-width band, each module `moduleDots` square, a blank gap below. */
function drawQr(data: Uint8Array, matrix: QrMatrix, moduleDots: number, widthDots: number): void {
  const bytesPerRow = widthDots / 8;
  const side = matrix.size * moduleDots;
  const left = Math.max(0, Math.floor((widthDots - side) / 2));
  for (let row = 0; row < matrix.size; row += 1) {
    // The first dot row of each module row is drawn; the module's other rows are copies of it.
    const first = row * moduleDots * bytesPerRow;
    for (let column = 0; column < matrix.size; column += 1) {
      if (!matrix.dark(row, column)) continue;
      const from = left + column * moduleDots;
      for (let x = from; x < from + moduleDots && x < widthDots; x += 1) {
        const at = first + (x >> 3);
        data[at] = (data[at] ?? 0) | (0x80 >> (x & 7));
      }
    }
    for (let copy = 1; copy < moduleDots; copy += 1) {
      data.copyWithin(first + copy * bytesPerRow, first, first + bytesPerRow);
    }
  }
}

/**
 * Emphasis the way printers do it: every dot repeated `shift` dots to its right, a whole byte at a
 * time. Each row runs right to left, so a byte and its left neighbour are still unchanged when read.
 */
function embolden(data: Uint8Array, bytesPerRow: number, rows: number, shift: number): void {
  for (let y = 0; y < rows; y += 1) {
    const row = y * bytesPerRow;
    for (let i = bytesPerRow - 1; i >= 0; i -= 1) {
      const bits = data[row + i] ?? 0;
      const left = i > 0 ? (data[row + i - 1] ?? 0) : 0;
      let bold = bits;
      for (let s = 1; s <= shift; s += 1) bold |= (bits >> s) | ((left << (8 - s)) & 0xff);
      data[row + i] = bold;
    }
  }
}

/** Real-time command bytes after DLE: EOT (status), ENQ (recover), DC4 (pulse, power off, clear). */
const realTimeAfterDle = new Set([0x04, 0x05, 0x14]);

/** Clears each DLE (0x10) byte that an EOT, ENQ or DC4 byte follows; returns how many. */
export function defuseRealTimeCommands(data: Uint8Array): number {
  let cleared = 0;
  for (let i = 0; i + 1 < data.length; i += 1) {
    if (data[i] === 0x10 && realTimeAfterDle.has(data[i + 1] ?? 0)) {
      data[i] = 0;
      cleared += 1;
    }
  }
  return cleared;
}
