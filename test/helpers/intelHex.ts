/**
 * Intel HEX, the format Arduino builds and avrgirl-arduino ship firmware in, to the flash image it
 * describes. Only what an ATmega328P image uses: data records (00), the end record (01), and the
 * extended address records (02, 04) for completeness. Every record's checksum is verified.
 */
export function parseIntelHex(text: string, flashBytes: number): Uint8Array {
  const flash = new Uint8Array(flashBytes).fill(0xff);
  let base = 0;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "") continue;
    if (!line.startsWith(":")) throw new Error(`line ${index + 1}: not a record`);
    const bytes = Buffer.from(line.slice(1), "hex");
    const sum = bytes.reduce((total, byte) => (total + byte) & 0xff, 0);
    if (sum !== 0) throw new Error(`line ${index + 1}: bad checksum`);
    const length = bytes[0] ?? 0;
    const address = bytes.readUInt16BE(1);
    const type = bytes[3];
    const data = bytes.subarray(4, 4 + length);
    if (type === 0x00) {
      if (base + address + length > flashBytes) throw new Error(`line ${index + 1}: beyond the flash`);
      flash.set(data, base + address);
    } else if (type === 0x01) {
      return flash;
    } else if (type === 0x02) {
      base = data.readUInt16BE(0) * 16;
    } else if (type === 0x04) {
      base = data.readUInt16BE(0) * 65_536;
    }
  }
  throw new Error("no end-of-file record");
}
