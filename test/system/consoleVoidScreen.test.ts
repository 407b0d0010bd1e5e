/**
 * 取消核銷 from the web console as the kiosk's clerk sees it: the real `ticket-kiosk run` in a
 * terminal (tmux) redeems a unit, head office voids it in 核銷紀錄 over HTTP, and at the kiosk's
 * next ticket sync the same ticket shows the unit back on its confirm screen.
 */
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { startCentral } from "../helpers/centralHarness.js";
import { hiddenToken, Visitor } from "../helpers/consoleVisitor.js";
import { logIn, press, pressEscape } from "./clerkKeys.js";
import { startKioskInTmux, waitForFirstSync } from "./kioskInTmux.js";

const password = "correct horse battery";

test("a void in the console gives the unit back on the kiosk's screen after its next sync", async (t) => {
  const central = await startCentral(t, { clock: () => new Date() });
  await central.service.addConsoleUser({ name: "boss", role: "hq", storeIds: [], password });
  // No repeat window for the same code: the test scans the one ticket again on purpose.
  const { terminal } = await startKioskInTmux(t, central, {
    deviceId: "kiosk-void",
    scanner: { debounceMs: 0 },
  });
  await terminal.waitFor("店員登入");
  await waitForFirstSync(terminal);
  await logIn(terminal, "246810");
  await terminal.waitFor("請掃描 QR code");
  await terminal.type("TK-FIVE\r");
  t.regex(await terminal.waitFor("確認核銷數量"), /剩餘 \/ 總數 +5 \/ 5/);
  await press(terminal, "Enter");
  t.regex(await terminal.waitFor("✔ 核銷成功"), /剩餘 \/ 總數 +4 \/ 5/);
  await pressEscape(terminal, "請掃描 QR code");

  const hq = new Visitor(central.url);
  await hq.login("boss", password);
  let id: string | undefined;
  for (let tries = 0; tries < 100 && id === undefined; tries += 1) {
    id = /<tr data-id="([^"]+)"/.exec((await hq.get("/redemptions?device=kiosk-void")).text)?.[1];
    if (id === undefined) await sleep(200); // the kiosk uploads at its next sync round
  }
  t.truthy(id, "the kiosk's redemption reached 核銷紀錄");
  const record = await hq.get(`/redemptions/${id}`);
  const voided = await hq.post(`/redemptions/${id}/void`, {
    reason: "客人改期",
    _csrf: hiddenToken(record.text),
  });
  t.is(voided.headers.location, `/redemptions/${id}?outcome=voided`);

  // The kiosk learns of the void from its ticket sync (every 500 ms here): scan until it has.
  let confirm = "";
  for (let tries = 0; tries < 40; tries += 1) {
    await terminal.type("TK-FIVE\r");
    confirm = await terminal.waitFor("確認核銷數量");
    if (/剩餘 \/ 總數 +5 \/ 5/.test(confirm)) break;
    await pressEscape(terminal, "請掃描 QR code");
    await sleep(250);
  }
  t.regex(confirm, /剩餘 \/ 總數 +5 \/ 5/);
});
