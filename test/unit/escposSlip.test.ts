/**
 * The slip encoder against golden byte files and a reading of its ESC/POS stream.
 *
 * Golden files: test/fixtures/slips/slip-<paper>-<variant>.bin (and .txt, the readable rendering,
 * and .svg, the picture).
 * After an intended layout change, regenerate them and review the .txt diff:
 *   npx tsc -p . && UPDATE_GOLDEN=1 npx ava dist/test/unit/escposSlip.test.js
 */

import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import test from "ava";
import type { SlipData } from "../../device/ports/printer.js";
import { encodeSlip } from "../../drivers/printer/escposSlip.js";
import { formatSlipTime } from "../../drivers/printer/slipLayout.js";
import { readEscPos } from "../helpers/escposReader.js";
import { crowdedSlip, sampleReprint, sampleSlip } from "../helpers/slips.js";

const goldenDir = fileURLToPath(new URL("../../../test/fixtures/slips/", import.meta.url));
const papers = [58, 80] as const;
const variants: Record<string, SlipData> = {
  normal: sampleSlip,
  offline: { ...sampleSlip, offline: true },
  reprint: { ...sampleSlip, reprint: sampleReprint, clerkName: undefined },
};

for (const paperWidthMm of papers) {
  for (const [variant, slip] of Object.entries(variants)) {
    test(`golden bytes and text: ${paperWidthMm} mm, ${variant}`, async (t) => {
      const encoded = encodeSlip(slip, { paperWidthMm, picture: true });
      const base = `${goldenDir}slip-${paperWidthMm}-${variant}`;
      if (process.env.UPDATE_GOLDEN === "1") {
        await writeFile(`${base}.bin`, encoded.bytes);
        await writeFile(`${base}.txt`, encoded.text);
        await writeFile(`${base}.svg`, encoded.svg ?? "");
      }
      t.deepEqual(encoded.bytes, await readFile(`${base}.bin`));
      t.is(encoded.text, await readFile(`${base}.txt`, "utf8"));
      t.is(encoded.svg, await readFile(`${base}.svg`, "utf8"));
    });
  }
}

const hex = (text: string): Buffer => Buffer.from(text.replace(/ /g, ""), "hex");

test("starts with ESC @ and FS &, ends with the QR outside Chinese mode, then feed and cut", (t) => {
  const { bytes } = encodeSlip(sampleSlip, { paperWidthMm: 58 });
  t.deepEqual(bytes.subarray(0, 4), hex("1b40 1c26"));
  t.deepEqual(bytes.subarray(-4), hex("1d56 4200"));
  t.is(bytes.indexOf(hex("1d564200")), bytes.length - 4, "exactly one cut");

  const { commands } = readEscPos(bytes);
  const names = commands.map((c) => c.subarray(0, 2).toString("hex"));
  const qrStart = names.indexOf("1d28");
  t.true(qrStart > 0);
  t.is(names.lastIndexOf("1c2e", qrStart), qrStart - 2, "Chinese mode off, then centre, then the QR");
  t.false(names.slice(qrStart).includes("1c26"), "Chinese mode stays off after the QR");
});

for (const [paperWidthMm, moduleDots] of [
  [58, "06"],
  [80, "08"],
] as const) {
  test(`the QR block carries the full redemption id, model 2, ECC M (${paperWidthMm} mm)`, (t) => {
    const { bytes } = encodeSlip(sampleSlip, { paperWidthMm });
    const qr = readEscPos(bytes).commands.filter((c) => c.subarray(0, 3).equals(hex("1d286b")));
    const id = Buffer.from(sampleSlip.redemptionId, "ascii");
    t.deepEqual(qr, [
      hex("1d286b 0400 3141 3200"),
      hex(`1d286b 0300 3143 ${moduleDots}`),
      hex("1d286b 0300 3145 31"),
      Buffer.concat([hex("1d286b 2700 3150 30"), id]),
      hex("1d286b 0300 3151 30"),
    ]);
    t.is(id.length + 3, 0x27);
  });
}

test("the Chinese text decodes back from cp950: store, title, product, variant, clerk, time", (t) => {
  const texts = readEscPos(encodeSlip(sampleSlip, { paperWidthMm: 58 }).bytes).lines.map((l) => l.text);
  t.true(texts.includes("台北信義店"));
  t.true(texts.includes("電子票券核銷單"));
  t.true(texts.includes("深層按摩 60 分鐘券"));
  t.true(texts.includes("平日 Weekday"));
  t.true(texts.some((l) => l.startsWith("店員 Clerk") && l.endsWith("王小明")));
  t.true(texts.some((l) => l.startsWith("時間 Time") && l.endsWith("2026-11-27 16:05:09")));
  t.true(texts.some((l) => l.startsWith("剩餘/總數 Left/Total") && l.endsWith("4 / 5")));
  t.true(texts.some((l) => l.startsWith("核銷編號 Ref") && l.endsWith("0b8e1c2a")));
  t.false(texts.some((l) => l.includes("OFFLINE") || l.includes("REPRINT")));
});

