/**
 * A QR encoder for what slips carry (byte mode, error correction M, versions 1–9: up to 180 bytes),
 * module for module the symbol qrcode-generator makes, in a fraction of its time (issue 16: that
 * library tries each of the eight masks on arrays of arrays, about 4 ms a symbol, most of a raster
 * slip's encode time). The layout is ISO/IEC 18004's; the mask is chosen with qrcode-generator's
 * own penalty rules (`penalty`), which differ from the standard's, because the symbol must be the
 * same as the library's: golden slips hold its bytes. test/unit/qrSymbol.test.ts compares the two
 * on many inputs. Longer data returns undefined and the caller asks the library.
 *
 * The symbol is built once without its data, the data modules listed in placement order; each
 * mask is then tried by filling those modules alone. While masks are compared, the format and
 * version modules and the dark module are light, as in the library.
 */

/** Error correction M, per version 1–9: [blocks, codewords per block, data codewords per block]… */
const blocksM: readonly (readonly number[])[] = [
  [1, 26, 16],
  [1, 44, 28],
  [1, 70, 44],
  [2, 50, 32],
  [2, 67, 43],
  [4, 43, 27],
  [4, 49, 31],
  [2, 60, 38, 2, 61, 39],
  [3, 58, 36, 2, 59, 37],
];
/** Centres of the alignment patterns, per version. */
const alignmentCentres: readonly (readonly number[])[] = [
  [],
  [6, 18],
  [6, 22],
  [6, 26],
  [6, 30],
  [6, 34],
  [6, 22, 38],
  [6, 24, 42],
  [6, 26, 46],
];
const byteMode = 0b0100;
const padBytes = [0xec, 0x11] as const;

