/**
 * Reads an ESC/POS stream the way a printer in Chinese mode would, for asserting on slips: text
 * lines with the modes they print in, the commands in order, the QR blocks and raster images
 * (`GS v 0`, data included). It accepts only the commands the slip encoders use, so any other
 * control byte (a command smuggled in by a name, a real-time DLE) or a broken Big5 pair makes it
 * throw.
 */
import iconv from "iconv-lite";

export interface PrintedLine {
  readonly text: string;
  /** Columns on paper: bytes, doubled when GS ! selects double width. */
  readonly columns: number;
  readonly chinese: boolean;
  /** The GS ! size byte: 0x00 normal, 0x01 double height, 0x11 double width and height. */
  readonly size: number;
}

export interface EscPosReading {
  readonly lines: readonly PrintedLine[];
  /** Every command, as it was sent. */
  readonly commands: readonly Buffer[];
}

/** Command prefix (two bytes, hex) → total length, for the fixed-length commands. */
const fixedLength = new Map([
  ["1b40", 2],
  ["1c26", 2],
  ["1c2e", 2],
  ["1b61", 3],
  ["1d21", 3],
  ["1b45", 3],
  ["1d56", 4],
]);

const isTrailByte = (byte: number): boolean =>
  (byte >= 0x40 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xfe);

export function readEscPos(bytes: Buffer): EscPosReading {
  const lines: PrintedLine[] = [];
  const commands: Buffer[] = [];
  let text: number[] = [];
  let chinese = false;
  let size = 0;
  let i = 0;
  const at = (index: number): number => {
    const byte = bytes[index];
    if (byte === undefined) throw new Error(`stream ends inside a command or character at ${index}`);
    return byte;
  };
  while (i < bytes.length) {
    const byte = at(i);
    if (byte === 0x0a) {
      const line = Buffer.from(text);
      lines.push({
        text: iconv.decode(line, "cp950"),
        columns: line.length * (size & 0x10 ? 2 : 1),
        chinese,
        size,
      });
      text = [];
      i += 1;
    } else if (byte === 0x1d && at(i + 1) === 0x28 && at(i + 2) === 0x6b) {
      const end = i + 5 + at(i + 3) + at(i + 4) * 256;
      commands.push(bytes.subarray(i, end));
      i = end;
    } else if (byte === 0x1d && at(i + 1) === 0x76 && at(i + 2) === 0x30) {
      // GS v 0 m xL xH yL yH: a raster image of (xL + 256 xH) bytes by (yL + 256 yH) rows.
      const end = i + 8 + (at(i + 4) + at(i + 5) * 256) * (at(i + 6) + at(i + 7) * 256);
      at(end - 1); // throws when the image data is cut short
      commands.push(bytes.subarray(i, end));
      i = end;
    } else if (byte < 0x20 || byte === 0x7f) {
      const key = bytes.subarray(i, i + 2).toString("hex");
      const length = fixedLength.get(key);
      if (length === undefined) throw new Error(`unexpected control byte ${key} at ${i}`);
      const command = bytes.subarray(i, i + length);
      if (command.length < length) throw new Error(`truncated command ${key} at ${i}`);
      if (key === "1c26") chinese = true;
      if (key === "1c2e") chinese = false;
      if (key === "1d21") size = at(i + 2);
      commands.push(command);
      i += length;
    } else if (byte >= 0x80) {
      if (!chinese) throw new Error(`byte ${byte.toString(16)} outside Chinese mode at ${i}`);
      if (byte < 0x81 || !isTrailByte(at(i + 1))) throw new Error(`broken Big5 pair at ${i}`);
      text.push(byte, at(i + 1));
      i += 2;
    } else {
      text.push(byte);
      i += 1;
    }
  }
  if (text.length > 0) throw new Error("text after the last line feed");
  return { lines, commands };
}
