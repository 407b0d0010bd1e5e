/**
 * The slip as ESC/POS raster images (`printer.encoding: raster`), for printers without a Chinese
 * font: each text line is drawn with the slip font (`glyphFont.ts`) into a full-width band and sent
 * as one `GS v 0` image; a Big5 character fills a 24×24-dot cell and an ASCII one 12×24, the cells
 * of the printer's own font A, so the raster slip has the layout of the Big5 one. Bands are one line
 * each (at most 54 rows), well under the image size cheap printers buffer.
 *
 * The QR code is drawn too (`qrMatrix.ts`), centred, with the module size of the native symbol, so
 * a raster slip needs nothing of the printer but `GS v 0`.
 *
 * Image data is arbitrary bytes, and printers obey the real-time commands DLE EOT, DLE ENQ and
 * DLE DC4 (10 04, 10 05, 10 14) wherever they appear, even inside an image (DLE DC4 can pulse the
 * cash drawer or switch the printer off). A text can draw such a pair of bytes, so every 0x10 byte
 * followed by 04, 05 or 14 loses its one dot: invisible at 203 dpi, and no name can send a command.
 */
import { printedWidth } from "./big5Text.js";
import { command, rasterImage } from "./escposCommands.js";
import { type GlyphFont, glyphRows } from "./glyphFont.js";
import { qrMatrix } from "./qrMatrix.js";
import {
  columnsByPaper,
  dotsPerColumn,
  type PaperWidthMm,
  qrModuleByPaper,
  type SlipLine,
  type TextLine,
} from "./slipLayout.js";

/** Font A's cell height, and the blank rows below each line (about the printer's line spacing). */
const cellRows = 24;
const gapRows = 6;

export function renderRaster(
  lines: readonly SlipLine[],
  paperWidthMm: PaperWidthMm,
  font: GlyphFont,
): Buffer {
  const widthDots = columnsByPaper[paperWidthMm] * dotsPerColumn;
  // Full-width images ignore alignment on most printers; left alignment makes sure on all.
  const chunks: Buffer[] = [Buffer.from(command.initialise), Buffer.from(command.align.left)];
  for (const line of lines) {
    const { rows, dots } =
      line.kind === "qr"
        ? drawQr(line.data, qrModuleByPaper[paperWidthMm], widthDots)
        : drawLine(line, widthDots, font);
    const data = packRows(dots, widthDots, rows);
    defuseRealTimeCommands(data);
    chunks.push(rasterImage(widthDots / 8, rows, data));
  }
  chunks.push(Buffer.from(command.feedAndCut));
  return Buffer.concat(chunks);
}

/** One line as dots (one byte each, 1 = black), `widthDots` a row. */
function drawLine(line: TextLine, widthDots: number, font: GlyphFont): { rows: number; dots: Uint8Array } {
  const scaleX = line.size === "large" ? 2 : 1;
  const cellHeight = cellRows * (line.size === "normal" ? 1 : 2);
  const rows = cellHeight + gapRows;
  const dots = new Uint8Array(widthDots * rows);
  const textDots = printedWidth(line.text) * dotsPerColumn * scaleX;
  const free = Math.max(0, widthDots - textDots);
  let x = line.alignment === "left" ? 0 : line.alignment === "right" ? free : Math.floor(free / 2);
  for (const char of line.text) {
    const glyph = font.glyph(char) ?? font.glyph("?");
    if (glyph === undefined) continue;
    const cellWidth = (glyph.width / 8) * dotsPerColumn * scaleX;
    // Nearest-neighbour scaling, 16 dots to 24 (or 48): every other source row and column doubles.
    for (let ty = 0; ty < cellHeight; ty += 1) {
      const sy = Math.floor((ty * glyphRows) / cellHeight);
      for (let tx = 0; tx < cellWidth && x + tx < widthDots; tx += 1) {
        if (glyph.dot(Math.floor((tx * glyph.width) / cellWidth), sy)) dots[ty * widthDots + x + tx] = 1;
      }
    }
    x += cellWidth;
  }
  if (line.bold) embolden(dots, widthDots, rows, scaleX);
  return { rows, dots };
}

/** A QR symbol centred in a full-width band, each module `moduleDots` square, with a blank row below. */
function drawQr(data: string, moduleDots: number, widthDots: number): { rows: number; dots: Uint8Array } {
  const matrix = qrMatrix(data);
  const side = matrix.size * moduleDots;
  const rows = side + gapRows;
  const dots = new Uint8Array(widthDots * rows);
  const left = Math.max(0, Math.floor((widthDots - side) / 2));
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side && left + x < widthDots; x += 1) {
      if (matrix.dark(Math.floor(y / moduleDots), Math.floor(x / moduleDots)))
        dots[y * widthDots + left + x] = 1;
    }
  }
  return { rows, dots };
}

/** Emphasis the way printers do it: every dot repeated `shift` dots to its right. */
function embolden(dots: Uint8Array, widthDots: number, rows: number, shift: number): void {
  for (let y = 0; y < rows; y += 1) {
    const row = y * widthDots;
    for (let x = widthDots - 1; x >= shift; x -= 1) {
      for (let s = 1; s <= shift; s += 1) {
        if (dots[row + x - s] === 1) dots[row + x] = 1;
      }
    }
  }
}

function packRows(dots: Uint8Array, widthDots: number, rows: number): Uint8Array {
  const bytesPerRow = widthDots / 8;
  const data = new Uint8Array(bytesPerRow * rows);
  for (let i = 0; i < dots.length; i += 1) {
    if (dots[i] === 1) data[i >> 3] = (data[i >> 3] ?? 0) | (0x80 >> (i & 7));
  }
  return data;
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
