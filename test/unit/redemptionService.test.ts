import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { FakeClock } from "../../device/clock.js";
import { parseConfig } from "../../device/config.js";
import { Connectivity } from "../../device/connectivity.js";
import type { Redemption } from "../../device/domain.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { silentLogger } from "../../device/logger.js";
import { CentralError } from "../../device/ports/centralApi.js";
import type { RedemptionResult } from "../../device/ports/wire.js";
import { type DecisionResult, RedemptionService } from "../../device/redemptionService.js";
import { catalogues } from "../../ui/messages.js";
import { makeTicket, tempDir } from "../helpers/fixtures.js";
import { stubCentral } from "../helpers/stubCentral.js";

const code = "QK7R-2M9X-TB4A";
const now = new Date("2026-11-27T08:00:00Z");

type Answer = (
  batch: readonly Redemption[],
) => RedemptionResult[] | CentralError | Promise<RedemptionResult[] | CentralError>;

/** A central service that answers with canned verdicts and remembers what it was asked. */
function answeringCentral(answer: Answer) {
  const asked: Redemption[][] = [];
  const api = stubCentral({
    uploadRedemptions: async (batch) => {
      asked.push([...batch]);
      const result = await answer(batch);
      if (result instanceof CentralError) throw result;
      return result;
    },
  });
  return { api, asked };
}

/** `downloaded: false` leaves the journal as a first download does before its last page. */
async function setup(
  t: ExecutionContext,
  answer: Answer,
  offline: Record<string, unknown> = {},
  { downloaded } = { downloaded: true },
) {
  const dir = await tempDir();
  const clock = new FakeClock(now);
  const journal = new LevelJournal(join(dir.path, "journal"), () => clock.now());
  await journal.open();
  t.teardown(async () => {
    await journal.close();
    await dir.remove();
  });
  await journal.ticketCache.storeTicketPage([makeTicket({ redeemedUnits: 2 })], "1", downloaded, now);
  const config = parseConfig({
    device: { id: "kiosk-1", storeId: "store-a" },
    central: { url: "http://127.0.0.1:1", token: "t" },
    offline: { maxUnitsPerRedemption: 2, ...offline },
  });
  const connectivity = new Connectivity(1500, () => clock.now().getTime());
  connectivity.reportSuccess();
  const central = answeringCentral(answer);
  const decisions: DecisionResult[] = [];
  const service = new RedemptionService({
    config,
    journal,
    tickets: journal.ticketCache,
    central: central.api,
    connectivity,
    clock,
    logger: silentLogger,
    onDecision: (d) => decisions.push(d),
  });
  return { service, journal, central, connectivity, decisions, clock };
}

const accept: Answer = (batch) =>
  batch.map((r) => ({
    id: r.id,
    status: "accepted",
    ticket: makeTicket({ redeemedUnits: 2 + r.quantity, updatedAt: "2026-11-27T08:00:01Z" }),
  }));
const timeout: Answer = () => new CentralError("POST /v1/redemptions: timed out", "timeout");

test("online: the intent is journaled before the server is asked, and the answer closes it", async (t) => {
  const dispositionWhenAsked: (string | undefined)[] = [];
  let peek: LevelJournal | undefined;
  const { service, journal, central } = await setup(t, async (batch) => {
    dispositionWhenAsked.push((await peek?.get(batch[0]?.id ?? ""))?.disposition);
    return accept(batch);
  });
  peek = journal;
  const decision = await service.redeem({ code, quantity: 2, source: "scan" });
  t.is(decision.outcome, "ok");
  t.false(decision.offline);
  t.is(decision.remaining, 1);
  const id = decision.redemption?.id ?? "";
  t.is(central.asked[0]?.[0]?.id, id, "the server saw the journal's id");
  t.deepEqual(dispositionWhenAsked, ["undecided"], "on disk before the server was asked");
  t.like(await journal.get(id), { disposition: "redeemed", sync: "acknowledged" });
  t.is(journal.pendingUnits(code), 0);
});

test("online: a server refusal is shown and never counts", async (t) => {
  const { service, journal } = await setup(t, (batch) =>
    batch.map((r) => ({
      id: r.id,
      status: "rejected",
      reason: "fully_redeemed",
      ticket: makeTicket({ redeemedUnits: 5, updatedAt: "2026-11-27T08:00:01Z" }),
    })),
  );
  const decision = await service.redeem({ code, quantity: 1, source: "scan" });
  t.is(decision.outcome, "fully_redeemed");
  t.is(decision.redemption, undefined);
  t.is(journal.pendingUnits(code), 0);
  t.is(decision.remaining, 0, "the server's snapshot is what the kiosk now believes");
});

