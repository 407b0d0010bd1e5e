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
import { Connectivity } from "../../device/connectivity.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { silentLogger } from "../../device/logger.js";
import { type CentralApi, CentralError } from "../../device/ports/centralApi.js";
import type { TicketsPage } from "../../device/ports/wire.js";
import { EntryBackoff } from "../../sync/entryBackoff.js";
import { SyncLoop, type SyncReport } from "../../sync/syncLoop.js";
import { makeRedemption, makeTicket, tempDir } from "../helpers/fixtures.js";
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

async function setup<J extends CountingJournal = CountingJournal>(
  t: ExecutionContext,
  central: CentralApi,
  makeJournal: (location: string) => J = (location) => new CountingJournal(location) as J,
  seams: { readonly clock?: FakeClock; readonly backoff?: EntryBackoff } = {},
) {
  const dir = await tempDir();
  const journal = makeJournal(join(dir.path, "journal"));
  await journal.open();
  const connectivity = new Connectivity(1500);
  const sync = new SyncLoop({
    config: {
      central: {
        url: "http://127.0.0.1:1",
        token: "t",
        timeoutMs: 1500,
        syncIntervalMs: 60_000,
        allowInsecure: false,
      },
    },
    journal,
    tickets: journal.ticketCache,
    clerks: journal.clerkStore,
    central,
    connectivity,
    clock: seams.clock ?? new FakeClock(now),
    logger: silentLogger,
    ...(seams.backoff === undefined ? {} : { backoff: seams.backoff }),
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

test("a 429's Retry-After is waited out: nudges meanwhile ask nothing, and the pass after it goes back to the interval", async (t) => {
  const retryAfterMs = 1500;
  let requests = 0;
  let limited = true;
  const counted = async () => {
    requests += 1;
    if (limited) {
      limited = false;
      throw new CentralError("GET /v1/tickets: HTTP 429", "rate_limited", 429, retryAfterMs);
    }
  };
  const { sync } = await setup(
    t,
    stubCentral({
      health: counted,
      fetchTickets: async () => {
        await counted();
        return { tickets: [], cursor: "0", hasMore: false };
      },
    }),
  );
  sync.start();
  await once(sync, "failed");
  // Offline redemptions at a busy counter each nudge the loop.
  for (let i = 0; i < 5; i += 1) sync.nudge();
  await sleep(50);
  t.is(requests, 1, "nothing was asked while the server's wait ran");

  let passes = 0;
  sync.on("synced", () => {
    passes += 1;
  });
  // The loop's timer does not hold the process open: this interval does, until the pass is done,
  // however long the machine takes to run it.
  const keepOpen = setInterval(() => {}, 100);
  t.teardown(() => clearInterval(keepOpen));
  await once(sync, "synced");
  clearInterval(keepOpen);
  t.is(passes, 1, "one pass once the wait was over");
  await sleep(retryAfterMs + 300);
  t.is(passes, 1, "the next pass waits the sync interval, not the old Retry-After");
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
        storedWhenAsked.push(journal.ticketCache.cursor());
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
  t.is(journal.ticketCache.cursor(), "3");
  t.is(
    (await journal.ticketCache.getTickets(pages.map((page) => page.tickets[0]?.code ?? ""))).filter(Boolean)
      .length,
    3,
  );
});

/** A journal whose verdict writes wait until told, and can fail. */
class SlowVerdictJournal extends CountingJournal {
  failNext = false;
  stored = 0;
  private permits = 0;
  private waiting: (() => void) | undefined;

  /** Lets one verdict write go, now or when it comes. */
  release(): void {
    if (this.waiting === undefined) this.permits += 1;
    else this.waiting();
    this.waiting = undefined;
  }

  override async applyResults(...args: Parameters<LevelJournal["applyResults"]>) {
    if (this.permits > 0) this.permits -= 1;
    else
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    if (this.failNext) throw new Error("disk full");
    await super.applyResults(...args);
    this.stored += 1;
  }
}

test("a batch's verdicts are stored while the next batch is sent; each entry goes once; a failed write keeps them open", async (t) => {
  const sent: string[][] = [];
  const storedWhenSent: number[] = [];
  const { journal, sync } = await setup(
    t,
    stubCentral({
      uploadRedemptions: async (batch) => {
        sent.push(batch.map((r) => r.id));
        storedWhenSent.push(journal.stored);
        // The previous batch's verdicts are being written: let that write finish now.
        if (sent.length > 1) setImmediate(() => journal.release());
        return batch.map((r) => ({ id: r.id, status: "accepted" as const }));
      },
    }),
    (location) => new SlowVerdictJournal(location),
  );
  for (let i = 0; i < 450; i += 1) {
    const redemption = makeRedemption({ seq: journal.nextSeq(), ticketCode: `CODE-${i}` });
    await journal.recordIntent(redemption);
    await journal.decide(redemption.id, { kind: "offline_redeemed" });
  }
  const pass = sync.runOnce();
  // The last batch's verdicts wait for no next batch.
  while (sent.length < 3) await sleep(5);
  journal.release();
  const report = await pass;
  t.is(report.uploaded, 450);
  t.deepEqual(
    sent.map((batch) => batch.length),
    [200, 200, 50],
  );
  t.is(new Set(sent.flat()).size, 450, "no entry was sent twice");
  t.deepEqual(storedWhenSent, [0, 0, 1], "batch n+1 left before batch n's verdicts were stored");
  t.is(journal.pendingSummary().count, 0);

  const more = makeRedemption({ seq: journal.nextSeq(), ticketCode: "CODE-MORE" });
  await journal.recordIntent(more);
  await journal.decide(more.id, { kind: "offline_redeemed" });
  journal.failNext = true;
  const failing = sync.runOnce();
  while (sent.length < 4) await sleep(5);
  journal.release();
  await t.throwsAsync(failing, { message: "disk full" });
  t.is(journal.pendingSummary().count, 1, "the entry whose verdict was not stored stays open");
});

test("a failed entry waits its backoff on the monotonic clock: a wall clock stepped back a day does not hold it", async (t) => {
  const clock = new FakeClock(now);
  let failing = true;
  const sent: string[] = [];
  const { journal, sync } = await setup(
    t,
    stubCentral({
      uploadRedemptions: async (batch) => {
        sent.push(...batch.map((r) => r.id));
        if (failing) throw new CentralError("POST /v1/redemptions: HTTP 503", "server", 503);
        return batch.map((r) => ({ id: r.id, status: "accepted" as const }));
      },
    }),
    undefined,
    { clock, backoff: new EntryBackoff({ baseMs: 2000, capMs: 60_000, random: () => 1 }) },
  );
  const redemption = makeRedemption({ seq: journal.nextSeq() });
  await journal.recordIntent(redemption);
  await journal.decide(redemption.id, { kind: "offline_redeemed" });
  t.is((await sync.runOnce()).deferred, 1, "the 503 defers the entry for 2 s");
  failing = false;
  clock.set(new Date(now.getTime() - 24 * 3_600_000));
  clock.advance(1999);
  t.is((await sync.runOnce()).uploaded, 0, "not yet: 2 s have not passed");
  clock.advance(1);
  t.is((await sync.runOnce()).uploaded, 1, "2 s later it goes, though the wall clock reads yesterday");
  t.deepEqual(sent, [redemption.id, redemption.id]);
  t.is(journal.pendingSummary().count, 0);
});
