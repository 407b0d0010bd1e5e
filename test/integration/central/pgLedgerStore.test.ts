/**
 * The ledger's store contract on PostgreSQL: a real server (test/helpers/pgCluster.ts), a database
 * per test, and two stores on it, each with its own connection pool, as two central processes.
 */
import test from "ava";
import pg from "pg";
import { Ledger } from "../../../central/ledger.js";
import { PgLedgerStore } from "../../../central/store/pgLedgerStore.js";
import { readMigrations } from "../../../central/store/pgMigrations.js";
import { silentLogger } from "../../../device/logger.js";
import { consoleDataContract } from "../../helpers/consoleDataContract.js";
import { contractCatalogue, ledgerStoreContract } from "../../helpers/ledgerStoreContract.js";
import { usePgCluster } from "../../helpers/pgCluster.js";

const database = usePgCluster(test);

async function openStore(
  url: string,
  t: { teardown(fn: () => Promise<void>): void },
): Promise<PgLedgerStore> {
  const store = new PgLedgerStore({ url, poolSize: 4 });
  t.teardown(() => store.close());
  await store.open();
  return store;
}

ledgerStoreContract(test, async (t) => {
  const url = await database(t);
  const [store, peer] = await Promise.all([openStore(url, t), openStore(url, t)]);
  return { store, peer };
});

test("migrations are applied once, in order, each recorded with its name", async (t) => {
  const url = await database(t);
  await openStore(url, t);
  await (await openStore(url, t)).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  const { rows } = await client.query<{ version: number; name: string }>(
    "SELECT version, name FROM schema_migrations ORDER BY version",
  );
  const files = await readMigrations();
  t.deepEqual(
    rows.map((row) => [row.version, row.name]),
    files.map((migration) => [migration.version, migration.name]),
  );
  t.deepEqual(rows[0], { version: 1, name: "initial" });
});

test("the database holds the online count to the total: a unit past it is refused by the CHECK", async (t) => {
  const url = await database(t);
  const store = await openStore(url, t);
  const ledger = new Ledger({ store, logger: silentLogger, now: () => new Date(), voidWindowHours: 24 });
  t.true((await ledger.importDocument(contractCatalogue())).ok);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  await client.query("UPDATE tickets SET accepted_units = 1 WHERE code = 'LAST-1'");
  const error = await t.throwsAsync(
    client.query("UPDATE tickets SET accepted_units = 2 WHERE code = 'LAST-1'"),
  );
  t.regex(error?.message ?? "", /check constraint/);
});

// The console's data operations on the same adapter (test/helpers/consoleDataContract.ts).
consoleDataContract(test, async (t) => openStore(await database(t), t));
