/**
 * Property tests (fast-check): whatever text arrives in any field of a slip (product, store, clerk,
 * order, code, device, redemption id, time zone), in either encoding on either paper, the printer
 * gets only the slip encoder's own commands, never a real-time DLE sequence (printers obey those
 * even inside image data), one initialise and one cut; the text and SVG renderings for people carry
 * no control characters and no markup of their own.
 */
import test from "ava";
import fc from "fast-check";
import type { SlipEncoding } from "../../device/ports/deviceKinds.js";
import type { SlipData } from "../../device/ports/printer.js";
import { encodeSlip } from "../../drivers/printer/escposSlip.js";
import { readEscPos } from "../helpers/escposReader.js";
import { sampleReprint, sampleSlip } from "../helpers/slips.js";

const commandPieces = fc.constantFrom(
  "\x1b@",
  "\x1dV\x42\x00",
  "\x10\x04\x01",
  "\x10\x05\x02",
  "\x10\x14\x01\x00\x01",
  "\x10\x14\x02\x01\x08",
  "\x1c&",
  "\x1c.",
  "\x1d(k\x03\x001Q0",
  "\x1dv0\x00\x01\x00\x01\x00\xff",
  "\x1b[31m",
  "\x1b]0;title\x07",
  "\x9b2J",
  "\x00",
  "\r\n",
  "\u202e",
  "{bold}",
  "<svg>&amp;</text>",
);
const hostileText = fc
  .array(
    fc.oneof(
      commandPieces,
      fc.string({ unit: "binary", maxLength: 6 }),
      fc.string({ unit: "grapheme", maxLength: 6 }),
      fc.constantFrom("台北信義店", "深層按摩", "龘", "😀", "①", "é", "\u3000"),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(""));

const hostileSlip: fc.Arbitrary<SlipData> = fc
  .record({
    storeName: hostileText,
    productName: hostileText,
    variantName: fc.option(hostileText, { nil: undefined }),
    maskedCode: hostileText,
    orderNumber: hostileText,
    redemptionId: hostileText,
    deviceId: hostileText,
    clerkName: fc.option(hostileText, { nil: undefined }),
    timeZone: fc.oneof(fc.constant("Asia/Taipei"), hostileText),
    offline: fc.boolean(),
    reprint: fc.option(
      fc.record({ at: fc.constant(sampleReprint.at), by: fc.option(hostileText, { nil: undefined }) }),
      { nil: undefined },
    ),
  })
  .map((fields) => ({ ...sampleSlip, ...fields }));

/** A command's kind: its first three bytes, and for GS ( k its function bytes (not the length). */
const kind = (c: Buffer): string =>
  Buffer.concat([c.subarray(0, 3), c[1] === 0x28 ? c.subarray(5, 7) : Buffer.alloc(0)]).toString("hex");

function realTimeSequenceAt(bytes: Buffer): number {
  for (let i = 0; i + 1 < bytes.length; i += 1) {
    if (bytes[i] === 0x10 && [0x04, 0x05, 0x14].includes(bytes[i + 1] ?? 0)) return i;
  }
  return -1;
}

const cases: readonly [SlipEncoding, 58 | 80, number][] = [
  ["big5", 58, 300],
  ["big5", 80, 300],
  ["raster", 58, 30],
  ["raster", 80, 30],
];

for (const [encoding, paperWidthMm, numRuns] of cases) {
  test(`no text in any field produces printer commands (${encoding}, ${paperWidthMm} mm)`, (t) => {
    const benign = new Set(
      readEscPos(encodeSlip(sampleSlip, { paperWidthMm, encoding }).bytes).commands.map(kind),
    );
    // Marks change modes only (sizes), so the benign set of a slip with both marks is the reference.
    const marked = encodeSlip(
      { ...sampleSlip, offline: true, reprint: sampleReprint },
      { paperWidthMm, encoding },
    );
    for (const command of readEscPos(marked.bytes).commands) benign.add(kind(command));
    fc.assert(
      fc.property(hostileSlip, (slip) => {
        const encoded = encodeSlip(slip, { paperWidthMm, encoding, picture: true });
        const reading = readEscPos(encoded.bytes); // throws on any command the encoder does not send
        for (const command of reading.commands) {
          if (!benign.has(kind(command))) throw new Error(`unexpected command ${kind(command)}`);
        }
        if (realTimeSequenceAt(encoded.bytes) >= 0) throw new Error("a real-time DLE sequence");
        const count = (k: string): number => reading.commands.filter((c) => kind(c).startsWith(k)).length;
        if (count("1b40") !== 1 || count("1d5642") !== 1) throw new Error("not one initialise and one cut");
        if (/[\p{Cc}]/u.test(encoded.text.replace(/\n/g, ""))) throw new Error("control character in text");
        const { svg } = encoded;
        if (svg === undefined) throw new Error("no picture");
        if (/[\p{Cc}]/u.test(svg.replace(/\n$/, ""))) throw new Error("control character in SVG");
        const content = svg.replace(/<[^>]*>/g, "");
        if (/[<>]|&(?!amp;|lt;|gt;)/.test(content)) throw new Error("markup in SVG text");
      }),
      { numRuns, seed: 20_261_127, includeErrorInReport: true },
    );
    t.pass();
  });
}
