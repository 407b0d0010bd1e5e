/**
 * Bitmap glyphs for raster slips (`printer.encoding: raster`), for printers that have no Chinese
 * font of their own. The glyphs are GNU Unifont's 16-dot ones (fonts/README.md says where they come
 * from and under which licence), cut down to what a slip can hold: printable ASCII, 8 dots wide, and
 * every character cp950 encodes (`toPrintable` keeps it), 16 dots wide, so a glyph exists for every
 * character that can reach a slip line.
 *
 * File format (`KGF1`, built by `buildGlyphFont.ts`, stored gzipped), little-endian:
 *   "KGF1", u16 narrow count N, u16 wide count W,
 *   N u16 code points, W u16 code points (each list ascending, all in the BMP),
 *   N × 16 bytes (one byte a row), W × 32 bytes (two bytes a row), leftmost dot in the top bit.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export const glyphRows = 16;
const magic = "KGF1";
const headerBytes = 8;

export interface Glyph {
  /** 8 for printable ASCII (one printed column), 16 for everything else (two columns). */
  readonly width: 8 | 16;
  /** Is the dot at (x, y) black? 0 ≤ x < width, 0 ≤ y < 16. */
  dot(x: number, y: number): boolean;
}

export class GlyphFont {
  private constructor(
    private readonly data: Buffer,
    /** Code point → offset of its bitmap in `data`, for each width. */
    private readonly narrow: ReadonlyMap<number, number>,
    private readonly wide: ReadonlyMap<number, number>,
  ) {}

  /** Reads an uncompressed `KGF1` font; throws on anything else. */
  static parse(data: Buffer): GlyphFont {
    if (data.length < headerBytes || data.toString("latin1", 0, 4) !== magic) {
      throw new Error("not a KGF1 glyph font");
    }
    const narrowCount = data.readUInt16LE(4);
    const wideCount = data.readUInt16LE(6);
    const narrowBitmaps = headerBytes + 2 * (narrowCount + wideCount);
    const wideBitmaps = narrowBitmaps + 16 * narrowCount;
    if (data.length !== wideBitmaps + 32 * wideCount) throw new Error("truncated KGF1 glyph font");
    const index = (first: number, count: number, bitmaps: number, size: number): Map<number, number> => {
      const map = new Map<number, number>();
      for (let i = 0; i < count; i += 1) map.set(data.readUInt16LE(first + 2 * i), bitmaps + size * i);
      return map;
    };
    return new GlyphFont(
      data,
      index(headerBytes, narrowCount, narrowBitmaps, 16),
      index(headerBytes + 2 * narrowCount, wideCount, wideBitmaps, 32),
    );
  }

  /** The glyph of one character, or undefined when the font has none. */
  glyph(char: string): Glyph | undefined {
    const code = char.codePointAt(0) ?? -1;
    const data = this.data;
    const narrowAt = this.narrow.get(code);
    if (narrowAt !== undefined) {
      return { width: 8, dot: (x, y) => ((data[narrowAt + y] ?? 0) & (0x80 >> x)) !== 0 };
    }
    const wideAt = this.wide.get(code);
    if (wideAt === undefined) return undefined;
    return {
      width: 16,
      dot: (x, y) => ((data[wideAt + 2 * y + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0,
    };
  }
}

const fontFile = new URL("../../../drivers/printer/fonts/unifont-big5-16.kgf.gz", import.meta.url);
let cached: GlyphFont | undefined;

/**
 * The slip font, read on first use and kept (about 450 kB). Synchronous on purpose: encoding a slip
 * is synchronous, and the read happens once per process, a few milliseconds.
 */
export function slipFont(): GlyphFont {
  cached ??= GlyphFont.parse(gunzipSync(readFileSync(fontFile)));
  return cached;
}
