/**
 * Two central processes on one PostgreSQL database are one service (docs/central.md): kiosks
 * racing over HTTP for a ticket's last unit through both get exactly one `accepted` online, and
 * offline both redemptions recorded with one `conflict`; one redemption id posted to both at once
 * is one record. Real child processes, real HTTP on loopback, a real server.
 */
import test, { type ExecutionContext } from "ava";
import pg from "pg";
import { Ledger } from "../../../central/ledger.js";
import { PgLedgerStore } from "../../../central/store/pgLedgerStore.js";
import type { Redemption } from "../../../device/domain.js";
import { silentLogger } from "../../../device/logger.js";
import type { RedemptionResult } from "../../../device/ports/wire.js";
import { type CliProcess, startCli } from "../../helpers/cliProcess.js";
import { makeRedemption } from "../../helpers/fixtures.js";
import { contractCatalogue } from "../../helpers/ledgerStoreContract.js";
import { usePgCluster } from "../../helpers/pgCluster.js";

const database = usePgCluster(test);
const kiosks = ["kiosk-1", "kiosk-2", "kiosk-3", "kiosk-4"];

interface Central {
  readonly url: string;
  readonly process: CliProcess;
}

async function twoCentrals(t: ExecutionContext) {
  const url = await database(t);
  // The catalogue and the tokens through a store in this process: only the centrals are children.
  const setup = new PgLedgerStore({ url, poolSize: 1 });
  await setup.open();
  const ledger = new Ledger({
    store: setup,
    logger: silentLogger,
    now: () => new Date(),
    voidWindowHours: 24,
  });
  const tokens: Record<string, string> = {};
  try {
    if (!(await ledger.importDocument(contractCatalogue())).ok) throw new Error("the catalogue was refused");
    for (const deviceId of kiosks) {
      const issued = await ledger.issueToken(deviceId, "store-a");
      if (issued.ok) tokens[deviceId] = issued.token;
    }
  } finally {
    await setup.close();
  }
  const start = async (): Promise<Central> => {
    const process = startCli(["central", "--database", url, "--port", "0"]);
    t.teardown(() => process.kill().then(() => undefined));
    // Generous: a start, not a race, and the machine may be busy with other test files.
    const listening = await process.waitForLog((line) => line.event === "listening", 60_000);
    return { url: String(listening.url), process };
  };
  const centrals = await Promise.all([start(), start()]);
  const upload = async (central: Central, redemption: Redemption): Promise<RedemptionResult> => {
    const response = await fetch(`${central.url}/v1/redemptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens[redemption.deviceId]}`, "content-type": "application/json" },
      body: JSON.stringify({ redemptions: [redemption] }),
    });
    const body = (await response.json()) as { results: RedemptionResult[] };
    const [result] = body.results;
    if (result === undefined) throw new Error(`no result: ${JSON.stringify(body)}`);
    return result;
  };
  const query = async <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  return { centrals, upload, query };
}

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
