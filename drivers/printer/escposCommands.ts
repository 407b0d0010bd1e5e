/**
 * The ESC/POS commands the slip renderers send (Epson ESC/POS, docs/hardware.md "ESC/POS and
 * Traditional Chinese"), in one place so both renderings use the very same bytes.
 */
import { toCp950 } from "./big5Text.js";

export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;
export const LF = 0x0a;

export const command = {
  initialise: [ESC, 0x40],
  chineseOn: [FS, 0x26],
  chineseOff: [FS, 0x2e],
  align: { left: [ESC, 0x61, 0], center: [ESC, 0x61, 1], right: [ESC, 0x61, 2] },
  size: { normal: [GS, 0x21, 0x00], tall: [GS, 0x21, 0x01], large: [GS, 0x21, 0x11] },
  bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
  feedAndCut: [GS, 0x56, 0x42, 0x00],
} as const;

/** Epson `GS ( k`: select model 2, module size, ECC level M, store the data, print it. */
export function qrCommands(data: string, moduleDots: number): Buffer {
  // toCp950, not a plain ASCII conversion: it is the one path that guarantees no DLE/ESC/GS byte,
  // and printers act on real-time DLE commands even inside the QR data.
  const payload = toCp950(data);
  const storeLength = payload.length + 3;
  return Buffer.concat([
    Buffer.from([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]),
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleDots]),
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31]),
    Buffer.from([GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30]),
    payload,
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]),
  ]);
}

/**
 * The head of `GS v 0`, a raster bit image: `rows` rows of `bytesPerRow` bytes follow, one bit per
 * dot, most significant bit leftmost, already free of real-time sequences (see `rasterSlip.ts`).
 */
export function rasterHeader(bytesPerRow: number, rows: number): readonly number[] {
  return [GS, 0x76, 0x30, 0x00, bytesPerRow & 0xff, bytesPerRow >> 8, rows & 0xff, rows >> 8];
}
