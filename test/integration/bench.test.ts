/**
 * The benchmarks of issue 7 run once at a tiny size (`--quick`), so they keep working as the code
 * changes. Their figures are meaningless at this size; what is checked is that every benchmark
 * ran and reported every figure with the baseline it was measured against (docs/protocol.md), and
 * said on stderr which step it was at and how many there are.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { tempDir } from "../helpers/fixtures.js";

const runAll = fileURLToPath(new URL("../../bench/runAll.js", import.meta.url));

const expected = [
  "slip_raster_first_ms",
  ...["58", "80"].flatMap((paper) =>
    ["big5", "raster"].flatMap((encoding) =>
      ["encode_p50_ms", "encode_p99_ms", "encode_cpu_p99_ms", "bytes"].map(
        (what) => `slip_${paper}_${encoding}_${what}`,
      ),
    ),
  ),
  ...["intent", "decide", "total"].flatMap((part) => [`commit_${part}_p50_ms`, `commit_${part}_p99_ms`]),
  "first_download_2k_s",
  "idle_peak_rss_mb",
  "first_download_peak_rss_mb",
  "first_download_peak_heap_mb",
  "first_download_event_loop_p99_ms",
  "changes_download_s",
  "lookup_p50_ms",
  "lookup_p99_ms",
  ...["phone", "order", "name"].flatMap((by) => [`search_${by}_p50_ms`, `search_${by}_p99_ms`]),
  ...["online", "offline"].flatMap((mode) => [
    `scan_to_decision_${mode}_p50_ms`,
    `scan_to_decision_${mode}_p99_ms`,
    `scan_to_redeemed_auto_${mode}_p50_ms`,
    `scan_to_redeemed_auto_${mode}_p99_ms`,
  ]),
  "cold_start_ms",
  "cold_start_max_ms",
  "module_load_ms",
  "module_load_with_ui_ms",
  "backlog_upload_s",
  "backlog_event_loop_p99_ms",
  "backlog_peak_rss_mb",
  "backlog_peak_heap_mb",
  "central_accepted_per_s",
  "central_latency_p50_ms",
  "central_latency_p99_ms",
];

test("npm run bench at a tiny size: every benchmark runs, says its step, and reports each figure with its baseline", async (t) => {
  t.timeout(240_000);
  const out = await tempDir("bench-smoke-");
  t.teardown(out.remove);
  const child = spawn(process.execPath, [runAll, "--quick", "--out", out.path], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    log += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    log += chunk;
  });
  let stderr = "";
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const [code] = await once(child, "exit");
  t.is(code, 0, log);
  const steps = stderr.split("\n").filter((line) => /^\[\d+\/\d+\] /.test(line));
  t.deepEqual(
    steps,
    [
      "[1/8] catalogue of 2,000 tickets…",
      "[2/8] slip encoding, Big5 and raster, 58 and 80 mm…",
      "[3/8] durable commit against raw fsync…",
      "[4/8] first download of 2,000 tickets, lookup and search…",
      "[5/8] scan to decision, online and offline…",
      "[6/8] cold start to ready…",
      "[7/8] backlog upload…",
      "[8/8] central service throughput…",
    ],
    "one line on stderr as each step starts, saying which and how many in all",
  );

  const figures = JSON.parse(await readFile(join(out.path, "latest.json"), "utf8")) as Record<
    string,
    { value: unknown; baseline: { name: unknown; value: unknown }; conditions: unknown }
  >;
  t.deepEqual(Object.keys(figures).sort(), [...expected].sort());
  for (const [name, figure] of Object.entries(figures)) {
    t.true(Number.isFinite(figure.value), `${name}: value ${String(figure.value)}`);
    t.true(Number.isFinite(figure.baseline.value), `${name}: baseline ${String(figure.baseline.value)}`);
    t.regex(
      String(figure.baseline.name),
      /_(ms|s|mb|bytes|per_s)$/,
      `${name}: the baseline's name says its unit`,
    );
    t.regex(name, /_(ms|s|mb|bytes|per_s)$/, "the figure's name says its unit");
    t.is(typeof figure.conditions, "string");
  }
  const run = JSON.parse(await readFile(join(out.path, "run.json"), "utf8")) as {
    benchmarks: Record<string, { error?: string }>;
  };
  t.deepEqual(
    Object.entries(run.benchmarks).filter(([, result]) => result.error !== undefined),
    [],
  );
});
