/**
 * The benchmarks of issue 7 run once at a tiny size (`--quick`), so they keep working as the code
 * changes. Their figures are meaningless at this size; what is checked is that every benchmark
 * ran and reported every figure with the baseline it was measured against (docs/protocol.md), and
 * said on stderr which step it was at and how many there are. It runs with `--check`, and its exit
 * status must be the check's verdict on the figures it wrote; the check itself is tested apart on
 * figures made up for it, so a missed target is seen to fail the run whatever the machine's speed.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { type Figures, figure } from "../../bench/figures.js";
import { benchExitCode, describeMisses, missedTargets } from "../../bench/targetCheck.js";
import { tempDir } from "../helpers/fixtures.js";

const runAll = fileURLToPath(new URL("../../bench/runAll.js", import.meta.url));

const expected = [
  "slip_raster_first_ms",
  "slip_qr_symbol_p50_ms",
  "slip_qr_symbol_p99_ms",
  "slip_qr_symbol_cpu_p99_ms",
  "slip_58_raster_fill_p99_ms",
  "slip_80_raster_fill_p99_ms",
  ...["58", "80"].flatMap((paper) =>
    ["big5", "raster"].flatMap((encoding) =>
      ["encode_p50_ms", "encode_p99_ms", "encode_cpu_p99_ms", "bytes"].map(
        (what) => `slip_${paper}_${encoding}_${what}`,
      ),
    ),
  ),
  ...["intent", "decide", "total"].flatMap((part) => [`commit_${part}_p50_ms`, `commit_${part}_p99_ms`]),
  "first_download_2k_s",
  "first_download_2k_ticket_floor_s",
  "first_download_2k_format_floor_s",
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
  ...["online", "offline"].flatMap((mode) => [
    ...(mode === "online" ? ["intent", "central", "decide"] : ["intent", "decide"]).flatMap((phase) => [
      `gate_${mode}_${phase}_p50_ms`,
      `gate_${mode}_${phase}_p99_ms`,
    ]),
    `gate_${mode}_event_loop_p99_ms`,
  ]),
  "gate_online_floor_p50_ms",
  "gate_online_floor_p99_ms",
  "cold_start_ms",
  "cold_start_max_ms",
  "module_load_ms",
  "module_load_with_ui_ms",
  "backlog_upload_s",
  "backlog_event_loop_p99_ms",
  "backlog_peak_rss_mb",
  "backlog_peak_heap_mb",
  ...["level", "level_floor_http", "pg", "pg_floor_http", "pg_floor_sql"].flatMap((store) =>
    ["50", "500"].flatMap((kiosks) =>
      ["accepted_per_s", "p50_ms", "p99_ms"].map((what) => `central_${store}_${kiosks}_kiosks_${what}`),
    ),
  ),
  "first_download_level_store_of_10_s",
  "first_download_pg_store_of_10_s",
];

test("npm run bench at a tiny size: every benchmark runs, says its step, and reports each figure with its baseline", async (t) => {
  // Nine benchmarks, two of them starting a PostgreSQL cluster and filling a LevelDB and a
  // PostgreSQL central with 500 device tokens: minutes, not seconds, on a loaded 2-core machine.
  t.timeout(480_000);
  const out = await tempDir("bench-smoke-");
  t.teardown(out.remove);
  const child = spawn(process.execPath, [runAll, "--quick", "--check", "--out", out.path], {
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
  const steps = stderr.split("\n").filter((line) => /^\[\d+\/\d+\] /.test(line));
  t.deepEqual(
    steps,
    [
      "[1/9] catalogue of 2,000 tickets…",
      "[2/9] slip encoding, Big5 and raster, 58 and 80 mm…",
      "[3/9] durable commit against raw fsync…",
      "[4/9] first download of 2,000 tickets, lookup and search…",
      "[5/9] scan to decision, online and offline…",
      "[6/9] cold start to ready…",
      "[7/9] backlog upload…",
      "[8/9] central service throughput, LevelDB and PostgreSQL, 50 and 500 kiosks…",
      "[9/9] first download of one store's tickets from a chain of 10 stores…",
    ],
    "one line on stderr as each step starts, saying which and how many in all",
  );

  // As read from disk, not trusted to be what the type says: each field is checked below.
  const figures = JSON.parse(await readFile(join(out.path, "latest.json"), "utf8")) as Figures;
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
  // At this size many figures miss their targets; what matters is that --check says so, and only so.
  const misses = missedTargets(figures);
  t.is(code, misses.length > 0 ? 1 : 0, log);
  for (const miss of misses) t.true(stderr.includes(`MISSED ${miss.name}: `), `${miss.name} is named`);
});

test("the check: a figure that misses its target fails the run and is named with its value and target", (t) => {
  const wire = { name: "wire_115200_ms", value: 1.3 };
  const figures = {
    scan_to_decision_online_p99_ms: figure(4.2, wire, "met", { max: 10 }),
    scan_to_redeemed_auto_online_p99_ms: figure(25.8, wire, "missed", { max: 15 }),
    backlog_event_loop_p99_ms: figure(30, { name: "idle_event_loop_p99_ms", value: 10 }, "at the bound", {
      below: 30,
    }),
    scan_to_decision_online_p50_ms: figure(99, wire, "no target"),
  };
  const misses = missedTargets(figures);
  t.deepEqual(misses, [
    { name: "scan_to_redeemed_auto_online_p99_ms", value: 25.8, target: "≤ 15" },
    { name: "backlog_event_loop_p99_ms", value: 30, target: "< 30" },
  ]);
  t.is(
    describeMisses(misses),
    "MISSED scan_to_redeemed_auto_online_p99_ms: 25.8, target ≤ 15\nMISSED backlog_event_loop_p99_ms: 30, target < 30",
  );
  t.is(benchExitCode({ benchmarkFailed: false, check: true, misses }), 1);
  t.is(
    benchExitCode({ benchmarkFailed: false, check: false, misses }),
    0,
    "without --check a miss is a figure",
  );
  t.is(benchExitCode({ benchmarkFailed: false, check: true, misses: [] }), 0);
  t.is(benchExitCode({ benchmarkFailed: true, check: false, misses: [] }), 1);
  const allMet = { scan_to_decision_online_p99_ms: figures.scan_to_decision_online_p99_ms };
  t.deepEqual(missedTargets(allMet), []);
});
