/**
 * The sync loop's own pacing against a stub central service and a real journal: an idle kiosk syncs
 * once an interval, an offline one asks the server before touching the journal, and a download
 * asks for the next page while it stores one without the stored cursor running ahead.
 */
import { once } from "node:events";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import test, { type ExecutionContext } from "ava";
import { FakeClock } from "../../device/clock.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { silentLogger } from "../../device/logger.js";
import { type CentralApi, CentralError } from "../../sync/centralApi.js";
import { Connectivity } from "../../sync/connectivity.js";
import { SyncLoop, type SyncReport } from "../../sync/syncLoop.js";
import type { TicketsPage } from "../../sync/wire.js";
import { makeTicket, tempDir } from "../helpers/fixtures.js";
import { stubCentral } from "../helpers/stubCentral.js";

const now = new Date("2026-11-27T08:00:00Z");

/** A journal that counts how often the loop reads its open entries. */
class CountingJournal extends LevelJournal {
  openReads = 0;

  override openEntries(...args: Parameters<LevelJournal["openEntries"]>) {
    this.openReads += 1;
    return super.openEntries(...args);
  }
}

async function setup(t: ExecutionContext, central: CentralApi) {
  const dir = await tempDir();
  const journal = new CountingJournal(join(dir.path, "journal"));
  await journal.open();
  const connectivity = new Connectivity(1500);
  const sync = new SyncLoop({
    config: { central: { url: "http://127.0.0.1:1", token: "t", timeoutMs: 1500, syncIntervalMs: 60_000 } },
    journal,
    central,
    connectivity,
    clock: new FakeClock(now),
    logger: silentLogger,
  });
  t.teardown(async () => {
    await sync.stop();
    await journal.close();
    await dir.remove();
  });
  return { journal, connectivity, sync };
}

test("an idle kiosk syncs once an interval, not back to back", async (t) => {
  let passes = 0;
  const { sync } = await setup(
    t,
    stubCentral({
      fetchTickets: async () => {
        passes += 1;
        return { tickets: [], cursor: "0", hasMore: false };
      },
    }),
  );
  sync.start();
  await sleep(300);
  t.is(passes, 1);
});

test("offline, a pass asks the server first and reads the open entries only once it answers", async (t) => {
  let up = false;
  let probes = 0;
  const { journal, connectivity, sync } = await setup(
    t,
    stubCentral({
      health: async () => {
        probes += 1;
        if (!up) throw new CentralError("connection refused", "network");
      },
    }),
  );
  connectivity.reportFailure(new CentralError("connection refused", "network"));
  await t.throwsAsync(sync.runOnce(), { instanceOf: CentralError });
  t.is(probes, 1);
  t.is(journal.openReads, 0, "nothing was read for an upload that could not go");
  up = true;
  await sync.runOnce();
  t.true(journal.openReads > 0);
  t.true(connectivity.online());
});

test("the next page is asked for while one is stored; the stored cursor is always a stored page's", async (t) => {
  const pages: TicketsPage[] = [1, 2, 3].map((n) => ({
    tickets: [makeTicket({ code: `PAGE-000${n}-AAAA` })],
    cursor: String(n),
    hasMore: n < 3,
  }));
  const storedWhenAsked: (string | undefined)[] = [];
  const { journal, sync } = await setup(
    t,
    stubCentral({
      fetchTickets: async (since) => {
        storedWhenAsked.push(journal.cursor());
        const page = pages[since === undefined ? 0 : Number(since)];
        if (page === undefined) throw new Error(`no page after ${since}`);
        return page;
      },
    }),
  );
  const synced = once(sync, "synced") as Promise<[SyncReport]>;
  sync.start();
  const [report] = await synced;
  t.is(report.downloaded, 3);
  t.deepEqual(storedWhenAsked, [undefined, undefined, "1"], "page n+1 is asked for before page n is stored");
  t.is(journal.cursor(), "3");
  t.is(
    (await journal.getTickets(pages.map((page) => page.tickets[0]?.code ?? ""))).filter(Boolean).length,
    3,
  );
});
