/**
 * Benchmark 7 (issue 7): encode time and size of one redemption slip, for 58 and 80 mm paper, in
 * Big5 text and in raster. Encoding is what the slip queue (`drivers/printer/slipQueue.ts`) does
 * per slip for a printer that keeps no picture (`encodeSlip`: the printer bytes and the text
 * rendering; the SVG picture is drawn only for `file` printers); each slip has its own id and time, as in a shop. The baseline of the time
 * is how long the same bytes take on a 115200-baud serial printer, the fastest common serial link:
 * encoding is free when it is a small part of that. The baseline of the size is the slip's plain
 * text in UTF-8, what it says without any printer commands.
 *
 * The raster font is read on the first raster slip of a process; that first slip is reported
 * apart (`slip_raster_first_ms`), the others are timed with the font loaded.
 *
 * Each encode is also timed in the process's CPU time (`…_encode_cpu_p99_ms`): on a shared machine
 * the wall-clock p99 of a sub-millisecond task is mostly the time it waited for a core, and the CPU
 * time says what the encoder itself costs (docs/performance.md, raster slips).
 */
import { randomUUID } from "node:crypto";
import type { SlipEncoding } from "../device/ports/deviceKinds.js";
import type { SlipData } from "../device/ports/printer.js";
import { qrMatrix } from "../device/qrMatrix.js";
import { encodeSlip } from "../drivers/printer/escposSlip.js";
import type { PaperWidthMm } from "../drivers/printer/slipLayout.js";
import { sampleSlip } from "../test/helpers/slips.js";
import { type Figures, figure, progress, runKioskBenchmark } from "./figures.js";
import { summarise, wireMs } from "./stats.js";

const baudRate = 115_200;
const encodeTargetMs = 2;

interface Timing {
  readonly wall: number[];
  readonly cpu: number[];
}

/**
 * Runs each of `works` `count` times after 10 warm-up rounds (the JIT settles; a kiosk is past them
 * after its first slips) and times each run on the wall clock and in the process's CPU time, in ms.
 * The works take turns, one run each, so what a young process still does (its heap growing to its
 * working size, the JIT's tiers) falls on all of them alike, not on the first one timed.
 */
function timeEach<K extends string>(count: number, works: Record<K, (n: number) => void>): Record<K, Timing> {
  const entries = Object.entries<(n: number) => void>(works).map(([name, work]) => ({
    name,
    work,
    timing: { wall: [], cpu: [] } as Timing,
  }));
  for (let n = 0; n < count + 10; n += 1) {
    for (const { work, timing } of entries) {
      const cpuAtStart = process.cpuUsage();
      const startedAt = performance.now();
      work(n);
      const elapsed = performance.now() - startedAt;
      const used = process.cpuUsage(cpuAtStart);
      if (n < 10) continue;
      timing.wall.push(elapsed);
      timing.cpu.push((used.user + used.system) / 1000);
    }
  }
  return Object.fromEntries(entries.map(({ name, timing }) => [name, timing])) as Record<K, Timing>;
}

/**
 * The floor under a raster slip's encode time (issue 16): the QR symbol alone, as
 * `qrcode`'s core makes it (device/qrMatrix.ts: eight masks laid out and scored), and writing every
 * byte of the slip's size once into a new buffer (what any encoder must at least do); each next to
 * the raster encode it is part of, so the ratio is its share.
 */