test("offline and reprint slips carry their marks in double height", (t) => {
  const both = readEscPos(
    encodeSlip({ ...sampleSlip, offline: true, reprint: sampleReprint }, { paperWidthMm: 80 }).bytes,
  );
  const marks = both.lines.filter((l) => l.text.includes("離線 OFFLINE") || l.text.includes("補印 REPRINT"));
  t.deepEqual(
    marks.map((l) => [l.text, l.size]),
    [
      ["** 離線 OFFLINE **", 0x01],
      ["** 補印 REPRINT **", 0x01],
    ],
  );
});

test("a long Chinese product name wraps without losing or splitting a character", (t) => {
  const { lines } = readEscPos(encodeSlip(crowdedSlip, { paperWidthMm: 58 }).bytes);
  const start = lines.findIndex((l) => l.text === "商品 Product") + 1;
  const product = lines.slice(start, start + 4).map((l) => l.text);
  t.deepEqual(product, [
    "深層按摩六十分鐘券附贈熱石精油舒",
    "壓十五分鐘平日限定雙人方案 Deep",
    "Tissue Massage for Two",
    "雙人方案（含茶點）Couple package",
  ]);
  t.false(lines.some((l) => l.text.includes("\ufffd")));
});

const hostile: SlipData = {
  ...sampleSlip,
  storeName: "\x1b@\x1dV\x42\x00Evil\x1b!\x30店",
  productName: "\x10\x04\x01\x10\x05\x02\x10\x14\x01\x01\x03\x1b[31m紅\x1b[0m\x00😀 ①é 按摩",
  variantName: "\x1c.\x1b!\x00\x1d!\x11\x1b\x45\x01\x1b]0;pwned\x07平日",
  orderNumber: "#1\r\n\x0c2",
  deviceId: "k\x7f1\x9b2J",
  clerkName: "\u202e王\x1dV\x00",
  maskedCode: "****\x1b@TB4A",
  redemptionId: "0b8e1c2a-\x10\x04\x01-\x1dV\x42\x00",
};

test("hostile names never reach the printer as command bytes", (t) => {
  for (const paperWidthMm of papers) {
    const encoded = encodeSlip(hostile, { paperWidthMm });
    // readEscPos throws on any control byte that is not one of the encoder's own commands.
    const reading = readEscPos(encoded.bytes);
    const benign = readEscPos(encodeSlip(sampleSlip, { paperWidthMm }).bytes);
    // A command's kind: its first three bytes, and for GS ( k its function bytes (not the length).
    const kind = (c: Buffer): string =>
      Buffer.concat([c.subarray(0, 3), c[1] === 0x28 ? c.subarray(5, 7) : Buffer.alloc(0)]).toString("hex");
    const kinds = (commands: readonly Buffer[]): string[] => [...new Set(commands.map(kind))];
    t.deepEqual(kinds(reading.commands).sort(), kinds(benign.commands).sort(), "the same kinds of commands");
    t.is(encoded.bytes.indexOf(0x10), -1, "no DLE anywhere, not even in the QR data");
    t.is(reading.commands.filter((c) => c.equals(Buffer.from([0x1b, 0x40]))).length, 1, "one ESC @");
    t.is(reading.commands.filter((c) => c[0] === 0x1d && c[1] === 0x56).length, 1, "one cut");
    const texts = reading.lines.map((l) => l.text);
    t.true(texts.includes("紅? ?? 按摩"));
    t.true(texts.some((l) => l.includes("Evil店")));
    t.regex(encoded.text, /^[^\p{Cc}]*(?:\n[^\p{Cc}]*)*$/u, "the text rendering has no control characters");
  }
});

test("the time is formatted in the slip's time zone; an unknown zone falls back to UTC, marked", (t) => {
  const at = new Date("2026-11-27T16:05:09Z");
  t.is(formatSlipTime(at, "Asia/Taipei"), "2026-11-28 00:05:09");
  t.is(formatSlipTime(at, "Europe/Berlin"), "2026-11-27 17:05:09");
  t.is(formatSlipTime(at, "Mars/Olympus"), "2026-11-27 16:05:09 UTC");
});
