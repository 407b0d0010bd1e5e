/**
 * Two central processes on one PostgreSQL database are one service (docs/central.md): kiosks
 * racing over HTTP for a ticket's last unit through both get exactly one `accepted` online, and
 * offline both redemptions recorded with one `conflict`; one redemption id posted to both at once
 * is one record; a token revoked or moved through another process holds at a central's next upload. Real child processes, real HTTP on loopback, a real server.
 */
import test from "ava";
import { PgLedgerStore } from "../../../central/store/pgLedgerStore.js";
import type { Redemption } from "../../../device/domain.js";
import { deviceIdHeader, type RedemptionResult, storeIdHeader } from "../../../device/ports/wire.js";
import { runCli } from "../../helpers/cliProcess.js";
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

test.serial(
  "a token revoked or moved through another process is refused at a central's next upload, though it let the token in before",
  async (t) => {
    const { url, tokens, centrals, query } = await twoCentrals(t);
    const central = centrals[0] as Central;
    const post = (deviceId: string) =>
      fetch(`${central.url}/v1/redemptions`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${tokens[deviceId]}`,
          "content-type": "application/json",
          [deviceIdHeader]: deviceId,
          [storeIdHeader]: "store-a",
        },
        body: JSON.stringify({
          redemptions: [makeRedemption({ ticketCode: "FIVE-5", deviceId, storeId: "store-a" })],
        }),
      });
    const accepted = async (deviceId: string) => {
      const response = await post(deviceId);
      t.is(response.status, 200);
      t.is(((await response.json()) as { results: RedemptionResult[] }).results[0]?.status, "accepted");
    };
    const refused = async (deviceId: string, status: number, code: string) => {
      const response = await post(deviceId);
      t.is(response.status, status);
      t.like(await response.json(), { error: { code } });
    };
    await accepted("kiosk-1");
    await accepted("kiosk-2");

    // Another process revokes kiosk-1's token, the console moves kiosk-2 to another store.
    const revoked = await runCli(["central", "revoke", "--database", url, "--device", "kiosk-1"]);
    t.is(revoked.code, 0, revoked.stderr);
    const store = new PgLedgerStore({ url, poolSize: 1 });
    await store.open();
    t.teardown(() => store.close());
    t.is(await store.moveDevice("kiosk-2", "store-b"), 1);

    await refused("kiosk-1", 403, "token_revoked");
    await refused("kiosk-2", 403, "scope_mismatch");
    const [counted] = await query<{ n: string }>("SELECT count(*) AS n FROM redemptions");
    t.is(counted?.n, "2", "only the uploads made before");
  },
);
