/**
 * What every benchmark reports (docs/protocol.md, "Benchmarks"): named figures whose names carry
 * their unit, each next to the baseline it was measured against in the same run — this machine is
 * shared and noisy, so a figure alone says little, a figure beside its physical limit says a lot.
 *
 * A benchmark script is one process: it takes its options from the command line, writes progress
 * to stderr and its figures as one JSON object on stdout, which `runAll` collects.
 */
import { parseArgs } from "node:util";
import { hasKioskNodeFlags } from "./kioskNodeFlags.js";

export interface Baseline {
  /** What the baseline is, with its unit, e.g. `raw_fsync_p50_ms`. */
  readonly name: string;
  readonly value: number;
}

export interface Figure {
  readonly value: number;
  readonly baseline: Baseline;
  /** value / baseline, when both share a unit. */
  readonly ratio?: number;
  /** The target, e.g. `≤ 10` or `ratio ≤ 1.5`. */
  readonly target?: string;
  readonly met?: boolean;
  /** How it was measured: sizes, counts, modes. */
  readonly conditions: string;
}

export type Figures = Record<string, Figure>;

/** A target on the value (`max`, `min`) or on value / baseline (`maxRatio`, `minRatio`). */
export interface Target {
  readonly max?: number;
  readonly min?: number;
  readonly maxRatio?: number;
  readonly minRatio?: number;
  /** Strictly below, for a target stated as `< n`. */
  readonly below?: number;
}

/** Three significant digits: more would be noise on a shared machine. */
export function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 6)));
}

export function figure(
  value: number,
  baseline: Baseline,
  conditions: string,
  target: Target = {},
  options: { readonly ratio?: boolean } = {},
): Figure {
  const ratio = baseline.value === 0 ? Number.NaN : value / baseline.value;
  const checks: [string, boolean][] = [];
  if (target.max !== undefined) checks.push([`≤ ${target.max}`, value <= target.max]);
  if (target.min !== undefined) checks.push([`≥ ${target.min}`, value >= target.min]);
  if (target.below !== undefined) checks.push([`< ${target.below}`, value < target.below]);
  if (target.maxRatio !== undefined) checks.push([`ratio ≤ ${target.maxRatio}`, ratio <= target.maxRatio]);
  if (target.minRatio !== undefined) checks.push([`ratio ≥ ${target.minRatio}`, ratio >= target.minRatio]);
  const withRatio = (options.ratio ?? true) && Number.isFinite(ratio);
  return {
    value: round(value),
    baseline: { name: baseline.name, value: round(baseline.value) },
    ...(withRatio ? { ratio: round(ratio) } : {}),
    ...(checks.length === 0
      ? {}
      : { target: checks.map(([text]) => text).join(", "), met: checks.every(([, ok]) => ok) }),
    conditions,
  };
}

/** Options every benchmark understands; each script reads the ones it needs. */
export interface BenchOptions {
  /** Tiny sizes, for the smoke test: proves the benchmark runs, measures nothing worth keeping. */
  readonly quick: boolean;
  /** The catalogue size. */
  readonly tickets: number;
  /** A directory `prepareData` filled; absent, the benchmark makes its own in a temp dir. */
  readonly data: string | undefined;
}

export function benchOptions(args: readonly string[] = process.argv.slice(2)): BenchOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      quick: { type: "boolean", default: false },
      tickets: { type: "string" },
      data: { type: "string" },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  const tickets = Number(values.tickets ?? (quick ? 2000 : 1_000_000));
  if (!Number.isInteger(tickets) || tickets < 100) throw new Error("--tickets must be a whole number ≥ 100");
  return { quick, tickets, data: values.data };
}

/** Progress on stderr, so stdout carries only the figures. */
export function progress(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/** The body of a benchmark script: runs it and prints its figures; a failure exits 1. */
export function runBenchmark(measure: (options: BenchOptions) => Promise<Figures>): void {
  report(measure(benchOptions()));
}

/**
 * The body of a benchmark that runs the kiosk's code in its own process: run with the Node flags
 * of the kiosk's systemd unit (kioskNodeFlags.ts), in a process started again with them if need be.
 */
export function runKioskBenchmark(measure: (options: BenchOptions) => Promise<Figures>): void {
  void hasKioskNodeFlags().then((has) => {
    if (has) runBenchmark(measure);
  });
}

function report(measured: Promise<Figures>): void {
  measured.then(
    (figures) => {
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      // Undici pools and LevelDB handles are closed by each benchmark; a stray timer must not hang us.
      setTimeout(() => process.exit(0), 500).unref();
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
