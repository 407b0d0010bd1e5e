/**
 * One action per intent on every numbered menu (issue 11 item 3): the real `ticket-kiosk run` under
 * tmux. Following 核銷明細's footer ("↑↓ 或數字 選擇　Enter 執行"), `2` then Enter prints exactly
 * one 補印 REPRINT slip, and `1` opens 取消核銷 only on its Enter.
 */
import { readdir } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { startCentral } from "../helpers/centralHarness.js";
import { logIn, press, pressEscape, typeByHand } from "./clerkKeys.js";
import { startKioskInTmux, waitForFirstSync } from "./kioskInTmux.js";

const menuKeys = "↑↓ 或數字 選擇　Enter 開啟";

async function reprints(slips: string): Promise<number> {
  return (await readdir(slips).catch(() => [])).filter((name) => /-reprint-\d+\.bin$/.test(name)).length;
}

test("核銷明細: a digit chooses and Enter acts, once; the main menu the same", async (t) => {
  const central = await startCentral(t, { clock: () => new Date() });
  const { terminal, slips } = await startKioskInTmux(t, central, { deviceId: "kiosk-digits" });
  await terminal.waitFor("店員登入");
  await logIn(terminal, "246810");
  await terminal.waitFor("請掃描 QR code");
  await waitForFirstSync(terminal);
  await terminal.type("TK-FIVE\r");
  await terminal.waitFor("確認核銷數量");
  await press(terminal, "Enter");
  await terminal.waitFor("✔ 核銷成功");

  await pressEscape(terminal, "請掃描 QR code");
  await pressEscape(terminal, menuKeys);
  await typeByHand(terminal, "3");
  t.false((await terminal.screen()).includes("全部核銷紀錄"), "a digit on the menu opens nothing by itself");
  await press(terminal, "Enter");
  await terminal.waitFor(/全部核銷紀錄[\s\S]*深層按摩/);
  await press(terminal, "Enter");
  const detail = await terminal.waitFor("核銷明細");
  t.regex(detail, /↑↓ 或數字 選擇　Enter 執行/);

  await typeByHand(terminal, "2");
  await sleep(500);
  t.is(await reprints(slips), 0, "the digit chose 補印核銷單; nothing printed yet");
  await press(terminal, "Enter");
  await terminal.waitFor("✔ 已送出補印");
  // Room for a second job to appear, were Enter to repeat what the digit did.
  await sleep(1000);
  t.is(await reprints(slips), 1, "one intent, one REPRINT slip");

  await typeByHand(terminal, "1");
  await sleep(300);
  t.false((await terminal.screen()).includes("請選擇取消原因"));
  await press(terminal, "Enter");
  await terminal.waitFor("請選擇取消原因");
});
