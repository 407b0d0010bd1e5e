/** Latency samples and their percentiles (nearest rank, as most latency tools report them). */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

export interface Summary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
  };
}

/** Times one async call in milliseconds on the monotonic clock. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await work();
  return performance.now() - startedAt;
}

/** Samples the process's memory every `everyMs` until stopped; reports the peak. */
export function memoryPeak(everyMs = 50): { stop(): { rssMb: number; heapUsedMb: number } } {
  let rss = process.memoryUsage.rss();
  let heapUsed = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage.rss());
    heapUsed = Math.max(heapUsed, process.memoryUsage().heapUsed);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { rssMb: rss / 1e6, heapUsedMb: heapUsed / 1e6 };
    },
  };
}

/**
 * The event loop's delay (how late a 10 ms timer fires) while `work` runs, in ms at p99; with no
 * work, for `idleMs`: the baseline of a busy loop's delay in the same process.
 */
export async function loopDelayP99(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    await work();
  } finally {
    histogram.disable();
  }
  return histogram.percentile(99) / 1e6;
}

export function idleLoopDelayP99(idleMs: number): Promise<number> {
  return loopDelayP99(() => sleep(idleMs));
}

/** Bits on an 8N1 serial line per byte: start, eight data bits, stop. */
const bitsPerByte = 10;

/** How long `bytes` take on a serial line at `baudRate`, in milliseconds. */
export function wireMs(bytes: number, baudRate: number): number {
  return (bytes * bitsPerByte * 1000) / baudRate;
}
