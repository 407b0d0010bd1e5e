/**
 * A LevelDB store with the compaction its last bulk write left behind done now, before a benchmark
 * times anything on it. LevelDB works off that debt in the background once the store is opened
 * again: a kiosk journal the ticket cache's benchmark has just downloaded a million tickets into
 * writes some 260 MB in the first 9 s after it is opened, which was the first half of a gate's
 * online pass in a full run (docs/performance.md, "A gate's redemption, fifth round"). A kiosk
 * in service has worked it off long before; the compaction is the download's, not the gate's.
 */
import { Level } from "level";

/** Below and above every key the kiosk and the central service write (sublevels start with `!`). */
const everyKey = { from: "\u0000", to: "\uffff" } as const;

/** On Node `level` is classic-level, whose `compactRange` its platform-neutral types leave out. */
interface Compactable {
  compactRange(start: string, end: string): Promise<void>;
}

export async function compactStore(location: string): Promise<void> {
  const db = new Level<string, string>(location, { valueEncoding: "utf8" });
  await db.open();
  try {
    await (db as unknown as Compactable).compactRange(everyKey.from, everyKey.to);
  } finally {
    await db.close();
  }
}
