/**
 * The console store's contract (test/helpers/consoleStoreContract.ts) on both adapters: sublevels
 * of a real LevelDB on disk, and tables of a real PostgreSQL database (test/helpers/pgCluster.ts),
 * each reached as the central reaches it, through its ledger store.
 */
import { join } from "node:path";
import test from "ava";
import { LevelLedgerStore } from "../../../central/store/levelLedgerStore.js";
import { PgLedgerStore } from "../../../central/store/pgLedgerStore.js";
import { consoleStoreContract } from "../../helpers/consoleStoreContract.js";
import { tempDir } from "../../helpers/fixtures.js";
import { usePgCluster } from "../../helpers/pgCluster.js";
import { openTempLedgerStore } from "../../helpers/tempLedgerStore.js";

const database = usePgCluster(test);

consoleStoreContract(test, "LevelDB", async (t) => {
  const store = await openTempLedgerStore(t, "level-console-store-");
  return store.consoleStore();
});

consoleStoreContract(test, "PostgreSQL", async (t) => {
  const store = new PgLedgerStore({ url: await database(t), poolSize: 2 });
  t.teardown(() => store.close());
  await store.open();
  return store.consoleStore();
});

test("LevelDB: the audit log goes on numbering after a reopen", async (t) => {
  const dir = await tempDir("level-console-store-");
  t.teardown(() => dir.remove());
  const entry = {
    at: "2026-12-01T08:00:00.000Z",
    actor: "boss",
    action: "login",
    detail: "",
    address: "::1",
  };
  for (const expected of [1, 2]) {
    const store = new LevelLedgerStore(join(dir.path, "level"));
    await store.open();
    t.is((await store.consoleStore().appendAudit(entry)).seq, expected);
    await store.close();
  }
});