test("timeout: the offline policy decides with the same id, and the entry waits for upload", async (t) => {
  const { service, journal, central, connectivity } = await setup(t, timeout);
  const decision = await service.redeem({ code, quantity: 1, source: "scan" });
  t.is(decision.outcome, "ok");
  t.true(decision.offline);
  t.false(connectivity.online(), "a timeout takes the kiosk offline");
  const open = await journal.openEntries(10);
  t.is(open[0]?.redemption.id, central.asked[0]?.[0]?.id);
  t.true(open[0]?.redemption.offline);
  t.is(journal.pendingUnits(code), 1);

  const second = await service.redeem({ code, quantity: 1, source: "scan" });
  t.is(second.outcome, "ok");
  t.is(central.asked.length, 1, "offline, the next customer does not wait for another timeout");
});

test("timeout: over the offline limit is refused and the intent is cancelled, not uploaded", async (t) => {
  const { service, journal } = await setup(t, timeout, { maxUnitsPerRedemption: 1 });
  const decision = await service.redeem({ code, quantity: 2, source: "scan" });
  t.is(decision.outcome, "offline_refused");
  t.is(journal.pendingUnits(code), 0);
  const open = await journal.openEntries(10);
  t.is(open[0]?.action, "cancel", "the server may have accepted it: the id is cancelled there");
});

test("offline with a stale snapshot is refused", async (t) => {
  const { service, clock } = await setup(t, timeout, { maxSnapshotAgeMinutes: 60 });
  clock.advance(61 * 60_000);
  t.is((await service.redeem({ code, quantity: 1, source: "scan" })).outcome, "offline_refused");
});

test("offline before the first download completes: a code not in the copy yet cannot be decided, never 查無此票券", async (t) => {
  const missing = "ZZZZ-ZZZZ-ZZZZ";
  const early = await setup(t, timeout, {}, { downloaded: false });
  early.connectivity.reportFailure(new CentralError("GET /v1/tickets: timed out", "timeout"));
  t.like(await early.service.redeem({ code: missing, quantity: 1, source: "scan" }), {
    outcome: "offline_refused",
    detail: "first_download",
  });
  t.is(catalogues["zh-TW"].reason.first_download, "本機票券資料尚未下載完成，離線時還無法判斷");

  const later = await setup(t, timeout);
  later.connectivity.reportFailure(new CentralError("GET /v1/tickets: timed out", "timeout"));
  t.like(await later.service.redeem({ code: missing, quantity: 1, source: "scan" }), {
    outcome: "offline_refused",
    detail: "not_in_snapshot",
  });
});

test("offline policy refuse never redeems without the server", async (t) => {
  const { service } = await setup(t, timeout, { policy: "refuse" });
  t.is((await service.redeem({ code, quantity: 1, source: "scan" })).outcome, "offline_refused");
});

test("a local refusal writes nothing and asks no one", async (t) => {
  const { service, journal, central, decisions } = await setup(t, accept);
  const decision = await service.redeem({ code, quantity: 4, source: "scan" });
  t.is(decision.outcome, "quantity_exceeds_remaining");
  t.is(central.asked.length, 0);
  t.is(journal.pendingSummary().count, 0);
  t.is(decisions.length, 1, "the refusal is still a decision others hear of");
});

test("two quick redemptions of one ticket see each other's units", async (t) => {
  const { service } = await setup(t, timeout, { maxUnitsPerRedemption: 3 });
  const [first, second] = await Promise.all([
    service.redeem({ code, quantity: 2, source: "scan" }),
    service.redeem({ code, quantity: 2, source: "scan" }),
  ]);
  t.is(first?.outcome, "ok");
  t.is(second?.outcome, "quantity_exceeds_remaining");
});

test("inspect offers what will be accepted now: the units left online, the offline limit offline", async (t) => {
  const { service, connectivity } = await setup(t, accept);
  const code = makeTicket().code;
  t.like(await service.inspect(code), { outcome: "ok", remaining: 3, maxUnits: 3 });
  connectivity.reportFailure(new CentralError("GET /v1/health: network down", "network"));
  t.like(await service.inspect(code), { outcome: "ok", remaining: 3, maxUnits: 2, offlineLimit: true });
  t.deepEqual(service.unitsAcceptedNow(1), { maxUnits: 1 }, "a limit above what is left is no limit");
});
