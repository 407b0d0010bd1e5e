import test from "ava";
import { OrderDetailScreen } from "../../../ui/screens/orderDetailScreen.js";
import { RedemptionScreen } from "../../../ui/screens/redemptionScreen.js";
import { VoidScreen } from "../../../ui/screens/voidScreen.js";
import { makeHistoryRow, redeemClerk } from "../../helpers/fakeBackOffice.js";
import { makeTicket } from "../../helpers/fixtures.js";
import { press, screenRig, settle, shown } from "./screenRig.js";

function orderRig(options: Parameters<typeof screenRig>[0] = {}) {
  const rig = screenRig(options);
  rig.backOffice.tickets = [
    makeTicket({
      code: "PARK-A-0001",
      productName: "主題樂園一日票",
      variantName: "成人",
      totalUnits: 1,
      orderCreatedAt: "2026-11-20T10:02:00+08:00",
    }),
    makeTicket({
      code: "PARK-C-0002",
      productName: "主題樂園一日票",
      variantName: "兒童",
      totalUnits: 1,
      redeemedUnits: 1,
    }),
    makeTicket({ code: "SPA-5-00003", totalUnits: 5, redeemedUnits: 2 }),
  ];
  rig.backOffice.rows = [
    makeHistoryRow({ ticketCode: "SPA-5-00003", quantity: 2, redeemedAt: "2026-11-26T02:00:00Z" }),
    makeHistoryRow(
      { ticketCode: "PARK-C-0002", deviceId: "kiosk-02", redeemedAt: "2026-11-25T02:00:00Z" },
      { productName: undefined, clerkName: undefined },
    ),
  ];
  const screen = new OrderDetailScreen(rig.nav, "#100231");
  return { ...rig, screen, text: () => shown(screen, rig.context()) };
}

