import test from "ava";
import { checkRedemption, type RuleVerdict, remainingUnits } from "../../device/rules.js";
import { makeTicket } from "../helpers/fixtures.js";

const context = { storeId: "store-a", now: new Date("2026-11-27T08:00:00Z"), quantity: 1, pendingUnits: 0 };
const code = "QK7R-2M9X-TB4A";

test("a valid ticket with units left is ok, with what remains", (t) => {
  t.deepEqual(checkRedemption(code, makeTicket({ redeemedUnits: 2 }), context), {
    outcome: "ok",
    remaining: 3,
  });
});

test("every refusal of the rules", (t) => {
  const cases: [
    string,
    ReturnType<typeof makeTicket> | undefined,
    Partial<typeof context>,
    RuleVerdict["outcome"],
  ][] = [
    ["bad code", makeTicket(), {}, "invalid_code"],
    [code, undefined, {}, "not_found"],
    [code, makeTicket({ status: "voided" }), {}, "voided"],
    [code, makeTicket({ status: "refunded" }), {}, "refunded"],
    [code, makeTicket({ storeIds: ["store-b"] }), {}, "wrong_store"],
    [code, makeTicket({ validFrom: "2026-12-01T00:00:00+08:00" }), {}, "not_yet_valid"],
    [code, makeTicket({ validUntil: "2026-11-27T15:59:59+08:00" }), {}, "expired"],
    [code, makeTicket({ redeemedUnits: 5 }), {}, "fully_redeemed"],
    [code, makeTicket({ redeemedUnits: 3 }), { quantity: 3 }, "quantity_exceeds_remaining"],
    [code, makeTicket({ redeemedUnits: 3 }), { pendingUnits: 2 }, "fully_redeemed"],
  ];
  for (const [scanned, ticket, overrides, expected] of cases) {
    t.is(checkRedemption(scanned, ticket, { ...context, ...overrides }).outcome, expected, `${expected}`);
  }
});

test("validity is an instant: the last second in Taipei is still valid", (t) => {
  const ticket = makeTicket({ validUntil: "2026-11-27T16:00:00+08:00" });
  t.is(checkRedemption(code, ticket, context).outcome, "ok");
  t.is(
    checkRedemption(code, ticket, { ...context, now: new Date("2026-11-27T08:00:01Z") }).outcome,
    "expired",
  );
});

test("a ticket without store restriction is valid in every store", (t) => {
  const { storeIds: _omitted, ...anywhere } = makeTicket();
  t.is(checkRedemption(code, anywhere, { ...context, storeId: "store-z" }).outcome, "ok");
});

test("remaining counts local unacknowledged units and never goes below zero", (t) => {
  t.is(remainingUnits(makeTicket({ redeemedUnits: 1 }), 2), 2);
  t.is(remainingUnits(makeTicket({ redeemedUnits: 7 }), 0), 0);
});

test("a voided ticket reads voided even when also expired and used up", (t) => {
  const ticket = makeTicket({ status: "voided", redeemedUnits: 5, validUntil: "2026-01-01T00:00:00+08:00" });
  t.is(checkRedemption(code, ticket, context).outcome, "voided");
});
