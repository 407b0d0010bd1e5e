/**
 * The kiosk daemon on a Raspberry Pi's instruction set: the official ARM builds of Node under
 * qemu-user (test/helpers/armNode.ts), with this checkout's node_modules as they are, so the
 * linux-arm64 and linux-arm prebuilds in classic-level and @serialport/bindings-cpp are the ones
 * loaded (node-gyp-build picks by the running Node's arch). The same end-to-end scenarios as
 * test/integration/endToEnd.test.ts: the scanner on a socat pseudo-terminal, the central service (this machine's
 * Node) on loopback, slips to files, the journal in LevelDB with synced writes.
 *
 * Serial, one kiosk at a time: emulated Node is slow (a start takes 10–30 s), and two would only
 * slow each other down. Run apart from `npm test`: `npm run test:arm` (ava.arm.config.js).
 */
import test from "ava";
import { armNode, armTargets } from "../helpers/armNode.js";
import { offlineRedemptionsSurviveRestart, redeemedOnceWithSlips } from "../helpers/endToEndScenario.js";

const minutes = (n: number) => n * 60_000;

for (const target of Object.values(armTargets)) {
  test.serial(
    `${target.name}: scanned codes reach the central service once, each with its Big5 slip`,
    async (t) => {
      t.timeout(minutes(4));
      await redeemedOnceWithSlips(t, await armNode(target));
    },
  );

  test.serial(
    `${target.name}: redeemed online, offline, restarted, synced: each reaches the central service once`,
    async (t) => {
      t.timeout(minutes(6));
      await offlineRedemptionsSurviveRestart(t, await armNode(target));
    },
  );
}
