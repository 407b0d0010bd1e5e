/**
 * Builds the slip font (`glyphFont.ts` describes the format) from GNU Unifont's `.hex` file, which
 * Debian's `unifont` package installs as /usr/share/unifont/unifont.hex. Only maintainers run it,
 * after a Unifont update:
 *
 *   apt-get install unifont
 *   npx tsc -p . && node dist/drivers/printer/buildGlyphFont.js \
 *     /usr/share/unifont/unifont.hex drivers/printer/fonts/unifont-big5-16.kgf.gz
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { toPrintable } from "./big5Text.js";

/** Unifont `.hex` lines: `4E00:` then 32 hex digits (8×16 glyph) or 64 (16×16). */
export function parseUnifontHex(text: string): Map<number, Buffer> {
  const glyphs = new Map<number, Buffer>();
  for (const line of text.split("\n")) {
    const match = /^([0-9A-Fa-f]{4,6}):([0-9A-Fa-f]{32}|[0-9A-Fa-f]{64})\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      glyphs.set(Number.parseInt(match[1], 16), Buffer.from(match[2], "hex"));
    }
  }
  return glyphs;
}

/** Every character a slip line can hold beyond ASCII: what cp950 encodes, in code point order. */
function big5CodePoints(): number[] {
  const codes: number[] = [];
  for (let code = 0x80; code <= 0xffff; code += 1) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCharCode(code);
    if (toPrintable(char) === char) codes.push(code);
  }
  return codes;
}

/** An 8-dot glyph centred in 16 dots, for the few narrow Unifont glyphs Big5 prints two columns wide. */
function widen(bitmap: Buffer): Buffer {
  if (bitmap.length === 32) return bitmap;
  const wide = Buffer.alloc(32);
  for (let row = 0; row < 16; row += 1) wide.writeUInt16BE((bitmap[row] ?? 0) << 4, 2 * row);
  return wide;
}

/** The uncompressed KGF1 font; throws when Unifont lacks a glyph a slip could need. */
export function buildGlyphFont(unifont: ReadonlyMap<number, Buffer>): Buffer {
  const narrow = Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i);
  const wide = big5CodePoints();
  const bitmap = (code: number): Buffer => {
    const glyph = unifont.get(code);
    if (glyph === undefined) throw new Error(`Unifont has no glyph for U+${code.toString(16)}`);
    return glyph;
  };
  const header = Buffer.alloc(8);
  header.write("KGF1", 0, "latin1");
  header.writeUInt16LE(narrow.length, 4);
  header.writeUInt16LE(wide.length, 6);
  const codes = Buffer.alloc(2 * (narrow.length + wide.length));
  for (const [i, code] of [...narrow, ...wide].entries()) codes.writeUInt16LE(code, 2 * i);
  const narrowBitmaps = narrow.map((code) => {
    const glyph = bitmap(code);
    if (glyph.length !== 16) throw new Error(`U+${code.toString(16)} is not 8 dots wide`);
    return glyph;
  });
  return Buffer.concat([header, codes, ...narrowBitmaps, ...wide.map((code) => widen(bitmap(code)))]);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [source, target] = process.argv.slice(2);
  if (source === undefined || target === undefined) {
    process.stderr.write("usage: buildGlyphFont UNIFONT.hex OUTPUT.kgf.gz\n");
    process.exitCode = 2;
  } else {
    const font = buildGlyphFont(parseUnifontHex(readFileSync(source, "utf8")));
    writeFileSync(target, gzipSync(font, { level: 9 }));
    process.stdout.write(`${target}: ${font.length} bytes, gzipped\n`);
  }
}
