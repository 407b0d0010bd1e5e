import test from "ava";
import {
  countsUnits,
  isException,
  judgeUpload,
  maxConflictParties,
  nameConflict,
  type UploadContext,
} from "../../../central/judgeUpload.js";
import type { RedemptionRecord } from "../../../central/redemptionRecord.js";
import { makeRedemption, makeTicket } from "../../helpers/fixtures.js";

const now = new Date("2026-11-27T08:00:00.000Z");
const scope = { deviceId: "kiosk-1", storeId: "store-a" };
const context = (fields: Partial<UploadContext> = {}): UploadContext => ({
  scope,
  lastContactAt: undefined,
  clockToleranceMs: 5 * 60_000,
  clerkKnown: true,
  existing: undefined,
  tombstonedBy: undefined,
  ticket: makeTicket({ totalUnits: 5, redeemedUnits: 4 }),
  now,
  ...fields,
});

test("a new redemption the rules allow is accepted and adds its units", (t) => {
  const redemption = makeRedemption();
  t.deepEqual(judgeUpload(redemption, context()), {
    answer: { status: "accepted" },
    write: {
      record: { redemption, status: "accepted", receivedAt: now.toISOString(), judgedAt: now.toISOString() },
      unitsDelta: 1,
    },
  });
});

test("running out is a rejection online and a conflict that still counts offline", (t) => {
  const online = makeRedemption({ quantity: 2 });
  t.like(judgeUpload(online, context()), {
    answer: { status: "rejected", reason: "quantity_exceeds_remaining" },
    write: { unitsDelta: 0, record: { status: "rejected" } },
  });
  const offline = makeRedemption({ quantity: 2, offline: true });
  t.like(judgeUpload(offline, context()), {
    answer: { status: "conflict", reason: "quantity_exceeds_remaining" },
    write: { unitsDelta: 2, record: { status: "conflict" } },
  });
  const full = makeTicket({ totalUnits: 5, redeemedUnits: 5 });
  t.like(judgeUpload(offline, context({ ticket: full })), {
    answer: { status: "conflict", reason: "fully_redeemed" },
  });
});

test("offline refusals for any other reason are recorded as rejected", (t) => {
  const offline = makeRedemption({ offline: true });
  for (const [ticket, reason] of [
    [makeTicket({ status: "voided" }), "voided"],
    [makeTicket({ storeIds: ["store-b"] }), "wrong_store"],
    [undefined, "not_found"],
  ] as const) {
    t.like(judgeUpload(offline, context({ ticket })), {
      answer: { status: "rejected", reason },
      write: { unitsDelta: 0 },
    });
  }
});

test("an offline redemption is judged at redeemedAt only when the kiosk's clock was synchronised", (t) => {
  const ticket = makeTicket({ validUntil: "2026-11-26T23:59:59+08:00" });
  const redeemedAt = "2026-11-26T20:00:00+08:00";
  t.like(judgeUpload(makeRedemption({ redeemedAt, clockSynced: true, offline: true }), context({ ticket })), {
    answer: { status: "accepted" },
    write: { record: { judgedAt: "2026-11-26T12:00:00.000Z" } },
  });
  t.like(
    judgeUpload(makeRedemption({ redeemedAt, clockSynced: false, offline: true }), context({ ticket })),
    { answer: { status: "rejected", reason: "expired" } },
  );
});

test("an online redemption is judged at the server's now: a backdated redeemedAt does not revive an expired ticket", (t) => {
  const ticket = makeTicket({ validUntil: "2026-11-26T23:59:59+08:00" });
  const backdated = makeRedemption({
    redeemedAt: "2026-11-13T08:00:00.000Z",
    clockSynced: true,
    offline: false,
  });
  t.like(judgeUpload(backdated, context({ ticket })), {
    answer: { status: "rejected", reason: "expired" },
    write: { record: { judgedAt: now.toISOString() } },
  });
});