const masks: readonly ((row: number, col: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/** A symbol's modules, row by row, 1 for dark; `size` a side. */
export interface QrModules {
  readonly size: number;
  readonly modules: Uint8Array;
}

/** The symbol of `data` (one byte per UTF-16 unit, its low 8 bits, as the library takes it). */
export function encodeQr(data: string): QrModules | undefined {
  const version = blocksM.findIndex((_, index) => 12 + 8 * data.length <= 8 * dataCapacity(index + 1)) + 1;
  if (version === 0) return undefined;
  const size = version * 4 + 17;
  const { base, places } = layoutOf(version);
  const bits = codewordBits(data, version);
  let best: Uint8Array | undefined;
  let bestMask = 0;
  let bestPenalty = 0;
  for (let mask = 0; mask < masks.length; mask += 1) {
    const modules = fill(base, places, bits, mask, size);
    const lost = penalty(modules, size);
    if (best === undefined || bestPenalty > lost) {
      best = modules;
      bestMask = mask;
      bestPenalty = lost;
    }
  }
  const modules = best ?? new Uint8Array(size * size);
  placeFormatAndVersion(modules, size, version, bestMask);
  return { size, modules };
}

/** A version's function patterns and data places: the same for every symbol of it, so made once. */
const layouts = new Map<number, { readonly base: Int8Array; readonly places: Int32Array }>();

function layoutOf(version: number): { readonly base: Int8Array; readonly places: Int32Array } {
  let layout = layouts.get(version);
  if (layout === undefined) {
    const size = version * 4 + 17;
    const base = new Int8Array(size * size).fill(-1);
    placeFunctionPatterns(base, size, version);
    layout = { base, places: dataPlaces(base, size) };
    layouts.set(version, layout);
  }
  return layout;
}

function dataCapacity(version: number): number {
  const blocks = blocksM[version - 1] ?? [];
  let total = 0;
  for (let i = 0; i < blocks.length; i += 3) total += (blocks[i] ?? 0) * (blocks[i + 2] ?? 0);
  return total;
}

/** Finder patterns with their separators, alignment patterns, timing; format areas stay free (-1) until masked. */
function placeFunctionPatterns(m: Int8Array, size: number, version: number): void {
  const set = (row: number, col: number, dark: boolean) => {
    m[row * size + col] = dark ? 1 : 0;
  };
  for (const [top, left] of [
    [0, 0],
    [size - 7, 0],
    [0, size - 7],
  ] as const) {
    for (let r = -1; r <= 7; r += 1) {
      for (let c = -1; c <= 7; c += 1) {
        if (top + r < 0 || top + r >= size || left + c < 0 || left + c >= size) continue;
        const ring = (r >= 0 && r <= 6 && (c === 0 || c === 6)) || (c >= 0 && c <= 6 && (r === 0 || r === 6));
        set(top + r, left + c, ring || (r >= 2 && r <= 4 && c >= 2 && c <= 4));
      }
    }
  }
  const centres = alignmentCentres[version - 1] ?? [];
  for (const row of centres) {
    for (const col of centres) {
      if (m[row * size + col] !== -1) continue;
      for (let r = -2; r <= 2; r += 1)
        for (let c = -2; c <= 2; c += 1)
          set(row + r, col + c, r === -2 || r === 2 || c === -2 || c === 2 || (r === 0 && c === 0));
    }
  }
  for (let i = 8; i < size - 8; i += 1) {
    if (m[i * size + 6] === -1) set(i, 6, i % 2 === 0);
    if (m[6 * size + i] === -1) set(6, i, i % 2 === 0);
  }
  // Format, version and the dark module: reserved, light while masks are compared.
  const reserved = [...formatPlaces(size), [size - 8, 8], ...(version >= 7 ? versionPlaces(size) : [])];
  for (const [row = 0, col = 0] of reserved) set(row, col, false);
}

/** The 15 format modules of each copy, bit 0 first, as the library places them. */
function formatPlaces(size: number): [number, number][] {
  const places: [number, number][] = [];
  for (let i = 0; i < 15; i += 1) places.push([i < 6 ? i : i < 8 ? i + 1 : size - 15 + i, 8]);
  for (let i = 0; i < 15; i += 1) places.push([8, i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i]);
  return places;
}

/** The 18 version modules of each copy, bit 0 first. */
function versionPlaces(size: number): [number, number][] {
  const places: [number, number][] = [];
  for (let i = 0; i < 18; i += 1) places.push([Math.floor(i / 3), (i % 3) + size - 11]);
  for (let i = 0; i < 18; i += 1) places.push([(i % 3) + size - 11, Math.floor(i / 3)]);
  return places;
}

/** The free modules in the order data fills them: two columns at a time, up and down, from the right. */
function dataPlaces(m: Int8Array, size: number): Int32Array {
  const places: number[] = [];
  let row = size - 1;
  let step = -1;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col -= 1;
    for (;;) {
      for (let c = 0; c < 2; c += 1) if (m[row * size + col - c] === -1) places.push(row * size + col - c);
      row += step;
      if (row < 0 || row >= size) {
        row -= step;
        step = -step;
        break;
      }
    }
  }
  return Int32Array.from(places);
}

/** The data and error correction codewords, interleaved, as one bit per entry. */
function codewordBits(data: string, version: number): Uint8Array {
  const capacity = dataCapacity(version);
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i -= 1) bits.push((value >>> i) & 1);
  };
  put(byteMode, 4);
  put(data.length, 8);
  for (let i = 0; i < data.length; i += 1) put(data.charCodeAt(i) & 0xff, 8);
  if (bits.length + 4 <= capacity * 8) put(0, 4);
  while (bits.length % 8 !== 0) bits.push(0);
  for (let pad = 0; bits.length < capacity * 8; pad += 1) put(padBytes[pad % 2] ?? 0, 8);
  const codewords = Array.from({ length: capacity }, (_, i) => {
    let byte = 0;
    for (let b = 0; b < 8; b += 1) byte = (byte << 1) | (bits[i * 8 + b] ?? 0);
    return byte;
  });

  const table = blocksM[version - 1] ?? [];
  const dataBlocks: number[][] = [];
  const ecBlocks: number[][] = [];
  let offset = 0;
  for (let i = 0; i < table.length; i += 3) {
    const [count = 0, total = 0, dataCount = 0] = table.slice(i, i + 3);
    for (let n = 0; n < count; n += 1) {
      const block = codewords.slice(offset, offset + dataCount);
      offset += dataCount;
      dataBlocks.push(block);
      ecBlocks.push(errorCorrection(block, total - dataCount));
    }
  }
  const out: number[] = [];
  for (const blocks of [dataBlocks, ecBlocks]) {
    const longest = Math.max(...blocks.map((block) => block.length));
    for (let i = 0; i < longest; i += 1)
      for (const block of blocks) if (i < block.length) out.push(block[i] ?? 0);
  }
  const result = new Uint8Array(out.length * 8);
  out.forEach((byte, i) => {
    for (let b = 0; b < 8; b += 1) result[i * 8 + b] = (byte >>> (7 - b)) & 1;
  });
  return result;
}

/** GF(256) with the QR polynomial x⁸+x⁴+x³+x²+1: powers of α and their logarithms. */
const exp = new Uint8Array(510);
const log = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i += 1, x = x & 0x80 ? ((x << 1) ^ 0x11d) & 0xff : x << 1) {
  exp[i] = x;
  exp[i + 255] = x;
  log[x] = i;
}
const gfMultiply = (a: number, b: number): number =>
  a === 0 || b === 0 ? 0 : (exp[(log[a] ?? 0) + (log[b] ?? 0)] ?? 0);

const generators = new Map<number, Uint8Array>();

/** (x − α⁰)(x − α¹)…(x − αⁿ⁻¹), highest power first. */
function generator(degree: number): Uint8Array {
  let poly = generators.get(degree);
  if (poly !== undefined) return poly;
  let g = [1];
  for (let i = 0; i < degree; i += 1) {
    const next = new Array<number>(g.length + 1).fill(0);
    g.forEach((coefficient, j) => {
      next[j] = (next[j] ?? 0) ^ coefficient;
      next[j + 1] = (next[j + 1] ?? 0) ^ gfMultiply(coefficient, exp[i] ?? 0);
    });
    g = next;
  }
  poly = Uint8Array.from(g);
  generators.set(degree, poly);
  return poly;
}