function rasterFloor(figures: Figures, slips: number): void {
  const { qr } = timeEach(slips, { qr: (n) => qrMatrix(slipNumber(n).redemptionId) });
  const qrConditions = `${slips} symbols of a redemption id (36 bytes, level M), made by qrcode's core`;
  const symbol = summarise(qr.wall);
  for (const at of ["p50", "p99"] as const) {
    const name = `slip_58_raster_encode_${at}_ms`;
    const baseline = { name, value: figures[name]?.value ?? Number.NaN };
    figures[`slip_qr_symbol_${at}_ms`] = figure(symbol[at], baseline, qrConditions);
  }
  figures.slip_qr_symbol_cpu_p99_ms = figure(
    summarise(qr.cpu).p99,
    {
      name: "slip_58_raster_encode_cpu_p99_ms",
      value: figures.slip_58_raster_encode_cpu_p99_ms?.value ?? Number.NaN,
    },
    `${qrConditions}; the process's CPU time`,
  );
  for (const paperWidthMm of [58, 80] as const) {
    const bytes = figures[`slip_${paperWidthMm}_raster_bytes`]?.value ?? 0;
    const { fill } = timeEach(slips, { fill: (n) => Buffer.alloc(bytes).fill(n & 0xff) });
    figures[`slip_${paperWidthMm}_raster_fill_p99_ms`] = figure(
      summarise(fill.wall).p99,
      {
        name: `slip_${paperWidthMm}_raster_encode_p99_ms`,
        value: figures[`slip_${paperWidthMm}_raster_encode_p99_ms`]?.value ?? Number.NaN,
      },
      `${slips} times: a new buffer of the slip's ${bytes} bytes, every byte written once`,
    );
  }
}

function slipNumber(n: number): SlipData {
  return {
    ...sampleSlip,
    redemptionId: randomUUID(),
    redeemedAt: new Date(sampleSlip.redeemedAt.getTime() + n * 61_000),
    quantity: 1 + (n % 3),
    remaining: n % 5,
  };
}

runKioskBenchmark(async ({ quick }) => {
  const slips = quick ? 10 : 300;
  const figures: Figures = {};
  const firstStartedAt = performance.now();
  const first = encodeSlip(slipNumber(0), { paperWidthMm: 58, encoding: "raster" });
  figures.slip_raster_first_ms = figure(
    performance.now() - firstStartedAt,
    { name: "wire_115200_ms", value: wireMs(first.bytes.length, baudRate) },
    "the first raster slip of a process: reads and unpacks the bundled font",
    {},
  );
  const kinds = ([58, 80] as const satisfies readonly PaperWidthMm[]).flatMap((paperWidthMm) =>
    (["big5", "raster"] as const satisfies readonly SlipEncoding[]).map((encoding) => ({
      name: `slip_${paperWidthMm}_${encoding}`,
      paperWidthMm,
      encoding,
      sizes: [] as number[],
      textSizes: [] as number[],
    })),
  );
  const timings = timeEach(
    slips,
    Object.fromEntries(
      kinds.map((kind) => [
        kind.name,
        (n: number) => {
          const encoded = encodeSlip(slipNumber(n), kind);
          kind.sizes.push(encoded.bytes.length);
          kind.textSizes.push(Buffer.byteLength(encoded.text));
        },
      ]),
    ),
  );
  for (const { name, paperWidthMm, encoding, sizes, textSizes } of kinds) {
    const timing = timings[name] ?? { wall: [], cpu: [] };
    const time = summarise(timing.wall);
    const bytes = summarise(sizes).max;
    const wire = { name: "wire_115200_ms", value: wireMs(bytes, baudRate) };
    const conditions = `${slips} slips, ${paperWidthMm} mm, ${encoding}, in turn with the other kinds; bytes + text (no SVG picture)`;
    figures[`${name}_encode_p50_ms`] = figure(time.p50, wire, conditions, { max: encodeTargetMs });
    figures[`${name}_encode_p99_ms`] = figure(time.p99, wire, conditions, { max: encodeTargetMs });
    figures[`${name}_encode_cpu_p99_ms`] = figure(
      summarise(timing.cpu).p99,
      wire,
      `${conditions}; the process's CPU time, not the wall clock`,
    );
    figures[`${name}_bytes`] = figure(
      bytes,
      { name: "text_utf8_bytes", value: summarise(textSizes).max },
      `${paperWidthMm} mm, ${encoding}: the largest slip of the run`,
    );
    progress(
      `${name}: p50 ${time.p50.toFixed(3)} ms, p99 ${time.p99.toFixed(3)} ms, CPU p99 ${summarise(timing.cpu).p99.toFixed(3)} ms, ${bytes} bytes`,
    );
  }
  rasterFloor(figures, slips);
  return figures;
});
