/**
 * The QR symbols drawn on raster slips, slip pictures and pairing codes (device/qrMatrix.ts),
 * read back by a decoder of its own (jsQR): the symbol holds the text, whatever made it.
 */
import { randomUUID } from "node:crypto";
import test from "ava";
import { pairingText } from "../../device/ports/pairingWire.js";
import { type QrMatrix, qrMatrices, qrMatrix } from "../../device/qrMatrix.js";
import { readQrPixels } from "../helpers/qrReader.js";

/** The symbol as an RGBA picture, `scale` pixels a module, with a quiet zone of four modules. */
function picture(symbol: QrMatrix, scale: number): { rgba: Uint8ClampedArray; side: number } {
  const quiet = 4;
  const side = (symbol.size + 2 * quiet) * scale;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y += 1)
    for (let x = 0; x < side; x += 1) {
      const row = Math.floor(y / scale) - quiet;
      const column = Math.floor(x / scale) - quiet;
      if (row < 0 || column < 0 || row >= symbol.size || column >= symbol.size) continue;
      if (symbol.dark(row, column)) rgba.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  return { rgba, side };
}

test("one slip's renderings share one symbol", (t) => {
  const qr = qrMatrices();
  t.is(qr("abc"), qr("abc"));
  t.not(qr("abc"), qr("abd"));
  t.is(qr("abc").size, 21, "a short id fits version 1");
});

test("a symbol reads back as its text: redemption ids, a pairing text, the longest QR line a slip holds", (t) => {
  const texts = [
    ...Array.from({ length: 8 }, () => randomUUID()),
    pairingText("ABCDEFGHJKMNPQRS", "https://central.example:8787"),
    "x".repeat(128),
  ];
  for (const text of texts) {
    const symbol = qrMatrix(text);
    const { rgba, side } = picture(symbol, 4);
    t.is(readQrPixels(rgba, side, side), text, `${text} (${symbol.size} modules a side)`);
  }
  t.is(
    qrMatrix(randomUUID()).size,
    29,
    "a redemption id is version 3 at level M, as the printer's own symbol",
  );
});
