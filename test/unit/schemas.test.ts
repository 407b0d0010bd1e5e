import test from "ava";
import * as v from "valibot";
import { isoInstant, ticketSchema } from "../../device/domain.js";
import { issueLine } from "../../device/schemaIssue.js";

test("an instant is an RFC 3339 date-time with seconds and an offset, on a day its month has", (t) => {
  for (const instant of [
    "2026-01-31T09:30:00+08:00",
    "2026-11-01T00:00:00.123Z",
    "2024-02-29T23:59:59-05:30",
    "2026-12-31T00:00:00Z",
  ]) {
    t.true(v.is(isoInstant, instant), instant);
  }
  for (const instant of [
    "2026-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-01-32T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-01-31T09:30Z",
    "2026-01-31T09:30:00",
    "2026-01-31 09:30:00Z",
    "2026-01-31T24:00:00Z",
    "2026-01-31T09:30:00+0800",
  ]) {
    t.false(v.is(isoInstant, instant), instant);
  }
});

test("a schema's problems are said with their keys, in words a person reads", (t) => {
  const ticket = {
    code: "GOOD-0001",
    orderNumber: "A-1",
    productName: "SPA",
    totalUnits: 0,
    redeemedUnits: "1",
    status: "sold",
    customer: { name: "王小明" },
    updatedAt: "2026-01-31T09:30:00+08:00",
    colour: "red",
  };
  const result = v.safeParse(ticketSchema, ticket);
  t.false(result.success);
  t.deepEqual(result.issues?.map(issueLine), [
    "totalUnits: must be at least 1, is 0",
    'redeemedUnits: expected number, received "1"',
    'status: expected one of "active" | "voided" | "refunded", received "sold"',
    "customer.phone: required",
    "colour: unknown key",
  ]);
});
