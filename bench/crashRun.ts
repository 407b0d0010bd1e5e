/**
 * The long crash run (RELIABILITY.md 1 and 2): the crash harness of `npm test` for hundreds of
 * cycles. Prints its figures and writes them to `bench/results/crash.json`.
 *
 *   npm run crash -- --cycles 300 [--seed N]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { runCrashHarness } from "../test/helpers/crashHarness.js";

const { values } = parseArgs({
  options: { cycles: { type: "string", default: "300" }, seed: { type: "string" } },
});
const report = await runCrashHarness({
  cycles: Number(values.cycles),
  mode: "safe",
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  progress: (line) => process.stderr.write(`${line}\n`),
});
const figures = {
  seed: report.seed,
  cycles: report.cycles,
  random_kills: report.randomKills,
  crash_point_kills: report.crashPointKills,
  offline_cycles: report.offlineCycles,
  acknowledged: report.acknowledged,
  journal_redeemed: report.journalRedeemed,
  server_records: report.serverRecords,
  lost: report.lost.length,
  missing_at_server: report.missing.length,
  duplicates: report.duplicates.length,
  phantoms: report.phantoms.length,
  unit_mismatches: report.unitMismatches.length,
  duration_s: report.durationS,
};
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(new URL("./results/crash.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
const failed =
  report.lost.length +
  report.missing.length +
  report.duplicates.length +
  report.phantoms.length +
  report.unitMismatches.length;
process.exitCode = failed === 0 ? 0 : 1;