/** The Reed–Solomon remainder of a block: its `degree` error correction codewords. */
function errorCorrection(block: readonly number[], degree: number): number[] {
  const g = generator(degree);
  const remainder = new Array<number>(degree).fill(0);
  for (const byte of block) {
    const factor = byte ^ (remainder.shift() ?? 0);
    remainder.push(0);
    for (let i = 0; i < degree; i += 1)
      remainder[i] = (remainder[i] ?? 0) ^ gfMultiply(g[i + 1] ?? 0, factor);
  }
  return remainder;
}

/** The symbol with its data modules filled under `mask`. */
function fill(base: Int8Array, places: Int32Array, bits: Uint8Array, mask: number, size: number): Uint8Array {
  const modules = new Uint8Array(base.length);
  for (let i = 0; i < base.length; i += 1) modules[i] = base[i] === 1 ? 1 : 0;
  const masked = masks[mask] ?? (() => false);
  for (let i = 0; i < places.length; i += 1) {
    const at = places[i] ?? 0;
    const bit = i < bits.length ? (bits[i] ?? 0) : 0;
    modules[at] = bit ^ (masked(Math.floor(at / size), at % size) ? 1 : 0);
  }
  return modules;
}

/**
 * qrcode-generator's penalty (`QRUtil.getLostPoint`), rule for rule: a module with more than five
 * of its up-to-eight neighbours the same colour; 2×2 blocks of one colour; 1:1:3:1:1 runs (dark
 * first, in rows and columns, without the light margins); and the dark share's distance from half.
 * Counted with sliding sums and 7-module windows rather than cell by cell: it runs eight times a
 * symbol.
 */
function penalty(m: Uint8Array, size: number): number {
  // Dark modules in each 1×3 run centred on a module, clipped at the edges.
  const across = new Uint8Array(m.length);
  for (let at = 0; at < m.length; at += 1) {
    const col = at % size;
    across[at] = (m[at] ?? 0) + (col > 0 ? (m[at - 1] ?? 0) : 0) + (col < size - 1 ? (m[at + 1] ?? 0) : 0);
  }
  let lost = 0;
  let darkCount = 0;
  for (let row = 0; row < size; row += 1) {
    const rowsAround = 1 + (row > 0 ? 1 : 0) + (row < size - 1 ? 1 : 0);
    for (let col = 0; col < size; col += 1) {
      const at = row * size + col;
      const dark = m[at] ?? 0;
      darkCount += dark;
      const darkAround =
        (across[at] ?? 0) +
        (row > 0 ? (across[at - size] ?? 0) : 0) +
        (row < size - 1 ? (across[at + size] ?? 0) : 0);
      const cells = rowsAround * (1 + (col > 0 ? 1 : 0) + (col < size - 1 ? 1 : 0));
      const same = dark === 1 ? darkAround - 1 : cells - 1 - darkAround;
      if (same > 5) lost += 3 + same - 5;
      if (row < size - 1 && col < size - 1) {
        const block = dark + (m[at + 1] ?? 0) + (m[at + size] ?? 0) + (m[at + size + 1] ?? 0);
        if (block === 0 || block === 4) lost += 3;
      }
    }
  }
  const finderLike = 0b1011101;
  for (let a = 0; a < size; a += 1) {
    let inRow = 0;
    let inColumn = 0;
    for (let b = 0; b < size; b += 1) {
      inRow = ((inRow << 1) | (m[a * size + b] ?? 0)) & 0x7f;
      inColumn = ((inColumn << 1) | (m[b * size + a] ?? 0)) & 0x7f;
      if (b < 6) continue;
      if (inRow === finderLike) lost += 40;
      if (inColumn === finderLike) lost += 40;
    }
  }
  const ratio = Math.abs((100 * darkCount) / size / size - 50) / 5;
  return lost + ratio * 10;
}

/** The format bits of the chosen mask, the version bits from 7 on, and the dark module. */
function placeFormatAndVersion(m: Uint8Array, size: number, version: number, mask: number): void {
  // Error correction M is 00, so the format's data is the mask alone.
  const format = bch(mask, 10, 0b10100110111) ^ 0b101010000010010;
  formatPlaces(size).forEach(([row, col], i) => {
    m[row * size + col] = (format >> (i % 15)) & 1;
  });
  m[(size - 8) * size + 8] = 1;
  if (version < 7) return;
  const bits = bch(version, 12, 0b1111100100101);
  versionPlaces(size).forEach(([row, col], i) => {
    m[row * size + col] = (bits >> (i % 18)) & 1;
  });
}

/** `data` followed by its BCH remainder of `length` bits under `poly`. */
function bch(data: number, length: number, poly: number): number {
  let remainder = data << length;
  const polyDigits = 32 - Math.clz32(poly);
  while (32 - Math.clz32(remainder) >= polyDigits)
    remainder ^= poly << (32 - Math.clz32(remainder) - polyDigits);
  return (data << length) | remainder;
}
