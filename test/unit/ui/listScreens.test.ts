import test from "ava";
import { ExceptionsScreen } from "../../../ui/screens/exceptionsScreen.js";
import { historyScreen } from "../../../ui/screens/historyScreen.js";
import { OrderDetailScreen } from "../../../ui/screens/orderDetailScreen.js";
import { ordersScreen } from "../../../ui/screens/ordersScreen.js";
import { RedemptionScreen } from "../../../ui/screens/redemptionScreen.js";
import type { Block } from "../../../ui/view.js";
import { makeHistoryRow, redeemClerk, supervisor } from "../../helpers/fakeBackOffice.js";
import { makeTicket } from "../../helpers/fixtures.js";
import { press, screenRig, settle, shown } from "./screenRig.js";

const hostile = "\x1b[31mRED\x1b[0m {red-fg}tag{/red-fg} \x1b]0;pwned\x07名稱";

function listOf(blocks: readonly Block[]): Extract<Block, { kind: "list" }> | undefined {
  return blocks.find((block): block is Extract<Block, { kind: "list" }> => block.kind === "list");
}

test("票券訂單 lists tickets a page at a time, customers masked, with how each stands", async (t) => {
  const rig = screenRig();
  rig.backOffice.tickets = [
    makeTicket(),
    makeTicket({
      code: "USED-0001",
      orderNumber: "#100232",
      redeemedUnits: 5,
      customer: { name: "林志豪", phone: "0928765432" },
    }),
    makeTicket({ code: "GONE-0001", orderNumber: "#100233", validUntil: "2026-11-01T00:00:00+08:00" }),
    ...Array.from({ length: 20 }, (_, i) =>
      makeTicket({ code: `MORE-${1000 + i}`, orderNumber: `#2000${i}` }),
    ),
  ];
  const screen = ordersScreen(rig.nav);
  screen.resume();
  await settle();
  const text = shown(screen, rig.context());
  t.regex(text, /全部票券，最新訂單在前/);
  t.regex(text, /訂單編號 +商品 +顧客 +剩餘\/總數 +狀態/);
  t.regex(text, /#100231 +深層按摩 60 分鐘券 +陳\*\* \*\*\*678 +5\/5 +可核銷/);
  t.regex(text, /#100232 .* 林\*\* \*\*\*432 +0\/5 +已用完/);
  t.regex(text, /#100233 .* 已過期/);
  t.regex(text, /第 1 頁　→ 下一頁/);
  t.deepEqual(rig.backOffice.argsOf("searchTickets").at(-1), [{ page: 0, pageSize: 14 }]);
  const rows = listOf(screen.view(rig.context()).blocks)?.rows ?? [];
  t.is(rows.length, 14, "as many rows as fit on 80×24");
  t.is(rows[1]?.tone, "muted", "a ticket that cannot be redeemed is greyed");
  press(screen, "<right>");
  await settle();
  t.deepEqual(rig.backOffice.argsOf("searchTickets").at(-1), [{ page: 1, pageSize: 14 }]);
  t.regex(shown(screen, rig.context()), /← 上一頁　第 2 頁$/, "page 2 says the way back (issue 11 item 12)");
  press(screen, "<left>");
  await settle();
  t.regex(shown(screen, rig.context()), /\n第 1 頁　→ 下一頁$/, "page 1 has no way back");
});

test("a list's page line says both ways in English too", async (t) => {
  const rig = screenRig({ locale: "en" });
  rig.backOffice.tickets = Array.from({ length: 30 }, (_, i) =>
    makeTicket({ code: `MORE-${1000 + i}`, orderNumber: `#2000${i}` }),
  );
  const screen = ordersScreen(rig.nav);
  screen.resume();
  await settle();
  press(screen, "<right>");
  await settle();
  t.regex(shown(screen, rig.context()), /← back {3}Page 2 {3}→ more$/);
});

test("進階搜尋 by phone digits: the query, the heading, and Enter on a row opens the order", async (t) => {
  const rig = screenRig();
  const screen = ordersScreen(rig.nav);
  screen.resume();
  await settle();
  press(screen, "<tab>");
  t.regex(shown(screen, rig.context()), /電話或末碼/);
  press(screen, "<down><down><down>");
  press(screen, "67");
  press(screen, "<enter>");
  t.regex(shown(screen, rig.context()), /✖ 電話請至少輸入末 3 碼/);
  press(screen, "8<enter>");
  await settle();
  t.deepEqual(rig.backOffice.argsOf("searchTickets").at(-1), [
    {
      orderNumber: undefined,
      codePrefix: undefined,
      customerName: undefined,
      phoneDigits: "678",
      product: undefined,
      status: undefined,
      from: undefined,
      to: undefined,
      page: 0,
      pageSize: 14,
    },
  ]);
  t.regex(shown(screen, rig.context()), /進階搜尋：電話或末碼 678/);
  press(screen, "<enter>");
  t.true(rig.opened[0] instanceof OrderDetailScreen);
  await settle();
  t.deepEqual(rig.backOffice.argsOf("orderDetail"), [["#100231"]]);
});

test("進階搜尋: a date range is the store's days; a status is chosen with ←→; a bad date is said", async (t) => {
  const rig = screenRig({ locale: "en" });
  const screen = ordersScreen(rig.nav);
  press(screen, "<tab><up><up>2026-11-01<down>2026-11-0");
  press(screen, "<enter>");
  t.regex(shown(screen, rig.context()), /✖ Dates are YYYY-MM-DD/);
  press(screen, "2<up><up><right><right><enter>");
  await settle();
  const query = rig.backOffice.argsOf("searchTickets").at(-1)?.[0] as Record<string, unknown>;
  t.is(query.status, "used_up");
  t.deepEqual(query.from, new Date("2026-10-31T16:00:00.000Z"));
  t.deepEqual(query.to, new Date("2026-11-02T15:59:59.999Z"));
  t.regex(shown(screen, rig.context()), /Search: Status used up \/ Ordered from 2026-11-01 \/ Ordered to 2…/);
});

test("核銷紀錄: newest first, offline and conflict marks, filters by clerk and state", async (t) => {
  const rig = screenRig();
  rig.backOffice.rows = [
    makeHistoryRow(
      { redeemedAt: "2026-11-27T05:00:00Z", quantity: 2, offline: true },
      { state: "pending", sync: "pending" },
    ),
    makeHistoryRow(
      { redeemedAt: "2026-11-27T06:00:00Z", clerkId: redeemClerk.id },
      { state: "conflict", sync: "conflict", clerkName: redeemClerk.name, conflictWith: ["kiosk-02"] },
    ),
  ];
  const screen = historyScreen(rig.nav);
  screen.resume();
  await settle();
  const text = shown(screen, rig.context());
  t.regex(text, /時間 +訂單編號 +商品 +數量 +店員 +狀態/);
  t.regex(
    text,
    /11-27 14:00 +#100231 +深層按摩 60 … +1 +李美玲 +⚠ 衝突\n11-27 13:00 .* 2 +王小明 +待同步 離線/,
  );
  const rows = listOf(screen.view(rig.context()).blocks)?.rows ?? [];
  t.is(rows[0]?.tone, "attention");
  press(screen, "<tab><down><down><right><right><down><down><right><right><right><enter>");
  await settle();
  t.like(rig.backOffice.argsOf("history").at(-1)?.[0] as object, {
    clerkId: redeemClerk.id,
    state: "conflict",
  });
  t.regex(shown(screen, rig.context()), /篩選：店員 李美玲 \/ 狀態 ⚠ 衝突/);
  press(screen, "<enter>");
  t.true(rig.opened[0] instanceof RedemptionScreen);
});

test("a clerk with the redeem role sees only their own redemptions, and no clerk filter", async (t) => {
  const rig = screenRig({ clerk: redeemClerk });
  const screen = historyScreen(rig.nav);
  screen.resume();
  await settle();
  t.like(rig.backOffice.argsOf("history").at(-1)?.[0] as object, { clerkId: redeemClerk.id });
  const own = shown(screen, rig.context());
  t.regex(own, /我的核銷紀錄/);
  t.regex(own, /我的核銷紀錄，最新在前/, "the subtitle agrees with the title (issue 11 item 12)");
  t.false(own.includes("全部核銷紀錄"));
  press(screen, "<tab>");
  t.false(shown(screen, rig.context()).includes("店員"));
  press(screen, "<enter>");
  await settle();
  t.like(rig.backOffice.argsOf("history").at(-1)?.[0] as object, { clerkId: redeemClerk.id });
});

test("例外清單 names the kiosk that used the units first, and the server's reason for a rejection", async (t) => {
  const rig = screenRig({ locale: "en" });
  rig.backOffice.rows = [
    makeHistoryRow(
      { redeemedAt: "2026-11-27T05:00:00Z" },
      { state: "conflict", sync: "conflict", conflictWith: ["kiosk-02"] },
    ),
    makeHistoryRow(
      { redeemedAt: "2026-11-27T04:00:00Z" },
      { state: "rejected", sync: "rejected", reason: "expired" },
    ),
    makeHistoryRow({ redeemedAt: "2026-11-27T03:00:00Z" }),
  ];
  const screen = new ExceptionsScreen(rig.nav);
  screen.resume();
  await settle();
  const text = shown(screen, rig.context());
  t.regex(text, /⚠ conflict +used first by kiosk-02/);
  t.regex(text, /⚠ rejected +expired/);
  t.is((listOf(screen.view(rig.context()).blocks)?.rows ?? []).length, 2);
  press(screen, "<down><enter>");
  t.true(rig.opened[0] instanceof RedemptionScreen);
  rig.backOffice.rows = [];
  screen.resume();
  await settle();
  t.regex(shown(screen, rig.context()), /✔ No exceptions/);
});

test("untrusted names in every list are plain text: no escape sequences, tags kept as text", async (t) => {
  const rig = screenRig();
  rig.backOffice.tickets = [
    makeTicket({ productName: hostile, customer: { name: `{bold}${hostile}`, phone: "0912345678" } }),
  ];
  rig.backOffice.rows = [
    makeHistoryRow(
      {},
      { productName: hostile, clerkName: hostile, state: "conflict", conflictWith: [hostile] },
    ),
  ];
  const screens = [
    ordersScreen(rig.nav),
    historyScreen(rig.nav),
    new ExceptionsScreen(rig.nav),
    new OrderDetailScreen(rig.nav, "#100231"),
  ];
  for (const screen of screens) screen.resume?.();
  await settle();
  const texts = screens.map((screen) => shown(screen, rig.context()));
  texts.push(shown(new RedemptionScreen(rig.nav, rig.backOffice.rows[0] ?? makeHistoryRow()), rig.context()));
  for (const text of texts) {
    t.false(
      text.split("\n").some((line) => /\p{Cc}/u.test(line)),
      text,
    );
    t.false(text.includes("pwned"));
  }
  t.regex(texts[0] ?? "", /RED \{red-fg\}tag/);
  t.regex(texts[1] ?? "", /RED \{red-fg\}ta/);
  t.regex(texts[2] ?? "", /先核銷：RED \{red-fg\}tag/);
  t.regex(texts[4] ?? "", /商品 +RED \{red-fg\}tag\{\/red-fg\} 名稱/);
});

test("a failing back office is said on screen, not thrown", async (t) => {
  const rig = screenRig();
  rig.backOffice.failWith = new Error("journal closed\x1b[2J");
  const screen = historyScreen(rig.nav);
  screen.resume();
  await settle();
  t.regex(shown(screen, rig.context()), /✖ 發生錯誤：journal closed$/m);
  t.is(supervisor.role, "supervisor");
});

test("例外清單 lists an open entry the server keeps refusing, with what it said, in both locales", async (t) => {
  for (const [locale, state, details] of [
    ["en", "⚠ attention", "cancel refused: not_perm"],
    ["zh-TW", "⚠ 待處理", "拒收：HTTP 400"],
  ] as const) {
    const rig = screenRig({ locale });
    const attention =
      locale === "en"
        ? ({ problem: "cancel_refused", detail: "not_permitted", at: "2026-11-27T05:00:00Z" } as const)
        : ({ problem: "upload_refused", detail: "HTTP 400", at: "2026-11-27T05:00:00Z" } as const);
    rig.backOffice.rows = [makeHistoryRow({}, { state: "attention", sync: "pending", attention })];
    const screen = new ExceptionsScreen(rig.nav);
    screen.resume();
    await settle();
    const text = shown(screen, rig.context());
    t.regex(text, new RegExp(state), locale);
    t.regex(text, new RegExp(details), locale);
  }
});
