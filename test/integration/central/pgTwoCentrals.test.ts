/**
 * Two central processes on one PostgreSQL database are one service (docs/central.md): kiosks
 * racing over HTTP for a ticket's last unit through both get exactly one `accepted` online, and
 * offline both redemptions recorded with one `conflict`; one redemption id posted to both at once
 * is one record. Real child processes, real HTTP on loopback, a real server.
 */
import test from "ava";
import type { Redemption } from "../../../device/domain.js";
import { makeRedemption } from "../../helpers/fixtures.js";
import { type Central, twoCentrals as centralsOn, kiosks } from "../../helpers/pgCentrals.js";
import { usePgCluster } from "../../helpers/pgCluster.js";

const database = usePgCluster(test);
const twoCentrals = (t: Parameters<typeof centralsOn>[0]) => centralsOn(t, database);

test.serial(
  "kiosks racing online for the last unit through two centrals: exactly one accepted",
  async (t) => {
    const { centrals, upload, query } = await twoCentrals(t);
    const racers = kiosks.map((deviceId) =>
      makeRedemption({ ticketCode: "LAST-1", deviceId, storeId: "store-a" }),
    );
    const results = await Promise.all(
      racers.map((redemption, i) => upload(centrals[i % 2] as Central, redemption)),
    );
    t.deepEqual(results.map((result) => result.status).sort(), [
      "accepted",
      "rejected",
      "rejected",
      "rejected",
    ]);
    t.true(
      results.filter((result) => result.status === "rejected").every((r) => r.reason === "fully_redeemed"),
    );
    const [ticket] = await query<{ accepted_units: number }>(
      "SELECT accepted_units FROM tickets WHERE code = 'LAST-1'",
    );
    t.is(ticket?.accepted_units, 1);
  },
);

test.serial(
  "offline, both centrals record both redemptions of the last unit: one accepted, one conflict",
  async (t) => {
    const { centrals, upload, query } = await twoCentrals(t);
    const [first, second] = ["kiosk-1", "kiosk-2"].map((deviceId) =>
      makeRedemption({ ticketCode: "LAST-1", deviceId, storeId: "store-a", offline: true }),
    ) as [Redemption, Redemption];
    const results = await Promise.all([
      upload(centrals[0] as Central, first),
      upload(centrals[1] as Central, second),
    ]);
    t.deepEqual(results.map((result) => result.status).sort(), ["accepted", "conflict"]);
    const conflict = results.find((result) => result.status === "conflict");
    const winner = results.find((result) => result.status === "accepted");
    t.deepEqual(
      conflict?.conflictWith?.map((party) => party.id),
      [winner?.id],
    );
    const records = await query<{ id: string; status: string }>(
      "SELECT id, record->>'status' AS status FROM redemptions ORDER BY seq",
    );
    t.is(records.length, 2);
    t.is(conflict?.ticket?.redeemedUnits, 2);
  },
);

test.serial("one redemption id posted to both centrals at once is one record", async (t) => {
  const { centrals, upload, query } = await twoCentrals(t);
  for (let round = 0; round < 5; round += 1) {
    const redemption = makeRedemption({ ticketCode: "FIVE-5", deviceId: "kiosk-1", storeId: "store-a" });
    const results = await Promise.all(centrals.map((central) => upload(central, redemption)));
    t.deepEqual(results.map((result) => result.status).sort(), ["accepted", "duplicate"]);
  }
  const [row] = await query<{ records: string; units: number }>(
    "SELECT (SELECT count(*) FROM redemptions) AS records, (SELECT accepted_units FROM tickets WHERE code = 'FIVE-5') AS units",
  );
  t.deepEqual(row, { records: "5", units: 5 });
});
