/**
 * The keypad lock as a clerk meets it (issue 11 item 11): the real `ticket-kiosk run` under tmux.
 * Five wrong PINs lock the keypad for 30 s, even with a clerk's own good PIN between them (issue 12,
 * defect 2), and the login screen says until when; once that time has come the message goes by
 * itself, with no key pressed, and the right PIN logs in.
 */
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { startCentral } from "../helpers/centralHarness.js";
import { logIn, press, pressEscape, typeByHand } from "./clerkKeys.js";
import { startKioskInTmux, waitForFirstSync } from "./kioskInTmux.js";

const firstLockMs = 30_000;

test("a clerk's own PIN between wrong ones does not lift the count; the lock message goes when the lock ends", async (t) => {
  const central = await startCentral(t, { clock: () => new Date() });
  const { terminal } = await startKioskInTmux(t, central, { deviceId: "kiosk-lock" });
  await terminal.waitFor("店員登入");
  await waitForFirstSync(terminal);
  for (let left = 4; left >= 1; left -= 1) {
    await logIn(terminal, "1111");
    await terminal.waitFor(`✖ PIN 碼錯誤，還可再試 ${left} 次`);
  }
  // The bypass of issue 12: the clerk logs in with their own PIN and out again, then guesses on.
  await logIn(terminal, "1357");
  await terminal.waitFor("請掃描 QR code");
  await pressEscape(terminal, "3 登出");
  await typeByHand(terminal, "3");
  await press(terminal, "Enter");
  await terminal.waitFor("店員登入");
  await logIn(terminal, "1111");
  await terminal.waitFor("✖ 錯誤次數過多，已鎖定至");
  const lockedAt = performance.now();

  let screen = await terminal.screen();
  while (screen.includes("已鎖定至") && performance.now() - lockedAt < firstLockMs + 10_000) {
    await sleep(250);
    screen = await terminal.screen();
  }
  t.false(screen.includes("已鎖定至"), "the message went");
  t.true(performance.now() - lockedAt >= firstLockMs - 2000, "not before the lock's end");
  await logIn(terminal, "246810");
  await terminal.waitFor("請掃描 QR code");
});
