/**
 * Two `ticket-kiosk central --database URL` child processes on one fresh PostgreSQL database
 * (pgCluster.ts), with the contract catalogue (ledgerStoreContract.ts) imported and a token for
 * each of four kiosks of store-a: the rig of the multi-process tests (docs/central.md).
 */
import type { ExecutionContext } from "ava";
import pg from "pg";
import { Ledger } from "../../central/ledger.js";
import { PgLedgerStore } from "../../central/store/pgLedgerStore.js";
import type { Redemption } from "../../device/domain.js";
import { silentLogger } from "../../device/logger.js";
import type { RedemptionResult } from "../../device/ports/wire.js";
import { type CliProcess, startCli } from "./cliProcess.js";
import { contractCatalogue } from "./ledgerStoreContract.js";

export const kiosks = ["kiosk-1", "kiosk-2", "kiosk-3", "kiosk-4"];

export interface Central {
  readonly url: string;
  readonly process: CliProcess;
}

/** `database`: a new database's URL for this test (pgCluster.ts `usePgCluster`). */
export async function twoCentrals(t: ExecutionContext, database: (t: ExecutionContext) => Promise<string>) {
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
  return { url, tokens, centrals, start, upload, query };
}