test("詳細訂單內容: the heading, 未核銷 with its tickets, and Enter redeems the chosen one", async (t) => {
  const k = orderRig();
  t.regex(k.text(), /載入中…/);
  k.screen.resume();
  await settle();
  const text = k.text();
  t.regex(text, /訂單編號 {2}#100231\n訂購時間 {2}2026-11-20 10:02:00\n顧客 {6}陳\*\* \*\*\*678/);
  t.regex(text, / 未核銷（2） {4}已核銷（2） /);
  t.regex(text, /本訂單已核銷 3 \/ 7 個單位/);
  t.regex(text, /\*{3}0001 +主題樂園一日票 \/ 成人 +1\/1 +2027-10-31 +可核銷/);
  t.regex(text, /\*{3}0003 +深層按摩 60 分鐘券 +3\/5/);
  t.false(text.includes("PARK-C"), "a used-up ticket is not 未核銷");
  press(k.screen, "<down><enter>");
  t.deepEqual(k.redeemed, ["SPA-5-00003"]);
});

test("已核銷 lists this order's redemptions; another kiosk's gets its product from the order; Enter opens one", async (t) => {
  const k = orderRig({ locale: "en" });
  k.screen.resume();
  await settle();
  press(k.screen, "<right>");
  const text = k.text();
  t.regex(text, /3 of 7 units of this order redeemed\nRedeemed here, on other devices, or elsewhere:/);
  t.regex(text, /11-26 10:00 +\*{3}0003 +深層按摩 60 分鐘券 +2 +王小明/);
  t.regex(text, /11-25 10:00 +\*{3}0002 +主題樂園一日票 \/ 兒童 +1 +c1/);
  t.regex(text, /←→ tab {3}↑↓ choose {3}Enter details/);
  press(k.screen, "<down><enter>");
  const opened = k.opened[0];
  t.true(opened instanceof RedemptionScreen);
  t.regex(shown(opened ?? k.screen, k.context()), /Product +主題樂園一日票 \/ 兒童/);
});

test("a ticket used up elsewhere, with no record on this kiosk, is in 已核銷 with its units (issue 11 item 6)", async (t) => {
  const k = orderRig();
  k.backOffice.tickets.push(
    makeTicket({ code: "USED-UP-0004", productName: "瑜珈五堂課程卡", totalUnits: 2, redeemedUnits: 2 }),
    makeTicket({ code: "HALF-000005", productName: "海景自助餐平日午餐券", totalUnits: 4, redeemedUnits: 1 }),
  );
  k.screen.resume();
  await settle();
  t.regex(k.text(), / 未核銷（3） {4}已核銷（4） /, "2 redemptions, and 2 tickets used elsewhere");
  t.false(k.text().includes("瑜珈五堂課程卡"), "not in 未核銷: no units left");
  press(k.screen, "<right>");
  const text = k.text();
  t.regex(text, /本訂單已核銷 6 \/ 13 個單位/);
  t.regex(text, /- +\*{3}0004 +瑜珈五堂課程卡 +2 +- +他處核銷/);
  t.regex(text, /- +\*{3}0005 +海景自助餐平日午… +1 +- +他處核銷/);
  t.is(
    (text.match(/他處核銷/g) ?? []).length,
    2,
    "tickets whose units the listed redemptions account for are not repeated",
  );
  press(k.screen, "<down><down><down><enter>");
  t.deepEqual(k.opened, [], "units used elsewhere have no record to open");
});

test("an order that is not in the local copy says so", async (t) => {
  const k = orderRig();
  const missing = new OrderDetailScreen(k.nav, "#999999");
  missing.resume();
  await settle();
  t.regex(shown(missing, k.context()), /✖ 找不到這張訂單/);
});

test("核銷明細: every field, and a supervisor's actions: void, reprint, order detail", async (t) => {
  const rig = screenRig();
  const row = makeHistoryRow(
    {
      quantity: 2,
      offline: true,
      clockSynced: false,
      source: "order-detail",
      redeemedAt: "2026-11-27T05:00:00Z",
    },
    { state: "conflict", sync: "conflict", conflictWith: ["kiosk-02", "kiosk-03"] },
  );
  rig.backOffice.rows = [row];
  const screen = new RedemptionScreen(rig.nav, row);
  const text = shown(screen, rig.context());
  t.regex(text, /核銷時間 +2026-11-27 13:00:00（當時時鐘未校時）/);
  t.regex(text, /來源 +詳細訂單內容/);
  t.regex(text, /狀態 +⚠ 衝突 離線/);
  t.regex(text, /先核銷的裝置 +kiosk-02, kiosk-03/);
  t.regex(text, /核銷編號 +[0-9a-f]{8}\n/);
  t.regex(text, /1 {2}取消核銷\n2 {2}補印核銷單\n3 {2}詳細訂單內容/);
  // The footer's way, a digit then Enter: one reprint (a digit only chooses the line).
  t.regex(text, /↑↓ 或數字 選擇　Enter 執行/);
  press(screen, "2");
  await settle();
  t.deepEqual(rig.backOffice.argsOf("reprint"), [], "a digit alone does nothing yet");
  press(screen, "<enter>");
  await settle();
  t.deepEqual(rig.backOffice.argsOf("reprint"), [[row.redemption.id]]);
  t.regex(shown(screen, rig.context()), /✔ 已送出補印（單上標示 補印 REPRINT）/);
  press(screen, "1");
  t.is(rig.opened.length, 0);
  press(screen, "<enter>");
  t.true(rig.opened[0] instanceof VoidScreen);
  press(screen, "3<enter>");
  t.true(rig.opened[1] instanceof OrderDetailScreen);
  t.deepEqual(rig.backOffice.argsOf("reprint"), [[row.redemption.id]], "still one reprint");
});

test("a clerk with the redeem role reads a redemption but can do nothing to it; a voided one cannot be voided or reprinted", async (t) => {
  const rig = screenRig({ clerk: redeemClerk });
  const row = makeHistoryRow();
  const screen = new RedemptionScreen(rig.nav, row);
  t.false(/取消核銷|補印/.test(shown(screen, rig.context())));
  t.regex(shown(screen, rig.context()), /Esc 返回$/m);
  const supervisorRig = screenRig();
  const voided = makeHistoryRow(
    {},
    { state: "voided", voided: { reason: "顧客要求取消", clerkId: "c1", at: "2026-11-27T06:00:00Z" } },
  );
  const text = shown(new RedemptionScreen(supervisorRig.nav, voided), supervisorRig.context());
  t.regex(text, /取消核銷 +2026-11-27 14:00:00 王小明：顧客要求取消/);
  t.regex(text, /1 {2}詳細訂單內容/);
  t.false(text.includes("補印核銷單"));
});

test("取消核銷: a ready-made reason, the question, the outcome; the redemption reads itself afresh after", async (t) => {
  const rig = screenRig();
  const row = makeHistoryRow({ quantity: 2 });
  rig.backOffice.rows = [row];
  const detail = new RedemptionScreen(rig.nav, row);
  const screen = new VoidScreen(rig.nav, row);
  t.regex(
    shown(screen, rig.context()),
    /請選擇取消原因：\n1 {2}核銷數量錯誤\n2 {2}核銷了錯誤的票券\n3 {2}顧客要求取消\n4 {2}其他（自行輸入）/,
  );
  press(screen, "3");
  t.regex(shown(screen, rig.context()), /請選擇取消原因/, "a digit chooses the line; Enter goes on");
  press(screen, "<enter>");
  t.regex(shown(screen, rig.context()), /⚠ 確定取消核銷 2 個單位？\n顧客要求取消\n主管 PIN 碼 {2}_/);
  press(screen, "<enter>");
  t.deepEqual(rig.backOffice.argsOf("voidRedemption"), [], "nothing is voided before a PIN is typed");
  press(screen, "24x6<bs>68");
  t.regex(
    shown(screen, rig.context()),
    /主管 PIN 碼 {2}\*\*\*\*_/,
    "the PIN shows as stars; only digits count",
  );
  t.false(shown(screen, rig.context()).includes("2468"));
  press(screen, "<enter>");
  await settle();
  t.deepEqual(rig.backOffice.argsOf("voidRedemption"), [[row.redemption.id, "顧客要求取消", "2468"]]);
  t.regex(shown(screen, rig.context()), /✔ 已取消核銷，單位已退回票券/);
  press(screen, "x");
  t.is(rig.backs(), 1);
  detail.resume();
  await settle();
  t.regex(shown(detail, rig.context()), /狀態 +已取消/);
  t.false(shown(detail, rig.context()).includes("1  取消核銷"));
});

test("取消核銷 其他: the reason must be typed; Esc steps back; every outcome is said", async (t) => {
  const rig = screenRig({ locale: "en" });
  const row = makeHistoryRow();
  rig.backOffice.voidOutcome = "void_window_passed";
  const screen = new VoidScreen(rig.nav, row);
  press(screen, "<down><down><down><enter>");
  t.regex(shown(screen, rig.context()), /Reason {2}_/);
  press(screen, "<enter>");
  t.regex(shown(screen, rig.context()), /✖ Type a reason/);
  press(screen, "typo<bs>s<enter>");
  t.regex(shown(screen, rig.context()), /⚠ Void 1 unit\?\ntyps/);
  press(screen, "<esc>");
  t.regex(shown(screen, rig.context()), /Reason {2}typs_/);
  press(screen, "<enter>1234<esc>");
  t.regex(shown(screen, rig.context()), /Reason {2}typs_/, "Esc at the PIN steps back and forgets it");
  press(screen, "<enter>9<enter>");
  await settle();
  t.deepEqual(rig.backOffice.argsOf("voidRedemption"), [[row.redemption.id, "typs", "9"]]);
  t.regex(shown(screen, rig.context()), /✖ Too late to void this redemption/);
  for (const [outcome, said] of [
    ["offline", /✖ 離線中：取消核銷需連線中央系統確認 PIN，請稍後再試/],
    ["wrong_pin", /✖ 主管 PIN 碼錯誤，未取消核銷/],
    ["pin_locked", /✖ PIN 碼錯誤次數過多，已暫時鎖定，請稍後再試/],
    ["not_synced", /⚠ 這筆核銷尚未上傳中央系統，請稍後再試/],
  ] as const) {
    const other = screenRig();
    other.backOffice.voidOutcome = outcome;
    const refused = new VoidScreen(other.nav, row);
    press(refused, "1<enter>2468<enter>");
    await settle();
    t.regex(shown(refused, other.context()), said, outcome);
  }
  t.deepEqual(press(new VoidScreen(rig.nav, row), "<esc>"), [false], "Esc at the reasons goes back");
});
