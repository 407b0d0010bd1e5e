/**
 * The pairing QR code (docs/central.md, "Pairing a kiosk") drawn two ways from one symbol: as text
 * for a terminal (`central pair`) and as an SVG string for the web console's 裝置 page. The symbol
 * is the slips' (device/qrMatrix.ts, error correction M): a kiosk's scanner reads it off a
 * phone or a monitor.
 */
import { type QrMatrix, qrMatrix } from "../device/qrMatrix.js";

/** Whether the module at (row, column) of the symbol drawn with `margin` modules of quiet zone is light. */
function lightAt(symbol: QrMatrix, margin: number, row: number, column: number): boolean {
  const r = row - margin;
  const c = column - margin;
  const inside = r >= 0 && r < symbol.size && c >= 0 && c < symbol.size;
  return !inside || !symbol.dark(r, c);
}

/**
 * Half blocks, two module rows a character row, light modules drawn (a terminal's text is light on
 * dark), with a quiet zone of two modules. Past the quiet zone's last row nothing is drawn.
 */
export function pairingQrTerminal(text: string): string {
  const symbol = qrMatrix(text);
  const margin = 2;
  const side = symbol.size + 2 * margin;
  const lines: string[] = [];
  for (let row = 0; row < side; row += 2) {
    let line = "";
    for (let column = 0; column < side; column += 1) {
      const top = lightAt(symbol, margin, row, column);
      const bottom = row + 1 < side && lightAt(symbol, margin, row + 1, column);
      line += top ? (bottom ? "█" : "▀") : bottom ? "▄" : " ";
    }
    lines.push(line);
  }
  return lines.join("\n");
}

/** A scalable `<svg>` element, a 4 px square per dark module, four modules of quiet zone, for an HTML page. */
export function pairingQrSvg(text: string): string {
  const symbol = qrMatrix(text);
  const cell = 4;
  const quiet = 4 * cell;
  const side = symbol.size * cell + 2 * quiet;
  const squares: string[] = [];
  for (let row = 0; row < symbol.size; row += 1)
    for (let column = 0; column < symbol.size; column += 1)
      if (symbol.dark(row, column))
        squares.push(
          `M${quiet + column * cell},${quiet + row * cell}l${cell},0 0,${cell} -${cell},0 0,-${cell}z`,
        );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" preserveAspectRatio="xMinYMin meet" shape-rendering="crispEdges">` +
    `<rect width="100%" height="100%" fill="white"/><path d="${squares.join(" ")}" fill="black"/></svg>`
  );
}
