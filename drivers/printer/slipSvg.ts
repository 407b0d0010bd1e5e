/**
 * A picture of the slip for people: the `file` printer writes it beside the `.bin`. It is the same
 * layout as the printed slip, in printer dots (one unit a dot: 384 wide on 58 mm paper, 576 on 80 mm),
 * with text in a font that has Traditional Chinese. Each character is placed in its own cell, the
 * way the printer places it, so fields line up whatever font the viewer picks (per-run spacing with
 * `textLength` or `x` lists is ignored by some renderers, librsvg among them). Double height and
 * width are scalings of the line, as on the printer. The QR code is drawn module by module
 * (`device/qrMatrix.ts`) at the printer's module size, with its data below it for a person to read.
 */

import type { QrMatrix } from "../../device/qrMatrix.js";
import { printedWidth, wrapToWidth } from "./big5Text.js";
import {
  columnsByPaper,
  dotsPerColumn,
  type PaperWidthMm,
  qrModuleByPaper,
  type SlipLine,
  type TextLine,
} from "./slipLayout.js";

const margin = 16;
const cellRows = 24;
const gapRows = 6;
/** Where the baseline sits in a 24-dot cell. */
const baseline = 20;
const fontFamily =
  "'Noto Sans Mono CJK TC','Noto Sans CJK TC','Noto Sans TC','WenQuanYi Zen Hei','Microsoft JhengHei','PingFang TC',monospace";

/** Text is printable already (the layout saw to it); only XML's own characters need escaping. */
function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function textLine(line: TextLine, top: number, widthDots: number): { svg: string; height: number } {
  const scaleX = line.size === "large" ? 2 : 1;
  const scaleY = line.size === "normal" ? 1 : 2;
  const free = Math.max(0, widthDots - printedWidth(line.text) * dotsPerColumn * scaleX);
  const left =
    margin + (line.alignment === "left" ? 0 : line.alignment === "right" ? free : Math.floor(free / 2));
  const cells: string[] = [];
  let column = 0;
  for (const char of line.text) {
    if (char !== " ")
      cells.push(`<text x="${column * dotsPerColumn}" y="${baseline}">${escapeXml(char)}</text>`);
    column += printedWidth(char);
  }
  const weight = line.bold ? ' font-weight="bold"' : "";
  const svg = `<g transform="translate(${left},${top}) scale(${scaleX},${scaleY})"${weight}>${cells.join("")}</g>`;
  return { svg, height: cellRows * scaleY + gapRows };
}

/** `qr` makes the symbol of a QR line (`qrMatrices`, so the slip's raster can share it). */
export function renderSvg(
  lines: readonly SlipLine[],
  paperWidthMm: PaperWidthMm,
  qr: (data: string) => QrMatrix,
): string {
  const widthDots = columnsByPaper[paperWidthMm] * dotsPerColumn;
  const parts: string[] = [];
  let top = margin;
  for (const line of lines) {
    if (line.kind === "text") {
      const { svg, height } = textLine(line, top, widthDots);
      parts.push(svg);
      top += height;
      continue;
    }
    const matrix = qr(line.data);
    const module = qrModuleByPaper[paperWidthMm];
    const side = matrix.size * module;
    const x = margin + Math.floor((widthDots - side) / 2);
    const path: string[] = [];
    for (let row = 0; row < matrix.size; row += 1) {
      for (let column = 0; column < matrix.size; column += 1) {
        if (matrix.dark(row, column))
          path.push(`M${x + column * module} ${top + row * module}h${module}v${module}h-${module}z`);
      }
    }
    parts.push(`<path d="${path.join("")}" fill="black"/>`);
    top += side + gapRows;
    for (const text of wrapToWidth(line.data, widthDots / dotsPerColumn)) {
      const data: TextLine = { kind: "text", text, alignment: "center", size: "normal", bold: false };
      const { svg, height } = textLine(data, top, widthDots);
      parts.push(svg);
      top += height;
    }
  }
  const width = widthDots + 2 * margin;
  const height = top + margin;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="white"/>` +
    `<g font-family="${fontFamily}" font-size="${cellRows}" fill="black">${parts.join("")}</g></svg>\n`
  );
}
