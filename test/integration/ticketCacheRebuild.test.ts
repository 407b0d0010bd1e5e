/**
 * The rebuildable stores are rebuilt (docs/reliability.md, "What each store may lose"): a real
 * kiosk (LevelDB on disk, the undici client) and a real central service on loopback; the kiosk
 * redeems, stops, and loses its ticket cache and its clerk list whole, every key of their sublevels
 * gone. Started again, its first sync downloads both again from the central service, and the
 * journal's own sublevels are the same bytes as before. Before the cache kept its cursors in its
 * own sublevel, the cursor left in the journal's `meta` told the sync there was nothing to fetch:
 * the tickets stayed gone.
 */
import { join } from "node:path";
import test from "ava";
import { LevelJournal } from "../../device/levelJournal.js";
import { clerkSublevels, journalSublevels, ticketCacheSublevels } from "../../device/levelStore.js";
import { startCentral } from "../helpers/centralHarness.js";
import { tempDir } from "../helpers/fixtures.js";
import { startKioskRig } from "../helpers/kioskRig.js";
import { clearSublevels, sublevelContents } from "../helpers/storeFiles.js";

/** Opens the kiosk's journal (stopped kiosk) and reads it; closed again before returning. */
async function readJournal<T>(location: string, read: (journal: LevelJournal) => Promise<T>): Promise<T> {
  const journal = new LevelJournal(location);
  await journal.open();
  try {
    return await read(journal);
  } finally {
    await journal.close();
  }
}

const cacheView = (journal: LevelJournal) =>
  Promise.all([
    journal.ticketCache.getTicket("TK-FIVE"),
    journal.ticketCache.otherStoresOf("TK-B-ONLY"),
    journal.ticketCache.productNames(),
    journal.clerkStore.clerks().map((clerk) => clerk.id),
    journal.ticketCache.snapshotAtMs() !== undefined,
  ]);

test("a ticket cache and clerk list lost whole are downloaded again at the next sync; the journal's entries are untouched", async (t) => {
  t.timeout(120_000);
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-a", "store-a");
  const dir = await tempDir("tk-rebuild-");
  t.teardown(dir.remove);
  const options = { centralUrl: central.url, token, deviceId: "kiosk-a", dataDir: dir.path };
  const location = join(dir.path, "journal");

  const first = await startKioskRig(t, options);
  await first.waitForStatus((status) => status.online && status.lastSyncAt !== null);
  t.like(await first.redeem("TK-FIVE"), { outcome: "ok", offline: false });
  await first.stop();
  const synced = await readJournal(location, cacheView);
  t.like(synced[0], { code: "TK-FIVE", redeemedUnits: 1 });
  t.deepEqual(synced.slice(1), [
    ["台中公益店"],
    ["主題樂園一日票", "深層按摩 60 分鐘券"],
    ["c1", "c2"],
    true,
  ]);
  const journalBefore = await sublevelContents(location, journalSublevels);
  t.true((journalBefore.entries?.length ?? 0) > 0);

  await clearSublevels(location, [...ticketCacheSublevels, ...clerkSublevels]);
  t.deepEqual(
    await readJournal(location, cacheView),
    [undefined, undefined, [], [], false],
    "the cache and the clerks are gone, their cursors with them",
  );

  const second = await startKioskRig(t, options);
  await second.waitForStatus((status) => status.online && status.lastSyncAt !== null);
  await second.stop();
  t.deepEqual(await readJournal(location, cacheView), synced, "downloaded again, as the server has them");
  t.deepEqual(
    await sublevelContents(location, journalSublevels),
    journalBefore,
    "the journal, byte for byte",
  );
});
