/** The ledger's store contract on LevelDB: a real database on disk, opened once per test. */
import { join } from "node:path";
import test from "ava";
import { LevelLedgerStore } from "../../../central/store/levelLedgerStore.js";
import { tempDir } from "../../helpers/fixtures.js";
import { ledgerStoreContract } from "../../helpers/ledgerStoreContract.js";

ledgerStoreContract(test, async (t) => {
  const dir = await tempDir("level-ledger-store-");
  const store = new LevelLedgerStore(join(dir.path, "level"));
  await store.open();
  t.teardown(async () => {
    await store.close();
    await dir.remove();
  });
  // LevelDB admits one process: its "other process" is the same store.
  return { store, peer: store };
});
