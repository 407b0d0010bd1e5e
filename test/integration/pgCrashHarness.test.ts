/**
 * The crash harness (test/helpers/crashHarness.ts) with the central service on PostgreSQL: two
 * kiosk processes redeem online and offline while a central process is SIGKILLed each cycle, at a
 * seeded moment or at a seeded pass of its crash points (between its write and its commit, between
 * its commit and its answer), and started again; then with two central processes on one database,
 * one killed while the kiosks keep going through the other. Seeds are fixed, so a failure replays.
 * `npm run crash -- --central postgres [--centrals 2]` runs the same for hundreds of cycles.
 */
import test, { type ExecutionContext } from "ava";
import { type CrashReport, runCrashHarness } from "../helpers/crashHarness.js";

function assertInvariants(t: ExecutionContext, report: CrashReport): void {
  t.log(
    JSON.stringify({
      seed: report.seed,
      acknowledged: report.acknowledged,
      serverRecords: report.serverRecords,
      conflicts: report.conflicts,
      offlineCycles: report.offlineCycles,
      centralKills: report.centralKills,
      centralCrashPointKills: report.centralCrashPointKills,
      durationS: report.durationS,
    }),
  );
  const replay = `seed ${report.seed}`;
  t.true(report.acknowledged > 10, "the kiosks redeemed between the kills");
  t.true(report.offlineCycles > 0, "some cycles redeemed offline");
  t.is(report.centralKills, report.cycles, "a central was killed every cycle");
  t.deepEqual(report.lost, [], replay);
  t.deepEqual(report.missing, [], replay);
  t.deepEqual(report.duplicates, [], replay);
  t.deepEqual(report.phantoms, [], replay);
  t.deepEqual(report.unitMismatches, [], replay);
  t.deepEqual(report.unsynced, [], replay);
  t.deepEqual(report.overdrawn, [], replay);
}

test("one central on PostgreSQL killed and restarted every cycle: nothing acknowledged is lost or doubled", async (t) => {
  t.timeout(600_000); // minutes on a loaded 2-core machine
  const report = await runCrashHarness({
    cycles: 3,
    mode: "safe",
    central: "postgres",
    kiosks: 2,
    scarceUnits: 12,
    seed: 1301,
    progress: (line) => t.log(line),
  });
  assertInvariants(t, report);
});

test("two centrals on one PostgreSQL database, one killed each cycle: the kiosks go on through the other", async (t) => {
  t.timeout(600_000);
  const report = await runCrashHarness({
    cycles: 3,
    mode: "safe",
    central: "postgres",
    centrals: 2,
    kiosks: 2,
    scarceUnits: 12,
    seed: 1302,
    progress: (line) => t.log(line),
  });
  assertInvariants(t, report);
});
