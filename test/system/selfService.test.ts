/**
 * A self-service kiosk as a customer meets it (issue 5 §2): the real `ticket-kiosk run` under tmux
 * against a real central service on loopback. Scan, a capped quantity in big type, nothing about the
 * order or the customer, a ticket left alone goes back to the scan screen, a slip for a redemption;
 * a supervisor's PIN after `*` opens the counter menu, and logging out returns to self-service.
 */
import { readdir } from "node:fs/promises";
import test from "ava";
import * as v from "valibot";
import { adminRedemptionsPageSchema } from "../../central/adminWire.js";
import { call, startCentral } from "../helpers/centralHarness.js";
import { logIn, press, pressEscape, typeByHand } from "./clerkKeys.js";
import { startKioskInTmux, waitForFirstSync } from "./kioskInTmux.js";

const idleTimeoutMs = 3000;

test("self-service: capped, private, back to scanning when left alone; `*` and a supervisor PIN open the menu", async (t) => {
  const central = await startCentral(t, { clock: () => new Date() });
  const { terminal, slips } = await startKioskInTmux(t, central, {
    deviceId: "kiosk-self",
    mode: "self-service",
    device: { selfServiceMaxUnits: 2 },
    ui: { idleTimeoutMs },
  });
  await terminal.waitFor("請將票券的 QR code");
  await waitForFirstSync(terminal);
  t.false((await terminal.screen()).includes("1 核銷票券"), "no menu for a customer");

  await terminal.type("TK-FIVE\r");
  const confirm = await terminal.waitFor("確認核銷數量");
  t.regex(confirm, /剩餘 \/ 總數 +5 \/ 5/);
  t.regex(confirm, /可核銷 1 ～ 2/, "the merchant's cap, not the 5 units left");
  t.false(/陳|0912|#100231|訂單編號|顧客/.test(confirm), "nothing about the order or the customer");
  await press(terminal, "+", "+", "+");
  // The quantity is drawn in big digits: 2 is a full top row, then a right-hand stroke.
  await terminal.waitFor(/██████ *│?\s*\n[^\n]* {4}██/);

  // Left alone, the ticket goes back to the scan screen and nothing is redeemed.
  const leftAt = Date.now();
  await terminal.waitFor("請將票券的 QR code", idleTimeoutMs + 5000);
  t.true(Date.now() - leftAt >= idleTimeoutMs - 500, "not before the idle timeout");
  const admin = await central.adminToken();
  const records = async () =>
    v.parse(
      adminRedemptionsPageSchema,
      (await call(central.url, "/v1/admin/redemptions", { token: admin })).body,
    ).redemptions;
  t.deepEqual(await records(), []);

  await terminal.type("TK-FIVE\r");
  await terminal.waitFor("確認核銷數量");
  await press(terminal, "Enter");
  const done = await terminal.waitFor("✔ 核銷成功");
  t.regex(done, /請取走核銷單/);
  t.like((await records())[0]?.redemption, { ticketCode: "TK-FIVE", quantity: 1, source: "scan" });
  // The slip prints just after the screen says redeemed.
  let printed = false;
  for (let tries = 0; tries < 50 && !printed; tries += 1) {
    printed = (await readdir(slips).catch(() => [])).some((name) => name.endsWith(".bin"));
    if (!printed) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.true(printed, "a slip was printed");

  // The supervisor: `*`, then a PIN; a clerk's PIN is not enough.
  await pressEscape(terminal, "請將票券的 QR code");
  await typeByHand(terminal, "*");
  await terminal.waitFor("請輸入主管 PIN 碼，按 Enter 開啟選單");
  await logIn(terminal, "1357");
  await terminal.waitFor("✖ 只有主管可以開啟選單");
  await logIn(terminal, "246810");
  const menu = await terminal.waitFor("8 登出");
  t.regex(menu, /王小明/);
  await typeByHand(terminal, "8");
  await press(terminal, "Enter");
  await terminal.waitFor("請將票券的 QR code");
  t.false((await terminal.screen()).includes("8 登出"));

  // A refusal tells the customer where to go next.
  await terminal.type("TK-EXPIRED\r");
  const refused = await terminal.waitFor("票券已過期");
  t.regex(refused, /✖ 票券已過期[\s\S]*請洽櫃台人員/);
});
