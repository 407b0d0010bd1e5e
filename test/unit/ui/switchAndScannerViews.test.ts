/** The switch question's screen, and the alert line (unplugged scanner, damaged journal, download), as the presenters decide them. */
import test from "ava";
import type { SessionScreen } from "../../../device/kioskSession.js";
import { displayWidth } from "../../../ui/displayText.js";
import { catalogues, locales } from "../../../ui/messages.js";
import { presentScreen, presentStatus } from "../../../ui/presenters.js";
import { makeStatus, makeTicket } from "../../helpers/fixtures.js";

const now = new Date("2026-11-27T06:05:09Z");
const ticket = makeTicket({ productName: "深層按摩 60 分鐘券 {bold}\x1b[31m" });
const switchScreen: SessionScreen = {
  kind: "switch",
  confirming: {
    kind: "confirm",
    code: ticket.code,
    source: "scan",
    ticket,
    remaining: 5,
    quantity: 3,
    maxQuantity: 5,
  },
  next: { code: "NEXT-CODE-9876", source: "scan" },
};

test("the switch question shows both tickets masked, the quantity so far, and Enter / Esc in both locales", (t) => {
  const zh = presentScreen(switchScreen, {
    locale: "zh-TW",
    timeZone: "Asia/Taipei",
    now,
    typed: "",
    columns: 78,
  });
  t.is(zh.title, "電子票券 ｜ 切換票券");
  t.deepEqual(zh.blocks[0], { kind: "big", lines: ["⚠ 切換到剛掃描的新票券？"], tone: "attention" });
  t.deepEqual(zh.blocks[1], {
    kind: "lines",
    lines: [
      "目前票券  深層按摩 60 分鐘券 {bold}",
      "票券代碼  **********TB4A",
      "核銷數量  3",
      "新票券    **********9876",
    ],
  });
  t.is(zh.keys, "Enter 是，切換　Esc 否，繼續目前票券");
  for (const locale of locales) {
    const view = presentScreen(switchScreen, {
      locale,
      timeZone: "Asia/Taipei",
      now,
      typed: "",
      columns: 40,
    });
    t.true(displayWidth(view.keys) <= 40, view.keys);
    t.false(JSON.stringify(view).includes("\x1b"), "no escape sequence from the product name");
  }
  const en = presentScreen(switchScreen, {
    locale: "en",
    timeZone: "Asia/Taipei",
    now,
    typed: "",
    columns: 78,
  });
  t.deepEqual(en.blocks[0], { kind: "big", lines: ["⚠ Switch to the new ticket?"], tone: "attention" });
});

test("an unplugged scanner: the bar says so in amber and the alert line says what to do; online or not", (t) => {
  for (const locale of locales) {
    const m = catalogues[locale];
    const view = presentStatus(makeStatus({ scanner: "disconnected", now: now.toISOString() }), {
      locale,
      timeZone: "Asia/Taipei",
      now,
      columns: 80,
    });
    t.true(view.line.includes(`${m.status.scanner} ${m.scannerState.disconnected}`), view.line);
    t.is(view.tone, "attention");
    t.is(view.alert, `⚠ ${m.scannerAlert}`);
  }
  const offline = presentStatus(
    makeStatus({ scanner: "disconnected", online: false, offlineReason: "network", now: now.toISOString() }),
    { locale: "zh-TW", timeZone: "Asia/Taipei", now, columns: 80 },
  );
  t.regex(offline.alert ?? "", /網路中斷/, "being offline is the more urgent sentence");
  t.true(offline.line.includes("掃碼槍 未連接"), "the bar still shows the scanner");
});

test("a damaged journal: the alert line says 資料損毀，請聯絡管理員 in red before anything else; recovered slips say they are printing", (t) => {
  const context = { timeZone: "Asia/Taipei", now, columns: 80 } as const;
  const damaged = makeStatus({
    online: false,
    offlineReason: "network",
    journalDamage: { detectedAt: now.toISOString(), findings: ["sequence number 2 has no record"] },
    recoveredSlips: 1,
    now: now.toISOString(),
  });
  const zh = presentStatus(damaged, { ...context, locale: "zh-TW" });
  t.is(zh.alert, "✖ 資料損毀，請聯絡管理員（暫停核銷）");
  t.is(zh.tone, "refused");
  t.is(presentStatus(damaged, { ...context, locale: "en" }).alert, `✖ ${catalogues.en.journalDamaged}`);
  const slips = presentStatus(makeStatus({ recoveredSlips: 2, now: now.toISOString() }), {
    ...context,
    locale: "zh-TW",
  });
  t.is(slips.alert, "⚠ 重新啟動前未列印的收據 2 張，列印中");
});

test("a running download: the alert line says the local copy is filling and scans are decided online, with done/total, a bar and the time left, in both languages", (t) => {
  const context = { timeZone: "Asia/Taipei", now, columns: 80 } as const;
  const status = (etaS: number | null) =>
    makeStatus({ download: { done: 4500, total: 6000, etaS }, now: now.toISOString() });
  t.is(
    presentStatus(status(45), { ...context, locale: "zh-TW" }).alert,
    "本機票券資料下載中，掃描改由線上判斷 4500/6000 [#######---] 75% 約剩 45s",
  );
  t.is(
    presentStatus(status(null), { ...context, locale: "en" }).alert,
    "Cache filling, scans go online 4500/6000 [#######---] 75% estimating time left",
  );
  t.is(presentStatus(makeStatus({ now: now.toISOString() }), { ...context, locale: "en" }).alert, undefined);
});