test("an offline time before the last contact less the tolerance, or after now plus it, is judged at the bound and flagged", (t) => {
  const lastContactAt = "2026-11-27T07:00:00.000Z";
  const bounded = context({ lastContactAt });
  const judged = (redeemedAt: string) =>
    judgeUpload(makeRedemption({ redeemedAt, clockSynced: true, offline: true }), bounded).write?.record;
  t.like(
    judged("2026-11-27T06:55:00.000Z"),
    { judgedAt: "2026-11-27T06:55:00.000Z", flags: undefined },
    "at the edge",
  );
  t.like(judged("2026-11-13T08:00:00.000Z"), {
    status: "accepted",
    judgedAt: "2026-11-27T06:55:00.000Z",
    flags: ["clock_suspect"],
  });
  t.like(judged("2026-11-27T08:05:00.000Z"), { judgedAt: "2026-11-27T08:05:00.000Z", flags: undefined });
  const future = judged("2026-11-28T08:00:00.000Z");
  t.like(future, { judgedAt: "2026-11-27T08:05:00.000Z", flags: ["clock_suspect"] });
  t.true(future !== undefined && isException(future), "a suspect time is on the exceptions list");
  const expired = makeTicket({ validUntil: "2026-11-26T23:59:59+08:00" });
  t.like(
    judgeUpload(
      makeRedemption({ redeemedAt: "2026-11-20T08:00:00.000Z", clockSynced: true, offline: true }),
      context({ lastContactAt, ticket: expired }),
    ),
    { answer: { status: "rejected", reason: "expired" }, write: { record: { flags: ["clock_suspect"] } } },
    "an offline backdating past the last contact is judged at the bound: expired, recorded, listed",
  );
});

test("a replay is a duplicate with the first verdict, offline or not; another body is id_reused", (t) => {
  const redemption = makeRedemption({ quantity: 2, offline: true });
  const existing: RedemptionRecord = {
    redemption,
    status: "conflict",
    reason: "quantity_exceeds_remaining",
    receivedAt: "2026-11-27T07:00:00.000Z",
  };
  const reordered = Object.fromEntries(
    Object.entries({ ...redemption, offline: false }).reverse(),
  ) as typeof redemption;
  t.deepEqual(judgeUpload(reordered, context({ existing })), {
    answer: { status: "duplicate", original: "conflict", reason: "quantity_exceeds_remaining" },
  });
  t.deepEqual(judgeUpload({ ...redemption, quantity: 1 }, context({ existing })), {
    answer: { status: "rejected", reason: "id_reused" },
  });
});

test("an online refusal uploaded again as offline, its answer never heard, is judged again as offline and replaces the refusal", (t) => {
  const online = makeRedemption({ quantity: 2 });
  const full = makeTicket({ totalUnits: 5, redeemedUnits: 5 });
  const refused = judgeUpload(online, context({ ticket: full, now: new Date("2026-11-27T07:00:00.000Z") }));
  const existing = refused.write?.record;
  if (existing === undefined) return t.fail();
  t.like(existing, { status: "rejected", reason: "fully_redeemed" });

  const offline = { ...online, offline: true };
  const again = judgeUpload(offline, context({ ticket: full, existing }));
  t.deepEqual(again, {
    answer: { status: "conflict", reason: "fully_redeemed" },
    write: {
      record: {
        redemption: offline,
        status: "conflict",
        reason: "fully_redeemed",
        receivedAt: existing.receivedAt,
        judgedAt: offline.redeemedAt,
      },
      unitsDelta: 2,
      replaces: existing,
    },
  });
  const named = nameConflict(again, [recordOf()]);
  t.is(named.write?.replaces, existing, "naming the conflict keeps what it replaces");

  // Units free again by then: the offline redemption is simply counted.
  const room = makeTicket({ totalUnits: 5, redeemedUnits: 1 });
  t.like(judgeUpload(offline, context({ ticket: room, existing })), {
    answer: { status: "accepted" },
    write: { unitsDelta: 2, replaces: existing },
  });
  // The record it became answers every later upload of the id as a replay.
  const stored = again.write?.record;
  if (stored === undefined) return t.fail();
  t.deepEqual(judgeUpload(offline, context({ existing: stored })), {
    answer: { status: "duplicate", original: "conflict", reason: "fully_redeemed" },
  });
  // Anything else stays a replay: the online body again, another body, an online acceptance.
  t.deepEqual(judgeUpload(online, context({ existing })), {
    answer: { status: "duplicate", original: "rejected", reason: "fully_redeemed" },
  });
  t.deepEqual(judgeUpload({ ...offline, quantity: 1 }, context({ existing })), {
    answer: { status: "rejected", reason: "id_reused" },
  });
  const accepted: RedemptionRecord = {
    redemption: online,
    status: "accepted",
    receivedAt: existing.receivedAt,
  };
  t.deepEqual(judgeUpload(offline, context({ existing: accepted })), {
    answer: { status: "duplicate", original: "accepted" },
  });
});

