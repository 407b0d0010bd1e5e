/**
 * The 總覽 figures (central/console/dashboard.ts) on a real LevelDB, written through the Ledger as
 * the kiosk API writes them: today's redemptions in the console's time zone per store and hour,
 * yesterday's left out, a manager's scope applied in the query (another store's kiosks and counts
 * never read), and kiosks online by their last heartbeat.
 */
import { readFile } from "node:fs/promises";
import test from "ava";
import { readDashboard } from "../../../central/console/dashboard.js";
import { Ledger } from "../../../central/ledger.js";
import { silentLogger } from "../../../device/logger.js";
import type { Heartbeat } from "../../../device/ports/wire.js";
import { exampleCatalogue } from "../../helpers/cliCentral.js";
import { makeRedemption } from "../../helpers/fixtures.js";
import { openTempLedgerStore } from "../../helpers/tempLedgerStore.js";

const timeZone = "Asia/Taipei";
const heartbeat: Heartbeat = {
  version: "0.1.0",
  pendingSync: 3,
  oldestPendingAgeS: 120,
  lastSyncAt: null,
  online: true,
  scanner: "connected",
  printer: "paper_out",
  clockSynced: true,
  exceptions: 0,
  deviceTime: "2026-12-04T02:00:00.000Z",
};

test("today's redemptions per store and hour, in the viewer's scope, with each kiosk's heartbeat", async (t) => {
  const store = await openTempLedgerStore(t, "console-dashboard-");
  let now = new Date("2026-12-03T15:30:00.000Z"); // 23:30 in Taipei, the day before
  const ledger = new Ledger({ store, logger: silentLogger, now: () => now, voidWindowHours: 24 });
  const catalogue = JSON.parse(await readFile(exampleCatalogue, "utf8")) as Record<string, unknown>;
  t.true((await ledger.importDocument(catalogue)).ok);
  const kioskA = { deviceId: "kiosk-a", storeId: "store-a" };
  const kioskB = { deviceId: "kiosk-b", storeId: "store-b" };
  await store.issueToken(kioskA.deviceId, kioskA.storeId);
  await store.issueToken(kioskB.deviceId, kioskB.storeId);
  const redeem = async (scope: typeof kioskA, code: string) =>
    (
      await ledger.upload(
        [makeRedemption({ ...scope, ticketCode: code, redeemedAt: now.toISOString() })],
        scope,
      )
    )[0];
  t.like(await redeem(kioskA, "QK7R-2M9X-TB4A"), { status: "accepted" });
  now = new Date("2026-12-04T02:30:00.000Z"); // 10:30 in Taipei
  t.like(await redeem(kioskA, "QK7R-2M9X-TB4A"), { status: "accepted" });
  t.like(await redeem(kioskA, "QK7R-2M9X-TB4A"), { status: "accepted" });
  t.like(await redeem(kioskB, "PX3D-8KQW-M2VN"), { status: "accepted" });
  await ledger.heartbeat(kioskA, heartbeat);
  now = new Date("2026-12-04T02:31:00.000Z");

  const hq = await readDashboard(store, { role: "hq" }, now, timeZone);
  t.is(hq.day, "2026-12-04");
  t.deepEqual(
    hq.stores.map((s) => [s.storeId, s.name, s.redemptions, s.units]),
    [
      ["store-a", "台北信義店", 2, 2],
      ["store-b", "台中公益店", 1, 1],
    ],
  );
  t.is(hq.hours[10], 3);
  t.is(
    hq.hours.reduce((sum, n) => sum + n, 0),
    3,
    "yesterday's 23:30 is not today's",
  );
  t.deepEqual(
    hq.kiosks.map((k) => [k.device.deviceId, k.online, k.device.heartbeat?.pendingSync ?? null]),
    [
      ["kiosk-a", true, 3],
      ["kiosk-b", false, null],
    ],
  );

  const manager = { role: "manager" as const, stores: ["store-a"] };
  const scoped = await readDashboard(store, manager, now, timeZone);
  t.deepEqual(
    scoped.stores.map((s) => s.storeId),
    ["store-a"],
  );
  t.deepEqual(
    scoped.kiosks.map((k) => k.device.deviceId),
    ["kiosk-a"],
  );
  t.is(scoped.hours[10], 2);
  const asked = await readDashboard(store, manager, now, timeZone, "store-b");
  t.deepEqual(asked.stores, [], "asking for another store reads nothing");

  now = new Date("2026-12-04T02:34:00.000Z");
  const later = await readDashboard(store, manager, now, timeZone);
  t.false(later.kiosks[0]?.online, "offline once not heard from for two minutes");
});
