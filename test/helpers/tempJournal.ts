/** A real LevelDB journal in a temporary folder, closed and removed when the test ends. */
import { join } from "node:path";
import { LevelJournal } from "../../device/levelJournal.js";
import { tempDir } from "./fixtures.js";

export async function openTempJournal(t: {
  teardown(fn: () => Promise<void>): void;
}): Promise<{ journal: LevelJournal; location: string }> {
  const dir = await tempDir();
  const location = join(dir.path, "journal");
  const journal = new LevelJournal(location);
  await journal.open();
  t.teardown(async () => {
    await journal.close();
    await dir.remove();
  });
  return { journal, location };
}
