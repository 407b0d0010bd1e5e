/**
 * Issue 15, power cuts: the crash harness (test/helpers/crashHarness.ts) with the kiosk's or the
 * central service's data directory in the power-loss filesystem, so each kill also throws away
 * every write not yet fsync'd (the model is in docs/reliability.md). A machine where FUSE cannot
 * mount fails these tests with the reason; they are never skipped.
 * `npm run crash -- --power-loss [--target central] --cycles 300` is the long run.
 */
import test, { type ExecutionContext } from "ava";
import { type CrashReport, runCrashHarness } from "../helpers/crashHarness.js";

function figures(t: ExecutionContext, report: CrashReport): void {
  t.log(
    JSON.stringify({
      seed: report.seed,
      acknowledged: report.acknowledged,
      powerCuts: report.powerCuts,
      cutFiles: report.cutFiles,
      cutBytes: report.cutBytes,
      lost: report.lost.length,
      missing: report.missing.length,
      duplicates: report.duplicates.length,
      durationS: report.durationS,
    }),
  );
}

function nothingLostOrDoubled(t: ExecutionContext, report: CrashReport): void {
  const replay = `replay with seed ${report.seed}`;
  t.deepEqual(report.lost, [], replay);
  t.deepEqual(report.missing, [], replay);
  t.deepEqual(report.duplicates, [], replay);
  t.deepEqual(report.phantoms, [], replay);
  t.deepEqual(report.unitMismatches, [], replay);
}

/**
 * Power cuts of one side; every redemption the kiosk acknowledged survives, counted once. The
 * central side restarts a server each cycle and takes twice as long a cycle, so it runs fewer here
 * and hundreds in the long run.
 */
const survivesPowerCuts = test.macro(async (t, target: "kiosk" | "central", cycles: number) => {
  t.timeout(600_000);
  const report = await runCrashHarness({ cycles, mode: "safe", powerLoss: target });
  figures(t, report);
  t.is(report.powerCuts, cycles);
  t.true(report.cutBytes > 0, "the cuts threw unsynced writes away");
  t.true(report.acknowledged > 30, "the kiosk redeemed between the cuts");
  nothingLostOrDoubled(t, report);
});

test(
  "the kiosk loses power 30 times: every acknowledged redemption is in its journal and counted once",
  survivesPowerCuts,
  "kiosk",
  30,
);
test(
  "the central service loses power 30 times: every redemption it answered for is still there",
  survivesPowerCuts,
  "central",
  30,
);

test("negative control: a journal written without fsync is caught losing acknowledged redemptions", async (t) => {
  t.timeout(600_000);
  const report = await runCrashHarness({ cycles: 3, mode: "unsynced-journal", powerLoss: "kiosk" });
  figures(t, report);
  t.true(report.acknowledged > 0, "the kiosk redeemed");
  t.true(report.lost.length > 0, `acknowledged redemptions lost from the journal (seed ${report.seed})`);
});
