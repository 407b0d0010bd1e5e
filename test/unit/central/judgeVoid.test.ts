import test from "ava";
import type { ClerkRecord } from "../../../central/importPlan.js";
import { judgeVoid, type VoidContext } from "../../../central/judgeVoid.js";
import type { RedemptionRecord } from "../../../central/redemptionRecord.js";
import type { VoidRequest } from "../../../device/ports/wire.js";
import { makeRedemption } from "../../helpers/fixtures.js";

const hourMs = 3_600_000;
const redeemedAt = "2026-11-27T08:00:00.000Z";
const receivedAt = "2026-11-27T09:00:00.000Z";
const scope = { deviceId: "kiosk-1", storeId: "store-a" };

const clerk = (fields: Partial<ClerkRecord> = {}): ClerkRecord => ({
  id: "c1",
  name: "王小明",
  role: "supervisor",
  storeIds: ["store-a"],
  pinHash: "scrypt$…",
  updatedAt: redeemedAt,
  ...fields,
});
const record = (fields: Partial<RedemptionRecord> = {}): RedemptionRecord => ({
  redemption: makeRedemption({ redeemedAt }),
  status: "accepted",
  receivedAt,
  ...fields,
});
const context = (fields: Partial<VoidContext> = {}): VoidContext => ({
  scope,
  clerk: clerk(),
  pin: "matches",
  now: new Date(Date.parse(redeemedAt) + hourMs),
  windowMs: 24 * hourMs,
  ...fields,
});
const byClerk: VoidRequest = { reason: "客人改期", clerkId: "c1", at: "2026-11-27T09:30:00+08:00" };
const abandoned: VoidRequest = { reason: "abandoned", at: "2026-11-27T09:30:00+08:00" };

test("a store supervisor within the window voids, and the mark keeps who, why, and both times", (t) => {
  const now = new Date(Date.parse(redeemedAt) + 24 * hourMs);
  t.deepEqual(judgeVoid(record(), byClerk, context({ now })), {
    kind: "void",
    mark: { reason: "客人改期", clerkId: "c1", at: byClerk.at, receivedAt: now.toISOString() },
  });
  t.like(judgeVoid(record({ status: "conflict", reason: "fully_redeemed" }), byClerk, context()), {
    kind: "void",
  });
});

test("a supervisor's void needs the PIN to match: missing or wrong is wrong_pin, a locked-out device pin_locked", (t) => {
  for (const [pin, reason] of [
    ["missing", "wrong_pin"],
    ["wrong", "wrong_pin"],
    ["locked", "pin_locked"],
  ] as const) {
    t.deepEqual(judgeVoid(record(), byClerk, context({ pin })), { kind: "rejected", reason }, pin);
    t.deepEqual(
      judgeVoid(record(), byClerk, context({ pin, clerk: clerk({ role: "redeem" }) })),
      { kind: "rejected", reason },
      "the PIN is judged before the role",
    );
  }
  t.like(
    judgeVoid(record(), abandoned, context({ pin: "missing" })),
    { kind: "void" },
    "abandoned needs no PIN",
  );
});

test("anyone but a supervisor of this store is not permitted; a clerk unknown to the server is unknown_clerk", (t) => {
  for (const who of [clerk({ role: "redeem" }), clerk({ storeIds: ["store-b"] })]) {
    t.deepEqual(judgeVoid(record(), byClerk, context({ clerk: who })), {
      kind: "rejected",
      reason: "not_permitted",
    });
  }
  t.deepEqual(judgeVoid(record(), byClerk, context({ clerk: undefined })), {
    kind: "rejected",
    reason: "unknown_clerk",
  });
});

test("one millisecond past the window is too late; the window starts at receipt when the clock was unsynchronised", (t) => {
  const late = new Date(Date.parse(redeemedAt) + 24 * hourMs + 1);
  t.deepEqual(judgeVoid(record(), byClerk, context({ now: late })), {
    kind: "rejected",
    reason: "void_window_passed",
  });
  const unsynced = record({ redemption: makeRedemption({ redeemedAt, clockSynced: false }) });
  t.like(
    judgeVoid(unsynced, byClerk, context({ now: late })),
    { kind: "void" },
    "receivedAt + 24 h is later",
  );
  t.like(judgeVoid(record(), byClerk, context({ now: late, windowMs: 48 * hourMs })), { kind: "void" });
});

test("voided and cancelled records are duplicates, whoever asks and however late", (t) => {
  const voided = record({ voided: { reason: "客人改期", clerkId: "c1", at: redeemedAt } });
  const cancelled = record({ status: "cancelled", reason: "cancelled" });
  const muchLater = new Date(Date.parse(redeemedAt) + 90 * 24 * hourMs);
  for (const stored of [voided, cancelled]) {
    t.deepEqual(judgeVoid(stored, byClerk, context({ now: muchLater, clerk: clerk({ role: "redeem" }) })), {
      kind: "duplicate",
    });
    t.deepEqual(judgeVoid(stored, abandoned, context()), { kind: "duplicate" });
  }
});

test("abandoned needs no clerk and no window, but only the device that redeemed may abandon", (t) => {
  const muchLater = new Date(Date.parse(redeemedAt) + 90 * 24 * hourMs);
  t.deepEqual(judgeVoid(record(), abandoned, context({ clerk: undefined, now: muchLater })), {
    kind: "void",
    mark: { reason: "abandoned", at: abandoned.at, receivedAt: muchLater.toISOString() },
  });
  t.deepEqual(judgeVoid(record(), abandoned, context({ scope: { ...scope, deviceId: "kiosk-2" } })), {
    kind: "rejected",
    reason: "not_permitted",
  });
});

test("another store's record is forbidden; a refused record has nothing to give back", (t) => {
  t.deepEqual(judgeVoid(record(), byClerk, context({ scope: { ...scope, storeId: "store-b" } })), {
    kind: "forbidden",
  });
  t.deepEqual(judgeVoid(record({ status: "rejected", reason: "expired" }), byClerk, context()), {
    kind: "rejected",
    reason: "not_redeemed",
  });
});
