/**
 * `npm run bench`: every benchmark of issue 7, each in its own process (so one's memory, JIT and
 * open handles never colour another's figures), one after another on this 2-core machine. The
 * catalogue is made once into a central service's store and kept in the temp dir, keyed by the
 * code that makes it (the generator and the central store), because a million tickets take about
 * three minutes; each run works on a fresh copy, since the benchmarks redeem. The ticket-cache
 * benchmark's first download fills the kiosk journal that the scan and cold-start benchmarks use.
 *
 * Writes `bench/results/latest.json` (docs/protocol.md: named figures, each with its baseline) and
 * `bench/results/run.json` (the machine, the sizes, each benchmark's duration and failure), and
 * prints a table. Exit status 1 when a benchmark failed; a missed target is a figure, not a failure,
 * unless `--check` is given: then a missed target fails the run too, each miss printed on stderr.
 *
 *   node dist/bench/runAll.js [--quick] [--check] [--tickets N] [--only a,b] [--out DIR] [--fresh] [--cache DIR]
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { access, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { dataFile, generate } from "./benchData.js";
import { type Figures, progress } from "./figures.js";
import { StepProgress } from "./stepProgress.js";
import { benchExitCode, describeMisses, missedTargets } from "./targetCheck.js";

/** In the order they run: the ticket cache before the benchmarks that need its journal. */
export const benchmarks = [
  "slipEncoding",
  "durableCommit",
  "ticketCache",
  "scanToDecision",
  "coldStart",
  "syncBacklog",
  "centralThroughput",
  "storeFeed",
] as const;
type Benchmark = (typeof benchmarks)[number];

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    tickets: { type: "string" },
    only: { type: "string" },
    out: { type: "string" },
    fresh: { type: "boolean", default: false },
    cache: { type: "string" },
    check: { type: "boolean", default: false },
  },
  strict: true,
});
const quick = values.quick ?? false;
const tickets = values.tickets ?? (quick ? "2000" : "1000000");
const ticketCount = Number(tickets).toLocaleString("en");

/** What each benchmark does, as its step line names it. */
const stepLabels: Record<Benchmark, string> = {
  slipEncoding: "slip encoding, Big5 and raster, 58 and 80 mm",
  durableCommit: "durable commit against raw fsync",
  ticketCache: `first download of ${ticketCount} tickets, lookup and search`,
  scanToDecision: "scan to decision, online and offline",
  coldStart: "cold start to ready",
  syncBacklog: "backlog upload",
  centralThroughput: "central service throughput, LevelDB and PostgreSQL, 50 and 500 kiosks",
  storeFeed: "first download of one store's tickets from a chain of 10 stores",
};
const only = values.only?.split(",");
const outDir = values.out ?? fileURLToPath(new URL("../../bench/results/", import.meta.url));

interface Run {
  readonly seconds: number;
  readonly error?: string;
}

/** The code the catalogue depends on: a change to any of it makes a new catalogue. */
async function catalogueVersion(): Promise<string> {
  const hash = createHash("sha256").update(tickets);
  const sources = [
    new URL("./catalogue.js", import.meta.url),
    new URL("./generateCatalogue.js", import.meta.url),
    ...(await readdir(new URL("../central/", import.meta.url)))
      .filter((name) => name.endsWith(".js"))
      .sort()
      .map((name) => new URL(`../central/${name}`, import.meta.url)),
  ];
  for (const source of sources) hash.update(await readFile(source));
  return hash.digest("hex").slice(0, 16);
}

/** A copy of the catalogue in `dataDir`, made now or earlier by the same code. */
async function prepareCatalogue(dataDir: string): Promise<void> {
  const cacheRoot = values.cache ?? join(tmpdir(), "ticket-kiosk-bench");
  const prefix = `catalogue-${tickets}-`;
  const name = `${prefix}${await catalogueVersion()}`;
  const cached = join(cacheRoot, name);
  const complete = await access(dataFile(cached)).then(
    () => true,
    () => false,
  );
  if (values.fresh || !complete) {
    await mkdir(cacheRoot, { recursive: true });
    // Catalogues of this size made by older code are of no more use, and a big one takes 200 MB.
    for (const old of await readdir(cacheRoot)) {
      if (old.startsWith(prefix)) await rm(join(cacheRoot, old), { recursive: true, force: true });
    }
    progress(`making a catalogue of ${ticketCount} tickets in ${cached}`);
    await generate(cached, Number(tickets), false);
  }
  await cp(cached, dataDir, { recursive: true });
}

async function runScript(name: string, dataDir: string): Promise<{ run: Run; figures: Figures }> {
  const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  const args = [script, "--tickets", tickets, "--data", dataDir, ...(quick ? ["--quick"] : [])];
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  const seconds = Math.round((performance.now() - startedAt) / 100) / 10;
  if (code !== 0) return { run: { seconds, error: `exit ${code}` }, figures: {} };
  try {
    return { run: { seconds }, figures: JSON.parse(stdout) as Figures };
  } catch {
    return { run: { seconds, error: "no figures on stdout" }, figures: {} };
  }
}

function table(figures: Figures): string {
  const rows = Object.entries(figures).map(([name, f]) => [
    name,
    String(f.value),
    `${f.baseline.name} ${f.baseline.value}`,
    f.target === undefined ? "" : `${f.target} ${f.met ? "met" : "MISSED"}`,
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ")).join("\n");
}

const startedAt = new Date();
const loadAtStart = loadavg()[0];
const dataDir = await mkdtemp(join(tmpdir(), "bench-run-"));
const runs: Record<string, Run> = {};
const figures: Figures = {};
try {
  const chosen = benchmarks.filter((name) => only === undefined || only.includes(name));
  const steps = new StepProgress(chosen.length + 1);
  steps.step(1, `catalogue of ${ticketCount} tickets`);
  const preparedAt = performance.now();
  await prepareCatalogue(dataDir);
  runs.prepareCatalogue = { seconds: Math.round((performance.now() - preparedAt) / 100) / 10 };
  for (const [index, name] of chosen.entries()) {
    steps.step(index + 2, stepLabels[name]);
    const result = await runScript(name, dataDir);
    runs[name] = result.run;
    Object.assign(figures, result.figures);
    if (result.run.error !== undefined) progress(`${name} failed: ${result.run.error}`);
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const cpu = cpus();
const run = {
  startedAt: startedAt.toISOString(),
  seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  tickets: Number(tickets),
  quick,
  machine: {
    cpu: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 1e8) / 10,
    node: process.version,
    os: `${process.platform} ${release()}`,
    /** The machine is shared: its load when the run began and ended says how noisy the figures are. */
    loadAverage: { start: loadAtStart, end: loadavg()[0] },
  },
  benchmarks: runs,
};
await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, "latest.json"), `${JSON.stringify(figures, null, 2)}\n`);
await writeFile(join(outDir, "run.json"), `${JSON.stringify(run, null, 2)}\n`);
process.stdout.write(`${table(figures)}\n\n${join(outDir, "latest.json")} (${run.seconds} s)\n`);
const misses = missedTargets(figures);
if (values.check && misses.length > 0) process.stderr.write(`${describeMisses(misses)}\n`);
process.exitCode = benchExitCode({
  benchmarkFailed: Object.values(runs).some((r) => r.error !== undefined),
  check: values.check ?? false,
  misses,
});
