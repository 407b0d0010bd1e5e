/**
 * The pairing QR code (central/pairingQr.ts) as `central pair` draws it in a terminal and as the
 * web console's SVG: both are the symbol of the QR text (the same symbol device/qrMatrix.ts
 * makes for that text), read back module by module.
 */
import test from "ava";
import { pairingQrSvg, pairingQrTerminal } from "../../../central/pairingQr.js";
import { pairingText } from "../../../device/ports/pairingWire.js";
import { qrMatrix } from "../../../device/qrMatrix.js";

const text = pairingText("ABCDEFGHJKMNPQRS", "https://central.example:8787");
const margin = 2;

/** The terminal drawing back to dark modules: a light half block is a light module (light on dark). */
function readTerminal(drawing: string, size: number): boolean[][] {
  const rows = drawing.split("\n");
  const light = (row: number, column: number): boolean => {
    const line = [...(rows[Math.floor(row / 2)] ?? "")];
    const ch = line[column] ?? " ";
    if (ch === "█") return true;
    if (ch === "▀") return row % 2 === 0;
    if (ch === "▄") return row % 2 === 1;
    return false;
  };
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => !light(row + margin, column + margin)),
  );
}

test("the terminal drawing is the text's QR symbol, light modules drawn, with a quiet zone", (t) => {
  const symbol = qrMatrix(text);
  const expected = Array.from({ length: symbol.size }, (_, row) =>
    Array.from({ length: symbol.size }, (_, column) => symbol.dark(row, column)),
  );
  const drawing = pairingQrTerminal(text);
  t.deepEqual(readTerminal(drawing, symbol.size), expected);
  t.is(drawing.split("\n")[0], "█".repeat(symbol.size + 2 * margin), "the quiet zone is light");
});

test("the SVG is one scalable element holding the same symbol's dark modules", (t) => {
  const svg = pairingQrSvg(text);
  t.regex(svg, /^<svg [^>]*viewBox="0 0 \d+ \d+"/);
  t.true(svg.trimEnd().endsWith("</svg>"));
  const symbol = qrMatrix(text);
  const cell = 4;
  const quiet = 16;
  let dark = 0;
  for (let row = 0; row < symbol.size; row += 1)
    for (let column = 0; column < symbol.size; column += 1) if (symbol.dark(row, column)) dark += 1;
  const drawn = svg.match(new RegExp(`M${quiet},${quiet}`, "g"));
  t.truthy(drawn, "the first module starts inside the quiet zone");
  t.is(
    (svg.match(/M\d+,\d+l\d+,0 0,\d+ -\d+,0 0,-\d+z/g) ?? []).length,
    dark,
    `one square per dark module (${cell} px)`,
  );
});
