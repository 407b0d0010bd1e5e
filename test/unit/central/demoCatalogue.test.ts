import test from "ava";
import { demoCatalogue, demoCodes } from "../../../central/demoCatalogue.js";
import { validateImport } from "../../../central/importer.js";
import type { Ticket } from "../../../device/domain.js";
import { checkRedemption } from "../../../device/rules.js";

const now = new Date("2026-11-27T08:00:00.000Z");

function tickets(document = demoCatalogue(now)): Map<string, Ticket> {
  const byCode = new Map<string, Ticket>();
  for (const { tickets: entries, ...order } of document.orders) {
    for (const entry of entries) {
      const { redeemedUnits, ...fields } = entry;
      byCode.set(entry.code, {
        ...fields,
        redeemedUnits,
        orderNumber: order.orderNumber,
        customer: order.customer,
        updatedAt: now.toISOString(),
      });
    }
  }
  return byCode;
}

test("the demo catalogue imports cleanly and is the same for the same now", (t) => {
  const document = demoCatalogue(now);
  const check = validateImport(document, new Set());
  if (!check.ok) return t.fail(JSON.stringify(check.problems));
  t.deepEqual(check.warnings, []);
  t.deepEqual(demoCatalogue(new Date(now)), document);
  t.is(document.orders.length, 23);
  t.is(document.orders.flatMap((order) => order.tickets).length, 48);
  t.deepEqual(
    document.stores.map((store) => [store.id, store.name]),
    [
      ["store-a", "台北信義店"],
      ["store-b", "台中公益店"],
    ],
  );
  t.deepEqual(
    document.clerks.map((clerk) => [clerk.id, clerk.name, clerk.pin, clerk.role]),
    [
      ["c1", "王小明", "246810", "supervisor"],
      ["c2", "李美玲", "1357", "redeem"],
    ],
  );
  t.true(document.orders.every((order) => /^09\d{8}$/.test(order.customer.phone)));
});

test("each demo code shows the outcome its hint promises at store-a", (t) => {
  const byCode = tickets();
  const expected: Record<string, [string, number | undefined]> = {
    "DEMO-SPA-5": ["ok", 5],
    "DEMO-YOGA-2": ["ok", 2],
    "DEMO-BUFFET-DONE": ["fully_redeemed", 0],
    "DEMO-PARK-EXPIRED": ["expired", 1],
    "DEMO-TEA-LATER": ["not_yet_valid", 1],
    "DEMO-VOID": ["voided", 1],
    "DEMO-REFUND": ["refunded", 1],
    "DEMO-OTHER-STORE": ["wrong_store", 1],
  };
  t.deepEqual(
    demoCodes.map((demo) => demo.code),
    Object.keys(expected),
  );
  for (const { code, hint } of demoCodes) {
    const verdict = checkRedemption(code, byCode.get(code), {
      storeId: "store-a",
      now,
      quantity: 1,
      pendingUnits: 0,
    });
    t.deepEqual([verdict.outcome, verdict.remaining], expected[code], code);
    t.true(hint["zh-TW"].length > 0 && hint.en.length > 0);
  }
});

test("ordinary tickets have distinct codes and a mix of states for lists and search", (t) => {
  const ordinary = [...tickets().values()].filter((ticket) => !ticket.code.startsWith("DEMO-"));
  t.is(ordinary.length, 40);
  t.true(ordinary.every((ticket) => /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(ticket.code)));
  const verdicts = new Set(
    ordinary.map(
      (ticket) =>
        checkRedemption(ticket.code, ticket, { storeId: "store-a", now, quantity: 1, pendingUnits: 0 })
          .outcome,
    ),
  );
  t.deepEqual([...verdicts].sort(), ["fully_redeemed", "ok", "wrong_store"]);
});
