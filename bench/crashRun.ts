/**
 * The long crash run (docs/reliability.md promise 1 and 2): the crash harness of `npm test` for hundreds of
 * cycles. Prints its figures and writes them to `bench/results/crash.json`. With `--power-loss`, each
 * kill of the kiosk (`--target kiosk`, the default) or of the central service (`--target central`)
 * is a power cut of its data directory (test/helpers/powerLossFs.ts); the figures then go to
 * `bench/results/power-loss-<target>.json`. With `--central postgres`, the central service runs on a
 * throwaway PostgreSQL cluster, `--centrals 1|2` processes on its database beside `--kiosks N` kiosks
 * (2 unless given), and one central is killed each cycle; the figures go to
 * `bench/results/crash-postgres-<centrals>.json`.
 *
 *   npm run crash -- --cycles 300 [--seed N] [--power-loss [--target kiosk|central]]
 *   npm run crash -- --cycles 100 --central postgres [--centrals 2] [--kiosks 2]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { runCrashHarness } from "../test/helpers/crashHarness.js";
import { StepProgress } from "./stepProgress.js";

const { values } = parseArgs({
  options: {
    cycles: { type: "string", default: "300" },
    seed: { type: "string" },
    "power-loss": { type: "boolean", default: false },
    target: { type: "string", default: "kiosk" },
    central: { type: "string", default: "level" },
    centrals: { type: "string", default: "1" },
    kiosks: { type: "string" },
  },
});
if (values.central !== "level" && values.central !== "postgres")
  throw new Error(`--central is level or postgres, not "${values.central}"`);
if (values.centrals !== "1" && values.centrals !== "2")
  throw new Error(`--centrals is 1 or 2, not "${values.centrals}"`);
const onPostgres = values.central === "postgres";
if (onPostgres && values["power-loss"])
  throw new Error("--power-loss cuts a LevelDB folder's power: it does not go with --central postgres");
const centrals = values.centrals === "2" ? 2 : 1;
if (values.target !== "kiosk" && values.target !== "central")
  throw new Error(`--target is kiosk or central, not "${values.target}"`);
const powerLoss = values["power-loss"] ? values.target : undefined;
const cycles = Number(values.cycles);
const steps = new StepProgress(cycles);
const report = await runCrashHarness({
  cycles,
  mode: "safe",
  ...(powerLoss === undefined ? {} : { powerLoss }),
  ...(onPostgres
    ? { central: "postgres", centrals, kiosks: Number(values.kiosks ?? "2"), scarceUnits: 12 }
    : {}),
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  progress: (line) => process.stderr.write(`${line}\n`),
  onCycle: (cycle, point) => steps.step(cycle, `cycle, kill at ${point ?? "a random moment"}`),
});
const figures = {
  seed: report.seed,
  cycles: report.cycles,
  random_kills: report.randomKills,
  crash_point_kills: report.crashPointKills,
  offline_cycles: report.offlineCycles,
  power_loss: powerLoss ?? "none",
  central: values.central,
  central_processes: onPostgres ? centrals : 1,
  central_kills: report.centralKills,
  central_crash_point_kills: report.centralCrashPointKills,
  conflicts: report.conflicts,
  power_cuts: report.powerCuts,
  cut_files: report.cutFiles,
  cut_bytes: report.cutBytes,
  acknowledged: report.acknowledged,
  journal_redeemed: report.journalRedeemed,
  server_records: report.serverRecords,
  lost: report.lost.length,
  missing_at_server: report.missing.length,
  duplicates: report.duplicates.length,
  phantoms: report.phantoms.length,
  unit_mismatches: report.unitMismatches.length,
  unsynced: report.unsynced.length,
  overdrawn: report.overdrawn.length,
  duration_s: report.durationS,
};
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
const resultFile = onPostgres
  ? `crash-postgres-${centrals}.json`
  : powerLoss === undefined
    ? "crash.json"
    : `power-loss-${powerLoss}.json`;
await writeFile(new URL(`./results/${resultFile}`, import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
const failed =
  report.lost.length +
  report.missing.length +
  report.duplicates.length +
  report.phantoms.length +
  report.unitMismatches.length +
  report.unsynced.length +
  report.overdrawn.length;
process.exitCode = failed === 0 ? 0 : 1;
