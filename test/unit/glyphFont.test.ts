/** The slip font: it covers every character a slip line can hold, and rebuilds to the same bytes. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import test from "ava";
import { toPrintable } from "../../drivers/printer/big5Text.js";
import { buildGlyphFont, parseUnifontHex } from "../../drivers/printer/buildGlyphFont.js";
import { GlyphFont, slipFont } from "../../drivers/printer/glyphFont.js";

const fontFile = fileURLToPath(
  new URL("../../../drivers/printer/fonts/unifont-big5-16.kgf.gz", import.meta.url),
);
const unifontHex = "/usr/share/unifont/unifont.hex";

test("a glyph for every character that can reach a slip line: ASCII 8 dots wide, the rest 16", (t) => {
  const font = slipFont();
  let wide = 0;
  for (let code = 0x20; code <= 0xffff; code += 1) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCharCode(code);
    if (toPrintable(char) !== char) continue;
    const glyph = font.glyph(char);
    if (glyph === undefined) return t.fail(`no glyph for U+${code.toString(16)}`);
    if (glyph.width !== (code < 0x80 ? 8 : 16))
      return t.fail(`U+${code.toString(16)} is ${glyph.width} wide`);
    if (code >= 0x80) wide += 1;
  }
  t.is(wide, 13_493, "every cp950 character");
  t.is(font.glyph("😀"), undefined);
  t.is(font.glyph("\x1b"), undefined);
});

test("glyphs are the Unifont bitmaps: 一 is one horizontal stroke", (t) => {
  const glyph = slipFont().glyph("一");
  if (glyph === undefined) return t.fail();
  const rows = Array.from({ length: 16 }, (_, y) => Array.from({ length: 16 }, (_, x) => glyph.dot(x, y)));
  const inked = rows.map((row) => row.filter(Boolean).length);
  t.deepEqual(inked.filter((n) => n > 0).length, 1);
  t.true(Math.max(...inked) >= 14);
});

test("parseUnifontHex reads 8- and 16-dot glyphs and skips anything else", (t) => {
  const glyphs = parseUnifontHex(
    [
      "0041:0000000018242442427E424242420000",
      `4E00:${"00".repeat(14)}FFFE${"00".repeat(16)}`,
      "junk",
      "0042:12",
    ].join("\n"),
  );
  t.deepEqual([...glyphs.keys()], [0x41, 0x4e00]);
  t.is(glyphs.get(0x41)?.length, 16);
  t.is(glyphs.get(0x4e00)?.length, 32);
});

test("a file that is not a whole KGF1 font is refused", async (t) => {
  t.throws(() => GlyphFont.parse(Buffer.from("PNG\x00\x00\x00\x00\x00")), { message: /not a KGF1/ });
  const whole = gunzipSync(await readFile(fontFile));
  t.throws(() => GlyphFont.parse(whole.subarray(0, -1)), { message: /truncated/ });
  t.notThrows(() => GlyphFont.parse(whole));
});

(existsSync(unifontHex) ? test : test.skip)(
  "the committed font rebuilds byte for byte from Debian's unifont",
  async (t) => {
    const rebuilt = buildGlyphFont(parseUnifontHex(await readFile(unifontHex, "utf8")));
    t.deepEqual(rebuilt, gunzipSync(await readFile(fontFile)));
  },
);
