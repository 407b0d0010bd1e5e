/**
 * Counter mode as a clerk meets it (issue 5): the real `ticket-kiosk run` in a terminal (tmux)
 * against a real central service on loopback, typed at with `tmux send-keys` and read with
 * `tmux capture-pane`. What the screens did is checked at the central service too.
 */
import test from "ava";
import * as v from "valibot";
import { adminRedemptionsPageSchema } from "../../central/adminWire.js";
import { call, catalogue, startCentral } from "../helpers/centralHarness.js";
import { logIn, press, pressEscape, typeByHand } from "./clerkKeys.js";
import { startKioskInTmux, waitForFirstSync } from "./kioskInTmux.js";

/** The key hints while the keys go to the menu. */
const menuKeys = "↑↓ 或數字 選擇　Enter 開啟";
const hostileName = "\x1b[31mRED\x1b[0m {red-fg}tag{/red-fg} \x1b]0;pwned\x07名稱";

/** How many rows below the table header the first row holding `text` is (0 for the first). */
function rowIndex(screen: string, header: string, text: string): number {
  const lines = screen.split("\n");
  const top = lines.findIndex((line) => line.includes(header));
  return lines.slice(top + 1).findIndex((line) => line.includes(text));
}

test("a clerk's round: log in, scan, search by phone, redeem from 未核銷, find it in 核銷紀錄, void it", async (t) => {
  const central = await startCentral(t, { clock: () => new Date() });
  const admin = await central.adminToken();
  const serverRecords = async () =>
    v.parse(
      adminRedemptionsPageSchema,
      (await call(central.url, "/v1/admin/redemptions", { token: admin })).body,
    ).redemptions;
  /** Waits, by polling the service's records, until it holds `count` redemptions. */
  const centralHolds = async (count: number) => {
    for (let tries = 0; tries < 100 && (await serverRecords()).length < count; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 200));
  };
  const { terminal } = await startKioskInTmux(t, central, { deviceId: "kiosk-counter" });
  await terminal.waitFor("店員登入");
  await waitForFirstSync(terminal);

  await logIn(terminal, "1111");
  await terminal.waitFor("✖ PIN 碼錯誤，還可再試 4 次");
  await logIn(terminal, "246810");
  const scanScreen = await terminal.waitFor("請掃描 QR code");
  t.regex(scanScreen, /1 核銷票券 │/, "the menu 電子票券 is on the left");

  // A wedge scanner's burst: one send-keys, the code and its Enter together.
  await terminal.type("TK-FIVE\r");
  const confirm = await terminal.waitFor("確認核銷數量");
  t.regex(confirm, /剩餘 \/ 總數 +5 \/ 5/);
  await press(terminal, "+");
  await terminal.waitFor(/核銷數量 +2/);
  await press(terminal, "Enter");
  const redeemed = await terminal.waitFor("✔ 核銷成功");
  t.regex(redeemed, /本次核銷 +2/);
  t.regex(redeemed, /剩餘 \/ 總數 +3 \/ 5/);

  // 票券訂單 → 進階搜尋 by the phone's last digits.
  await pressEscape(terminal, "請掃描 QR code");
  await pressEscape(terminal, menuKeys);
  await typeByHand(terminal, "2");
  await press(terminal, "Enter");
  await terminal.waitFor("全部票券，最新訂單在前");
  await press(terminal, "Tab", "Down", "Down", "Down");
  await typeByHand(terminal, "5678");
  await press(terminal, "Enter");
  // The heading says the search at once; the rows follow when the back office answers.
  const found = await terminal.waitFor(/進階搜尋：電話或末碼 5678[\s\S]*#100231 .*陳\*\* \*\*\*678/);
  t.false(found.includes("#100232"), "another customer's order is not found");

  // 詳細訂單內容 → 未核銷 → the park ticket, through the usual confirm screen.
  await press(terminal, "Enter");
  const order = await terminal.waitFor(/未核銷（3）/);
  t.regex(order, /訂單編號 +#100231/);
  const park = rowIndex(order, "票券代碼", "主題樂園一日票");
  t.true(park >= 0);
  await press(terminal, ...Array.from({ length: park }, () => "Down"), "Enter");
  const parkConfirm = await terminal.waitFor("確認核銷數量");
  t.regex(parkConfirm, /主題樂園一日票 \/ 成人/);
  await press(terminal, "Enter");
  await terminal.waitFor("✔ 核銷成功");
  await pressEscape(terminal, "詳細訂單內容");
  await press(terminal, "Right");
  // Two redemptions made here, and the two units the store's records say were used before (issue 11).
  const redeemedTab = await terminal.waitFor("已核銷（3）");
  t.regex(redeemedTab, /主題樂園一日票 .* 1 +王小明/);
  t.regex(redeemedTab, /│ +- +\*+LEFT +.* 2 +- +他處核銷/);

  // 核銷紀錄: newest first; open it and void it.
  await pressEscape(terminal, "進階搜尋：電話或末碼 5678");
  await pressEscape(terminal, menuKeys);
  await typeByHand(terminal, "3");
  await press(terminal, "Enter");
  const history = await terminal.waitFor(/全部核銷紀錄，最新在前[\s\S]*時間[\s\S]*深層按摩/);
  t.is(rowIndex(history, "時間", "主題樂園一日票"), 0, "the newest redemption comes first");
  t.is(rowIndex(history, "時間", "深層按摩"), 1);
  await press(terminal, "Enter");
  const detail = await terminal.waitFor("核銷明細");
  t.regex(detail, /來源 +詳細訂單內容/);
  t.regex(detail, /店員 +王小明/);
  await typeByHand(terminal, "1");
  await press(terminal, "Enter");
  await terminal.waitFor("請選擇取消原因");
  await typeByHand(terminal, "3");
  await press(terminal, "Enter");
  await terminal.waitFor("⚠ 確定取消核銷 1 個單位？");
  // A void is made by the central service (it checks the supervisor's PIN): the redemption must be
  // there first.
  await centralHolds(2);
  await typeByHand(terminal, "246810");
  await terminal.waitFor("主管 PIN 碼  ******_");
  await press(terminal, "Enter");
  await terminal.waitFor("✔ 已取消核銷");
  await typeByHand(terminal, "x");
  const voided = await terminal.waitFor(/狀態 +已取消/);
  t.regex(voided, /取消核銷 +\S+ \S+ 王小明：顧客要求取消/);

  // The central service has both redemptions with their clerk and source, and the void.
  const records = await serverRecords();
  t.like(
    records.map((record) => ({ ...record.redemption, voided: record.voided })),
    [
      { ticketCode: "TK-FIVE", quantity: 2, clerkId: "c1", source: "scan", voided: undefined },
      {
        ticketCode: "TK-ANYWHERE",
        quantity: 1,
        clerkId: "c1",
        source: "order-detail",
        voided: { reason: "顧客要求取消", clerkId: "c1" },
      },
    ],
  );
});

test("a product name full of escape sequences and {tags} shows as plain text, on the ticket and in the list", async (t) => {
  const central = await startCentral(t, { clock: () => new Date(), importCatalogue: false });
  const document = catalogue();
  const imported = await central.service.importDocument({
    ...document,
    orders: [
      {
        orderNumber: "#666001",
        createdAt: "2026-11-22T10:00:00+08:00",
        customer: { name: "{bold}駭\x1b[2J客", phone: "0911222333" },
        tickets: [
          {
            code: "TK-EVIL",
            productName: hostileName,
            totalUnits: 2,
            redeemedUnits: 0,
            validFrom: "2026-11-01T00:00:00+08:00",
            validUntil: "2027-10-31T23:59:59+08:00",
            status: "active",
          },
        ],
      },
    ],
  });
  t.true(imported.ok);
  const { terminal } = await startKioskInTmux(t, central, {
    deviceId: "kiosk-hostile",
    size: { columns: 100, rows: 30 },
  });
  await waitForFirstSync(terminal);
  await logIn(terminal, "246810");
  await terminal.waitFor("請掃描 QR code");
  await terminal.type("TK-EVIL\r");
  const confirm = await terminal.waitFor("確認核銷數量");
  t.regex(confirm, /商品 +RED \{red-fg\}tag\{\/red-fg\} 名稱/);
  t.regex(confirm, /顧客 +\{\*+ +\*+333/);
  t.not(await terminal.title(), "pwned", "no OSC reached the terminal");
  t.false((await terminal.styledScreen()).includes("\x1b[31mRED"), "no colour from the name");

  await pressEscape(terminal, "請掃描 QR code");
  await pressEscape(terminal, menuKeys);
  await typeByHand(terminal, "2");
  await press(terminal, "Enter");
  const list = await terminal.waitFor("#666001");
  t.regex(list, /#666001 +RED \{red-fg\}tag\{\/red-fg\} 名稱 +\{\*+ \*\*\*333/);
  t.not(await terminal.title(), "pwned");

  // 進階搜尋 by order number as a keypad types it, without the '#' (issue 11).
  await press(terminal, "Tab");
  await typeByHand(terminal, "6660");
  await press(terminal, "Enter");
  const found = await terminal.waitFor(/進階搜尋：訂單編號 6660[\s\S]*#666001 /);
  t.false(found.includes("沒有符合的資料"));
});
