/**
 * QR symbols for the places a printer does not draw them itself: raster slips (for printers without
 * `GS ( k` or a Chinese font), the SVG pictures of slips, and the pairing code the central service
 * shows (central/pairingQr.ts): shared, so both sides make one symbol of one text.
 * Error correction M, as the native command asks for, and the text as one byte-mode segment, so
 * every rendering of a slip carries the same symbol.
 *
 * Made by the core of `qrcode` (node-qrcode, https://github.com/soldair/node-qrcode), which lays a
 * symbol out on a byte array and scores the eight masks there: ~0.2 ms a symbol of a redemption id
 * here, where the library before it took 1–2 ms, most of a raster slip (docs/performance.md,
 * "Raster slips, fourth round"). Only its core is loaded (its package's entry also loads PNG and
 * terminal renderers), and only on the first symbol a process makes: most kiosks print Big5 slips,
 * whose QR the printer draws.
 */
import { createRequire } from "node:module";

/** Dark modules, row by row; `size` modules a side (quiet zone not included). */
export interface QrMatrix {
  readonly size: number;
  dark(row: number, column: number): boolean;
}

/** The part of `qrcode/lib/core/qrcode.js` used here (the package ships no types for its core). */
interface QrCore {
  create(
    segments: readonly { data: string; mode: "byte" }[],
    options: { errorCorrectionLevel: "M" },
  ): { modules: { size: number; data: Uint8Array } };
}

let core: QrCore | undefined;

export function qrMatrix(data: string): QrMatrix {
  core ??= createRequire(import.meta.url)("qrcode/lib/core/qrcode.js") as QrCore;
  const { size, data: modules } = core.create([{ data, mode: "byte" }], {
    errorCorrectionLevel: "M",
  }).modules;
  return { size, dark: (row, column) => modules[row * size + column] === 1 };
}

/**
 * `qrMatrix` remembering what it made: one per slip, so its renderings (raster and picture) share
 * the symbol instead of making it twice.
 */
export function qrMatrices(): (data: string) => QrMatrix {
  const made = new Map<string, QrMatrix>();
  return (data) => {
    let matrix = made.get(data);
    if (matrix === undefined) {
      matrix = qrMatrix(data);
      made.set(data, matrix);
    }
    return matrix;
  };
}
