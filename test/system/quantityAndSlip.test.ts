/**
 * 確認核銷數量 as a clerk meets it in the field trial (issue 11 items 2, 4 and 10): the real
 * `ticket-kiosk run` under tmux, the real central service behind a proxy that can take the network
 * away, and a slip folder the kiosk cannot write (a printer that fails). What the screen shows is
 * what Enter redeems; offline it offers only what the offline limit accepts; a slip that did not
 * print is said on the result. When the network goes while a ticket is up, its range follows.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import * as v from "valibot";
import { adminRedemptionsPageSchema } from "../../central/adminWire.js";
import { call, startCentral } from "../helpers/centralHarness.js";
import { startFaultProxy } from "../helpers/faultProxy.js";
import { tempDir } from "../helpers/fixtures.js";
import { logIn, press, pressEscape, typeByHand } from "./clerkKeys.js";
import { startKioskInTmux, waitForFirstSync } from "./kioskInTmux.js";

test("typed 9, 0, 2 redeems 2 (9 refused and said); a failed slip is said; offline the range is the offline limit", async (t) => {
  const central = await startCentral(t, { clock: () => new Date() });
  const proxy = await startFaultProxy(central.url);
  const blocked = await tempDir("tk-noslips-");
  // A file where the slip folder should be: every print fails, as with a printer out of order.
  const notAFolder = join(blocked.path, "slips");
  await writeFile(notAFolder, "");
  t.teardown(async () => {
    await proxy.close();
    await blocked.remove();
  });
  const { terminal } = await startKioskInTmux(t, central, {
    deviceId: "kiosk-qty",
    centralUrl: proxy.url,
    printer: { dir: notAFolder },
    // The same ticket is typed again a moment after its redemption: no repeat window to swallow it.
    scanner: { debounceMs: 0 },
    offline: { maxUnitsPerRedemption: 2, allowUnsyncedClock: true },
  });
  await terminal.waitFor("店員登入");
  await logIn(terminal, "246810");
  await terminal.waitFor("請掃描 QR code");
  await waitForFirstSync(terminal);

  await terminal.type("TK-FIVE\r");
  const confirm = await terminal.waitFor("確認核銷數量");
  t.regex(confirm, /可核銷 1 ～ 5/);
  await typeByHand(terminal, "9");
  const refused = await terminal.waitFor("✖ 9 超過可核銷上限 5，數量為 1");
  t.regex(refused, /核銷數量 {2}1/, "9 never becomes 5");
  await typeByHand(terminal, "02");
  await terminal.waitFor(/核銷數量 {2}2/);
  await press(terminal, "Enter");
  const result = await terminal.waitFor("⚠ 核銷單未印出");
  t.regex(result, /✔ 核銷成功/, "the redemption stands");
  t.regex(result, /本次核銷 +2/);
  const admin = await central.adminToken();
  const records = v.parse(
    adminRedemptionsPageSchema,
    (await call(central.url, "/v1/admin/redemptions", { token: admin })).body,
  ).redemptions;
  t.deepEqual(
    records.map((record) => record.redemption.quantity),
    [2],
  );

  // The network goes while the ticket is up: the range follows, to the offline limit.
  await pressEscape(terminal, "請掃描 QR code");
  await terminal.type("TK-FIVE\r");
  const online = await terminal.waitFor("確認核銷數量");
  t.regex(online, /可核銷 1 ～ 3/);
  proxy.refuseAll = true;
  const offline = await terminal.waitFor("離線中，可核銷 1 ～ 2");
  t.regex(offline, /剩餘 \/ 總數 +3 \/ 5/);
  t.false(offline.includes("1 ～ 3"));
  await typeByHand(terminal, "3");
  await terminal.waitFor("✖ 3 超過可核銷上限 2，數量為 1");
  await typeByHand(terminal, "2");
  await terminal.waitFor(/核銷數量 {2}2/);
  await press(terminal, "Enter");
  const offlineResult = await terminal.waitFor("離線 OFFLINE");
  t.regex(offlineResult, /✔ 核銷成功/);
  t.false(/原因 +quantity/.test(offlineResult), "no internal code on screen");
});
