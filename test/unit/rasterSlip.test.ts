/**
 * Raster slips (`printer.encoding: raster`) against golden byte files, and the drawing itself
 * against the font: cells, scaling, alignment, emphasis, and no real-time command in image data.
 *
 * Golden files: test/fixtures/slips/slip-<paper>-raster.bin. After an intended change:
 *   npx tsc -p . && UPDATE_GOLDEN=1 npx ava dist/test/unit/rasterSlip.test.js
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import test from "ava";
import fc from "fast-check";
import { qrMatrix } from "../../device/qrMatrix.js";
import { printedWidth } from "../../drivers/printer/big5Text.js";
import { encodeSlip } from "../../drivers/printer/escposSlip.js";
import { type GlyphFont, slipFont } from "../../drivers/printer/glyphFont.js";
import { defuseRealTimeCommands, renderRaster } from "../../drivers/printer/rasterSlip.js";
import {
  columnsByPaper,
  layoutSlip,
  type SlipLine,
  type TextLine,
} from "../../drivers/printer/slipLayout.js";
import { readEscPos } from "../helpers/escposReader.js";
import { sampleSlip } from "../helpers/slips.js";

const goldenDir = fileURLToPath(new URL("../../../test/fixtures/slips/", import.meta.url));
const hex = (text: string): Buffer => Buffer.from(text.replace(/ /g, ""), "hex");

interface Image {
  readonly bytesPerRow: number;
  readonly rows: number;
  dot(x: number, y: number): boolean;
}

function images(bytes: Buffer): Image[] {
  return readEscPos(bytes)
    .commands.filter((c) => c.subarray(0, 3).equals(hex("1d7630")))
    .map((c) => {
      const bytesPerRow = (c[4] ?? 0) + (c[5] ?? 0) * 256;
      const rows = (c[6] ?? 0) + (c[7] ?? 0) * 256;
      const data = c.subarray(8);
      return {
        bytesPerRow,
        rows,
        dot: (x, y) => ((data[y * bytesPerRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0,
      };
    });
}

/** Leftmost and rightmost black columns of an image, or undefined when it is blank. */
function inkSpan(image: Image): [number, number] | undefined {
  let left = Number.POSITIVE_INFINITY;
  let right = -1;
  for (let y = 0; y < image.rows; y += 1) {
    for (let x = 0; x < image.bytesPerRow * 8; x += 1) {
      if (!image.dot(x, y)) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  return right < 0 ? undefined : [left, right];
}

const line = (text: string, overrides: Partial<Extract<SlipLine, { kind: "text" }>> = {}): SlipLine => ({
  kind: "text",
  text,
  alignment: "left",
  size: "normal",
  bold: false,
  ...overrides,
});

for (const paperWidthMm of [58, 80] as const) {
  test(`golden raster bytes: ${paperWidthMm} mm`, async (t) => {
    const { bytes } = encodeSlip(sampleSlip, { paperWidthMm, encoding: "raster" });
    const file = `${goldenDir}slip-${paperWidthMm}-raster.bin`;
    if (process.env.UPDATE_GOLDEN === "1") await writeFile(file, bytes);
    t.deepEqual(bytes, await readFile(file));
  });

  test(`one full-width image a text line and one for the QR; no Chinese mode, no native QR (${paperWidthMm} mm)`, (t) => {
    const { bytes } = encodeSlip(sampleSlip, { paperWidthMm, encoding: "raster" });
    const lines = layoutSlip(sampleSlip, columnsByPaper[paperWidthMm]);
    const reading = readEscPos(bytes);
    const kinds = reading.commands.map((c) => c.subarray(0, 2).toString("hex"));
    t.deepEqual(bytes.subarray(0, 2), hex("1b40"));
    t.deepEqual(bytes.subarray(-4), hex("1d564200"));
    t.false(kinds.includes("1c26"), "never FS &");
    t.false(
      reading.commands.some((c) => c.subarray(0, 3).equals(hex("1d286b"))),
      "the QR is drawn, not asked of the printer",
    );
    t.deepEqual(reading.lines, [], "no text at all");
    const drawn = images(bytes);
    t.is(drawn.length, lines.length);
    t.true(drawn.every((image) => image.bytesPerRow === (columnsByPaper[paperWidthMm] * 12) / 8));
    const qr = drawn.at(-1);
    if (qr === undefined) return t.fail("no QR image");
    const moduleDots = paperWidthMm === 58 ? 6 : 8;
    const matrix = qrMatrix(sampleSlip.redemptionId);
    const [left] = inkSpan(qr) ?? [0, 0];
    for (let row = 0; row < matrix.size; row += 1) {
      for (let column = 0; column < matrix.size; column += 1) {
        const x = left + column * moduleDots + moduleDots / 2;
        const y = row * moduleDots + moduleDots / 2;
        if (qr.dot(x, y) !== matrix.dark(row, column)) return t.fail(`module ${row},${column} differs`);
      }
    }
    t.pass();
  });
}

test("a character fills its cell: the 16-dot glyph scaled to 24, dot for dot", (t) => {
  const font = slipFont();
  for (const char of ["台", "A"]) {
    const glyph = font.glyph(char);
    if (glyph === undefined) return t.fail(`no glyph for ${char}`);
    const [image] = images(renderRaster([line(char)], 58, font, qrMatrix));
    if (image === undefined) return t.fail("no image");
    const cellWidth = glyph.width === 16 ? 24 : 12;
    for (let y = 0; y < 24; y += 1) {
      for (let x = 0; x < cellWidth; x += 1) {
        const expected = glyph.dot(Math.floor((x * glyph.width) / cellWidth), Math.floor((y * 16) / 24));
        if (image.dot(x, y) !== expected) return t.fail(`${char}: dot ${x},${y}`);
      }
    }
    t.true((inkSpan(image)?.[1] ?? 999) < cellWidth, `${char} stays in its cell`);
  }
});

test("centred and right-aligned lines sit where the printer would put them", (t) => {
  const font = slipFont();
  const rule = "=".repeat(10);
  const [left, centre, right] = images(
    renderRaster(
      [line(rule), line(rule, { alignment: "center" }), line(rule, { alignment: "right" })],
      58,
      font,
      qrMatrix,
    ),
  );
  const span = (image: Image | undefined) => (image === undefined ? undefined : inkSpan(image));
  const [l0, l1] = span(left) ?? [0, 0];
  const [c0, c1] = span(centre) ?? [0, 0];
  const [r0, r1] = span(right) ?? [0, 0];
  t.is(c0 - l0, (384 - 120) / 2, "centre: shifted by half the free width");
  t.is(c1 - l1, (384 - 120) / 2);
  t.is(r0 - l0, 384 - 120, "right: shifted by all of it");
  t.is(r1 - l1, 384 - 120);
});

test("double height doubles the rows; large doubles both; bold adds a dot to the right", (t) => {
  const font = slipFont();
  const [normal, tall, large, bold] = images(
    renderRaster(
      [line("台"), line("台", { size: "tall" }), line("台", { size: "large" }), line("台", { bold: true })],
      58,
      font,
      qrMatrix,
    ),
  );
  if (normal === undefined || tall === undefined || large === undefined || bold === undefined)
    return t.fail();
  t.is(normal.rows, 30);
  t.is(tall.rows, 54);
  t.is(large.rows, 54);
  for (let y = 0; y < 24; y += 1) {
    for (let x = 0; x < 24; x += 1) {
      if (tall.dot(x, 2 * y) !== normal.dot(x, y) && tall.dot(x, 2 * y + 1) !== normal.dot(x, y)) {
        return t.fail(`tall ${x},${y}`);
      }
      if (normal.dot(x, y) && !bold.dot(x + 1, y)) return t.fail(`bold ${x},${y}`);
    }
  }
  const [normalLeft] = inkSpan(normal) ?? [0];
  const [largeLeft] = inkSpan(large) ?? [0];
  t.true(Math.abs(largeLeft - 2 * normalLeft) <= 1, "large starts twice as far into its cell");
  t.true((inkSpan(large)?.[1] ?? 0) > 24, "large is wider than one normal cell");
});

/**
 * A line as the printer would draw it, dot by dot from the font: each character's glyph scaled to its
 * cell (nearest neighbour), cut at the paper's edge, every dot repeated to its right when bold.
 */
function modelLine(line: TextLine, widthDots: number, font: GlyphFont): Uint8Array {
  const scaleX = line.size === "large" ? 2 : 1;
  const cellHeight = line.size === "normal" ? 24 : 48;
  const rows = cellHeight + 6;
  const glyphs = [...line.text].map((char) => font.glyph(char) ?? font.glyph("?"));
  const cellWidths = glyphs.map((glyph) => (glyph === undefined ? 0 : (glyph.width / 8) * 12 * scaleX));
  const free = Math.max(0, widthDots - printedWidth(line.text) * 12 * scaleX);
  let x = line.alignment === "left" ? 0 : line.alignment === "right" ? free : Math.floor(free / 2);
  const dots = new Set<number>();
  for (const [i, glyph] of glyphs.entries()) {
    const cellWidth = cellWidths[i] ?? 0;
    for (let ty = 0; ty < cellHeight && glyph !== undefined; ty += 1) {
      for (let tx = 0; tx < cellWidth && x + tx < widthDots; tx += 1) {
        const sx = Math.floor((tx * glyph.width) / cellWidth);
        if (glyph.dot(sx, Math.floor((ty * 16) / cellHeight))) dots.add(ty * widthDots + x + tx);
      }
    }
    x += cellWidth;
  }
  const data = new Uint8Array((widthDots / 8) * rows);
  for (let y = 0; y < rows; y += 1) {
    for (let x = 0; x < widthDots; x += 1) {
      const reach = line.bold ? scaleX : 0;
      let black = false;
      for (let s = 0; s <= reach && s <= x; s += 1) black ||= dots.has(y * widthDots + x - s);
      if (black) data[(y * widthDots + x) >> 3] = (data[(y * widthDots + x) >> 3] ?? 0) | (0x80 >> (x & 7));
    }
  }
  defuseRealTimeCommands(data);
  return data;
}

test("any line, at any size, alignment and weight, is the model's picture byte for byte", (t) => {
  const font = slipFont();
  // Wide and narrow characters, ones the font lacks (drawn as ?), and lines too long for the paper.
  const char = fc.constantFrom(..."台北信義店核銷十卅ABCxyz09 =-?é😀①");
  const textLine = fc.record({
    kind: fc.constant("text" as const),
    text: fc.array(char, { maxLength: 60 }).map((chars) => chars.join("")),
    alignment: fc.constantFrom("left" as const, "center" as const, "right" as const),
    size: fc.constantFrom("normal" as const, "tall" as const, "large" as const),
    bold: fc.boolean(),
  });
  fc.assert(
    fc.property(textLine, fc.constantFrom(58 as const, 80 as const), (line, paperWidthMm) => {
      const [image] = readEscPos(renderRaster([line], paperWidthMm, font, qrMatrix)).commands.filter((c) =>
        c.subarray(0, 3).equals(hex("1d7630")),
      );
      const expected = modelLine(line, columnsByPaper[paperWidthMm] * 12, font);
      if (!Buffer.from(expected).equals(image?.subarray(8) ?? Buffer.alloc(0))) throw new Error("differs");
    }),
    { numRuns: 150, seed: 20_261_127 },
  );
  t.pass();
});

test("a DLE before EOT, ENQ or DC4 in image data loses its dot; nothing else changes", (t) => {
  const data = Uint8Array.from([
    0x10, 0x04, 0x10, 0x05, 0x10, 0x14, 0x10, 0x10, 0x04, 0x10, 0x03, 0x04, 0x10,
  ]);
  t.is(defuseRealTimeCommands(data), 4);
  t.deepEqual([...data], [0, 0x04, 0, 0x05, 0, 0x14, 0x10, 0, 0x04, 0x10, 0x03, 0x04, 0x10]);
});
