import test, { type ExecutionContext } from "ava";
import type { TicketQuery } from "../../device/backOffice.js";
import type { Ticket } from "../../device/domain.js";
import type { LevelJournal } from "../../device/levelJournal.js";
import { searchTickets as search } from "../../device/ticketSearch.js";
import { makeTicket } from "../helpers/fixtures.js";
import { openTempJournal } from "../helpers/tempJournal.js";

const people = [
  ["陳怡君", "0912345678"],
  ["陳志明", "0922000111"],
  ["林志豪", "0928765432"],
  ["王小美", "0933555678"],
] as const;
const products = ["深層按摩 60 分鐘券", "瑜珈五堂課程卡", "海景自助餐平日午餐券"] as const;

/** A search of the journal's own ticket cache, with the units its open entries hold. */
const searchTickets = (journal: LevelJournal, query: TicketQuery) =>
  search(journal.ticketCache, journal, query);

/** 60 tickets: 20 orders of 3, people and products in rotation, some used up, one refunded. */
function catalogue(): Ticket[] {
  return Array.from({ length: 60 }, (_, i) => {
    const [name, phone] = people[Math.floor(i / 3) % people.length] ?? people[0];
    return makeTicket({
      code: `TK-${String(i).padStart(4, "0")}`,
      orderNumber: `#1002${String(Math.floor(i / 3)).padStart(2, "0")}`,
      orderCreatedAt: new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 3))).toISOString(),
      productName: products[i % products.length] ?? "",
      totalUnits: 3,
      redeemedUnits: i % 5 === 0 ? 3 : 0,
      status: i === 7 ? "refunded" : "active",
      customer: { name, phone },
      updatedAt: "2026-11-20T00:00:00.000Z",
    });
  });
}

async function snapshot(t: ExecutionContext) {
  const { journal } = await openTempJournal(t);
  await journal.ticketCache.storeTicketPage(catalogue(), "60", true, new Date());
  return journal;
}

const page = { page: 0, pageSize: 100 };
const codes = (rows: readonly { ticket: Ticket }[]) => rows.map((row) => row.ticket.code);

test("by the last digits of a phone, by name prefix, by order-number prefix, by code prefix", async (t) => {
  const journal = await snapshot(t);
  const byPhone = await searchTickets(journal, { ...page, phoneDigits: "678" });
  t.true(byPhone.rows.every((row) => row.ticket.customer.phone.endsWith("678")));
  t.is(byPhone.rows.length, 30, "陳怡君 and 王小美 both end in 678");
  const bySurname = await searchTickets(journal, { ...page, customerName: "陳" });
  t.is(bySurname.rows.length, 30);
  t.is((await searchTickets(journal, { ...page, customerName: "陳志" })).rows.length, 15);
  t.deepEqual(codes((await searchTickets(journal, { ...page, orderNumber: "#100203" })).rows), [
    "TK-0009",
    "TK-0010",
    "TK-0011",
  ]);
  t.is(
    (await searchTickets(journal, { ...page, orderNumber: "#10021" })).rows.length,
    30,
    "a prefix of order numbers",
  );
  t.deepEqual(codes((await searchTickets(journal, { ...page, codePrefix: "TK-005" })).rows).length, 10);
});

test("an order number is found with or without its '#', whole or by its beginning (issue 11 item 7)", async (t) => {
  const journal = await snapshot(t);
  const whole = ["TK-0009", "TK-0010", "TK-0011"];
  t.deepEqual(codes((await searchTickets(journal, { ...page, orderNumber: "100203" })).rows), whole);
  t.deepEqual(codes((await searchTickets(journal, { ...page, orderNumber: "#100203" })).rows), whole);
  t.is((await searchTickets(journal, { ...page, orderNumber: "1002" })).rows.length, 60);
  t.is((await searchTickets(journal, { ...page, orderNumber: "10021", customerName: "陳" })).rows.length, 12);
  await journal.ticketCache.storeTicketPage(
    [makeTicket({ code: "TK-BARE", orderNumber: "100299", updatedAt: "2026-11-21T00:00:00.000Z" })],
    "61",
    true,
    new Date(),
  );
  t.deepEqual(codes((await searchTickets(journal, { ...page, orderNumber: "#100299" })).rows), ["TK-BARE"]);
});

