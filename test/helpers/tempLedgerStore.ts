/** A LevelDB ledger store in a temporary folder, opened, then closed and removed when the test ends. */
import { join } from "node:path";
import { LevelLedgerStore } from "../../central/store/levelLedgerStore.js";
import { tempDir } from "./fixtures.js";

export async function openTempLedgerStore(
  t: { teardown(fn: () => Promise<void>): void },
  prefix: string,
): Promise<LevelLedgerStore> {
  const dir = await tempDir(prefix);
  const store = new LevelLedgerStore(join(dir.path, "level"));
  await store.open();
  t.teardown(async () => {
    await store.close();
    await dir.remove();
  });
  return store;
}
