/**
 * docs/reliability.md promise 1 and 2 under `kill -9`: see test/helpers/crashHarness.ts for what is checked.
 * `npm run crash` runs the same harness for hundreds of cycles and records its figures.
 */
import test from "ava";
import { runCrashHarness } from "../helpers/crashHarness.js";

test("killed at random moments and at named crash points 30 times: nothing acknowledged is lost or doubled", async (t) => {
  t.timeout(600_000); // minutes on a loaded 2-core machine
  const report = await runCrashHarness({ cycles: 30, mode: "safe", progress: (line) => t.log(line) });
  t.log(JSON.stringify({ ...report, lost: report.lost.length, missing: report.missing.length }));
  t.true(report.acknowledged > 30, "the kiosk redeemed between the kills");
  t.true(report.offlineCycles > 0, "some cycles redeemed offline");
  const crashPointKills = Object.values(report.crashPointKills).reduce((a, b) => a + b, 0);
  t.true(crashPointKills > 0, "some cycles died at a named crash point");
  t.deepEqual(report.lost, [], `seed ${report.seed}`);
  t.deepEqual(report.missing, [], `seed ${report.seed}`);
  t.deepEqual(report.duplicates, [], `seed ${report.seed}`);
  t.deepEqual(report.phantoms, [], `seed ${report.seed}`);
  t.deepEqual(report.unitMismatches, [], `seed ${report.seed}`);
});

test("negative control: a kiosk that acknowledges before its journal write is caught losing redemptions", async (t) => {
  t.timeout(600_000);
  const report = await runCrashHarness({ cycles: 8, mode: "ack-before-write" });
  t.log(
    `acknowledged ${report.acknowledged}, lost ${report.lost.length}, phantoms ${report.phantoms.length}`,
  );
  t.true(report.lost.length + report.missing.length > 0, "the harness sees what a careless kiosk loses");
});