test("product by any part of its name, status, date range, and filters combined", async (t) => {
  const journal = await snapshot(t);
  t.is((await searchTickets(journal, { ...page, product: "按摩" })).rows.length, 20);
  const usedUp = await searchTickets(journal, { ...page, status: "used_up" });
  t.true(usedUp.rows.every((row) => row.remaining === 0 && row.ticket.status === "active"));
  t.deepEqual(codes((await searchTickets(journal, { ...page, status: "refunded" })).rows), ["TK-0007"]);
  const november3to4 = await searchTickets(journal, {
    ...page,
    from: new Date(Date.UTC(2026, 10, 3)),
    to: new Date(Date.UTC(2026, 10, 4)),
  });
  t.deepEqual(
    codes(november3to4.rows),
    ["TK-0011", "TK-0010", "TK-0009", "TK-0008", "TK-0007", "TK-0006"],
    "newest first",
  );
  const combined = await searchTickets(journal, {
    ...page,
    phoneDigits: "0111",
    product: "瑜珈",
    status: "redeemable",
  });
  t.true(combined.rows.length > 0);
  t.true(
    combined.rows.every(
      (row) =>
        row.ticket.customer.name === "陳志明" &&
        row.ticket.productName === "瑜珈五堂課程卡" &&
        row.remaining > 0,
    ),
  );
});

test("paging walks the results without repeats", async (t) => {
  const journal = await snapshot(t);
  const seen: string[] = [];
  for (let number = 0; ; number += 1) {
    const result = await searchTickets(journal, { page: number, pageSize: 7, customerName: "陳" });
    seen.push(...codes(result.rows));
    if (!result.hasMore) break;
  }
  t.is(seen.length, 30);
  t.is(new Set(seen).size, 30);
});

test("a changed ticket is found by its new details only, and remaining counts local redemptions", async (t) => {
  const journal = await snapshot(t);
  const moved = makeTicket({
    ...catalogue()[1],
    customer: { name: "張三", phone: "0955000999" },
    updatedAt: "2026-11-21T00:00:00.000Z",
  });
  await journal.ticketCache.storeTicketPage([moved], "61", true, new Date());
  t.deepEqual(codes((await searchTickets(journal, { ...page, phoneDigits: "0999" })).rows), ["TK-0001"]);
  t.false(codes((await searchTickets(journal, { ...page, customerName: "陳怡" })).rows).includes("TK-0001"));
  t.is((await searchTickets(journal, { ...page, codePrefix: "TK-0001" })).rows[0]?.remaining, 3);
});

test("without a filter, the list is every ticket, newest order first", async (t) => {
  const journal = await snapshot(t);
  const all = await searchTickets(journal, { page: 0, pageSize: 100 });
  t.is(all.rows.length, 60);
  const dates = all.rows.map((row) => row.ticket.orderCreatedAt ?? "");
  t.deepEqual(dates, [...dates].sort().reverse());
  t.is(all.rows[0]?.ticket.code, "TK-0059");
});

test("a ticket moved to another order leaves its old order's keys and list, and the order it left keeps its other tickets", async (t) => {
  const journal = await snapshot(t);
  const moved = makeTicket({
    ...catalogue()[4],
    orderNumber: "#100299",
    customer: { name: "張三", phone: "0955000999" },
    updatedAt: "2026-11-21T00:00:00.000Z",
  });
  await journal.ticketCache.storeTicketPage([moved], "61", true, new Date());
  t.deepEqual(codes((await searchTickets(journal, { ...page, orderNumber: "#100201" })).rows), [
    "TK-0003",
    "TK-0005",
  ]);
  t.deepEqual(codes((await searchTickets(journal, { ...page, orderNumber: "#100299" })).rows), ["TK-0004"]);
  t.deepEqual(codes((await searchTickets(journal, { ...page, customerName: "張" })).rows), ["TK-0004"]);
  const byOldPhone = codes((await searchTickets(journal, { ...page, phoneDigits: "0111" })).rows);
  t.true(byOldPhone.includes("TK-0003") && !byOldPhone.includes("TK-0004"));

  // The order it went to loses it again: its list and keys go with it.
  await journal.ticketCache.storeTicketPage(
    [{ ...moved, orderNumber: "#100201", updatedAt: "2026-11-22T00:00:00.000Z" }],
    "62",
    true,
    new Date(),
  );
  t.deepEqual(codes((await searchTickets(journal, { ...page, orderNumber: "#100299" })).rows), []);
  t.deepEqual(codes((await searchTickets(journal, { ...page, orderNumber: "#100201" })).rows), [
    "TK-0003",
    "TK-0004",
    "TK-0005",
  ]);
});
