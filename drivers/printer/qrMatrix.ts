/**
 * QR symbols for the places a printer does not draw them itself: raster slips (for printers without
 * `GS ( k` or a Chinese font) and the SVG pictures of slips. Error correction M, as the native
 * command asks for, so every rendering of a slip carries the same symbol.
 */
import qrcode from "qrcode-generator";

/** Dark modules, row by row; `size` modules a side (quiet zone not included). */
export interface QrMatrix {
  readonly size: number;
  dark(row: number, column: number): boolean;
}

export function qrMatrix(data: string): QrMatrix {
  const symbol = qrcode(0, "M");
  symbol.addData(data, "Byte");
  symbol.make();
  return { size: symbol.getModuleCount(), dark: (row, column) => symbol.isDark(row, column) };
}

/**
 * `qrMatrix` remembering what it made: one per slip, so its renderings (raster and picture) share
 * the symbol instead of making it twice (the library's mask selection is most of a symbol's cost).
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