test("cancelled ids stay cancelled; only the device's own tombstone cancels", (t) => {
  const redemption = makeRedemption();
  t.like(judgeUpload(redemption, context({ tombstonedBy: scope })), {
    answer: { status: "rejected", reason: "cancelled" },
    write: { unitsDelta: 0, record: { status: "cancelled", reason: "cancelled" } },
  });
  for (const other of [
    { ...scope, deviceId: "kiosk-2" },
    { ...scope, storeId: "store-b" },
  ]) {
    t.like(judgeUpload(redemption, context({ tombstonedBy: other })), { answer: { status: "accepted" } });
  }
  const cancelled: RedemptionRecord = {
    redemption,
    status: "cancelled",
    reason: "cancelled",
    receivedAt: now.toISOString(),
  };
  t.deepEqual(judgeUpload(redemption, context({ existing: cancelled })), {
    answer: { status: "rejected", reason: "cancelled" },
  });
});

const recordOf = (fields: Partial<RedemptionRecord> = {}): RedemptionRecord => ({
  redemption: makeRedemption(),
  status: "accepted",
  receivedAt: now.toISOString(),
  ...fields,
});

test("a new conflict names the redemptions counted before it, the latest ones when there are many", (t) => {
  const offline = makeRedemption({ quantity: 2, offline: true });
  const earlier = Array.from({ length: maxConflictParties + 5 }, (_, index) =>
    recordOf({ redemption: makeRedemption({ deviceId: `kiosk-${index}`, offline: index % 2 === 0 }) }),
  );
  const named = nameConflict(judgeUpload(offline, context()), earlier);
  const parties = earlier.slice(5).map(({ redemption }) => ({
    id: redemption.id,
    deviceId: redemption.deviceId,
    quantity: redemption.quantity,
    redeemedAt: redemption.redeemedAt,
    offline: redemption.offline,
  }));
  t.deepEqual(named, {
    answer: { status: "conflict", reason: "quantity_exceeds_remaining", conflictWith: parties },
    write: {
      record: {
        redemption: offline,
        status: "conflict",
        reason: "quantity_exceeds_remaining",
        conflictWith: parties,
        receivedAt: now.toISOString(),
        judgedAt: offline.redeemedAt,
      },
      unitsDelta: 2,
    },
  });
  const stored = named.write?.record;
  if (stored === undefined) return t.fail();
  t.deepEqual(
    judgeUpload(offline, context({ existing: stored })).answer,
    {
      status: "duplicate",
      original: "conflict",
      reason: "quantity_exceeds_remaining",
      conflictWith: parties,
    },
    "a replay names the same redemptions",
  );
  const accepted = judgeUpload(makeRedemption(), context());
  t.is(nameConflict(accepted, earlier), accepted, "only a conflict is named");
});

test("accepted and conflict records count until voided; conflicts and offline refusals are exceptions", (t) => {
  const voided = { reason: "客人改期", clerkId: "c1", at: now.toISOString() };
  const offline = makeRedemption({ offline: true });
  const cases: [RedemptionRecord, boolean, boolean][] = [
    [recordOf(), true, false],
    [recordOf({ voided }), false, false],
    [recordOf({ status: "conflict", reason: "fully_redeemed", redemption: offline }), true, true],
    [recordOf({ status: "conflict", reason: "fully_redeemed", redemption: offline, voided }), false, true],
    [recordOf({ status: "rejected", reason: "expired" }), false, false],
    [recordOf({ status: "rejected", reason: "expired", redemption: offline }), false, true],
    [recordOf({ status: "cancelled", reason: "cancelled", redemption: offline }), false, false],
  ];
  for (const [record, counts, exception] of cases) {
    const label = `${record.status} offline=${record.redemption.offline} voided=${record.voided !== undefined}`;
    t.is(countsUnits(record), counts, label);
    t.is(isException(record), exception, label);
  }
});

test("a clerk the store does not have: online refused unknown_clerk; offline recorded as judged, flagged", (t) => {
  const online = makeRedemption({ clerkId: "gone" });
  t.like(judgeUpload(online, context({ clerkKnown: false })), {
    answer: { status: "rejected", reason: "unknown_clerk" },
    write: { unitsDelta: 0, record: { status: "rejected", reason: "unknown_clerk" } },
  });
  const offline = makeRedemption({ clerkId: "gone", offline: true });
  const judged = judgeUpload(offline, context({ clerkKnown: false }));
  t.like(judged, {
    answer: { status: "accepted" },
    write: { unitsDelta: 1, record: { status: "accepted", flags: ["unknown_clerk"] } },
  });
  t.true(judged.write !== undefined && isException(judged.write.record), "listed for a supervisor");
  t.is(judgeUpload(offline, context()).write?.record.flags, undefined, "a known clerk is not flagged");
});
