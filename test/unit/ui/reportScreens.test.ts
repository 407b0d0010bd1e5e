import test from "ava";
import { dayReportFigures, dayReportTerms } from "../../../device/dayReportTerms.js";
import { layoutDayReport } from "../../../drivers/printer/dayReportLayout.js";
import { locales } from "../../../ui/messages.js";
import { DayReportScreen } from "../../../ui/screens/dayReportScreen.js";
import { DeviceStatusScreen } from "../../../ui/screens/deviceStatusScreen.js";
import { ExceptionsScreen } from "../../../ui/screens/exceptionsScreen.js";
import { historyScreen } from "../../../ui/screens/historyScreen.js";
import { LanguageScreen } from "../../../ui/screens/languageScreen.js";
import { OrderDetailScreen } from "../../../ui/screens/orderDetailScreen.js";
import { ordersScreen } from "../../../ui/screens/ordersScreen.js";
import { RedemptionScreen } from "../../../ui/screens/redemptionScreen.js";
import type { Screen } from "../../../ui/screens/screen.js";
import { VoidScreen } from "../../../ui/screens/voidScreen.js";
import { makeHistoryRow } from "../../helpers/fakeBackOffice.js";
import { makeStatus, makeTicket } from "../../helpers/fixtures.js";
import { now, press, screenRig, settle, shown } from "./screenRig.js";
import { blockLines } from "./viewLines.js";

test("日結: the day's figures and units by product, on screen and printed; ←→ change the day, never past today", async (t) => {
  const rig = screenRig();
  const screen = new DayReportScreen(rig.nav);
  screen.resume();
  await settle();
  const text = shown(screen, rig.context());
  t.regex(text, /2026-11-27 日結　台北信義店/);
  t.regex(text, /取消核銷 1 {3}補印 0 {3}離線核銷 1\n衝突 0 {3}待同步 1/);
  t.regex(text, /商品 +核銷單位 +筆數\n深層按摩 60 分鐘券 +3 +2\n合計 +3 +2/);
  t.deepEqual(rig.backOffice.argsOf("dayReport"), [[now]]);
  press(screen, "<right>");
  t.is(rig.backOffice.argsOf("dayReport").length, 1, "no day after today");
  press(screen, "<left>");
  await settle();
  t.deepEqual(rig.backOffice.argsOf("dayReport").at(-1), [new Date(now.getTime() - 86_400_000)]);
  t.regex(shown(screen, rig.context()), /2026-11-26 日結/);
  press(screen, "<enter>");
  await settle();
  t.is(rig.backOffice.argsOf("printDayReport").length, 1);
  t.regex(shown(screen, rig.context()), /✔ 日結單已送出列印/);
  rig.backOffice.reprintOutcome = "no_printer";
  press(screen, "<enter>");
  await settle();
  t.regex(shown(screen, rig.context()), /⚠ 沒有設定印表機，無法列印/);
});

test("the 日結 slip has the screen's columns and figures, in the screen's order and words (issue 11 item 9)", async (t) => {
  for (const locale of locales) {
    const rig = screenRig({ locale });
    const screen = new DayReportScreen(rig.nav);
    screen.resume();
    await settle();
    const onScreen = shown(screen, rig.context());
    const slip = layoutDayReport(
      {
        ...rig.backOffice.report,
        storeName: "台北信義店",
        deviceId: "kiosk-01",
        clerkName: undefined,
        printedAt: now,
        timeZone: "Asia/Taipei",
      },
      32,
    )
      .map((line) => (line.kind === "text" ? line.text : ""))
      .join("\n");
    // The words in the order the screen shows them, found in that order on the slip.
    const words = (text: string, terms: readonly string[]): number[] =>
      terms.map((term) => text.indexOf(term));
    const terms = dayReportTerms[locale];
    const inOrder = [
      ...dayReportFigures.map((figure) => terms.figures[figure]),
      terms.product,
      terms.units,
      terms.redemptions,
      terms.total,
    ];
    const screenAt = words(onScreen, inOrder);
    const slipAt = words(slip, inOrder);
    t.true(
      screenAt.every((at, i) => at >= 0 && (i === 0 || at > (screenAt[i - 1] ?? 0))),
      `${locale} screen: ${screenAt}`,
    );
    t.true(
      slipAt.every((at, i) => at >= 0 && (i === 0 || at > (slipAt[i - 1] ?? 0))),
      `${locale} slip: ${slipAt}`,
    );
  }
});

test("例外清單: * prints the list for a supervisor, and says what became of it (issue 11 item 8)", async (t) => {
  const rig = screenRig();
  rig.backOffice.rows = [
    makeHistoryRow({}, { state: "conflict", sync: "conflict", conflictWith: ["kiosk-01", "kiosk-02"] }),
  ];
  const screen = new ExceptionsScreen(rig.nav);
  screen.resume();
  await settle();
  t.regex(shown(screen, rig.context()), /\* 列印/, "the key hint says how");
  t.deepEqual(press(screen, "*"), [true]);
  await settle();
  t.is(rig.backOffice.argsOf("printExceptions").length, 1);
  t.regex(shown(screen, rig.context()), /✔ 例外清單已送出列印/);
  rig.backOffice.reprintOutcome = "not_permitted";
  press(screen, "p");
  await settle();
  t.is(rig.backOffice.argsOf("printExceptions").length, 2);
  t.regex(shown(screen, rig.context()), /✖ 只有主管可以列印例外清單/);
});

test("裝置狀態 shows the whole KioskStatus, offline reason and clerk included", (t) => {
  const rig = screenRig({ locale: "en" });
  const status = makeStatus({
    online: false,
    offlineReason: "network",
    offlineDetail: "ECONNREFUSED 10.0.0.2:8787",
    pendingSync: 4,
    oldestPendingAgeS: 600,
    exceptions: 2,
    printer: "paper_out",
    clockSynced: false,
    clerk: "王小明",
  });
  const text = shown(new DeviceStatusScreen(() => status), rig.context());
  for (const line of [
    /Ready +yes/,
    /Version +0\.1\.0/,
    /Device +kiosk-01/,
    /Store +台北信義店 \(store-a\)/,
    /Mode +counter/,
    /Central service +Offline \(network\)/,
    /Offline detail +ECONNREFUSED 10\.0\.0\.2:8787/,
    /Pending sync +4/,
    /Oldest pending +10m/,
    /Last sync +2026-11-27 14:02:00/,
    /Exceptions +2/,
    /Scanner +connected/,
    /Printer +paper out/,
    /Clock +⚠ not synchronised/,
    /Clerk +王小明/,
  ]) {
    t.regex(text, line);
  }
});

test("裝置狀態 shows a running download: 下載票券資料 done/total, a bar, the time left", (t) => {
  const rig = screenRig();
  const downloading = makeStatus({ download: { done: 2000, total: 6000, etaS: 130 } });
  t.regex(
    shown(new DeviceStatusScreen(() => downloading), rig.context()),
    /下載票券資料 +2000\/6000 \[###-------\] 33% 約剩 2m/,
  );
  t.notRegex(shown(new DeviceStatusScreen(() => makeStatus()), rig.context()), /下載票券資料/);
});

test("語言 switches at once, each language named in its own script", (t) => {
  const rig = screenRig();
  const screen = new LanguageScreen(rig.nav);
  t.regex(shown(screen, rig.context()), /✔ 中文（台灣）\n {2}English/);
  press(screen, "<down><enter>");
  t.is(rig.locale(), "en");
  t.regex(shown(screen, rig.context()), /Language/);
  t.regex(shown(screen, rig.context()), / {2}中文（台灣）\n✔ English/);
});

test("every counter screen fits 80×24 beside the menu, in both locales", async (t) => {
  for (const locale of locales) {
    const rig = screenRig({ locale });
    rig.backOffice.tickets = Array.from({ length: 30 }, (_, i) =>
      makeTicket({
        code: `LONG-CODE-${1000 + i}`,
        productName: "主題樂園一日票：含園區接駁、午餐與紀念品的超值全日方案",
        variantName: "成人平日",
      }),
    );
    rig.backOffice.rows = Array.from({ length: 30 }, (_, i) =>
      makeHistoryRow(
        { redeemedAt: `2026-11-27T0${i % 10}:00:00Z`, offline: true },
        {
          productName: "主題樂園一日票：含園區接駁、午餐與紀念品的超值全日方案",
          state: "conflict",
          conflictWith: ["kiosk-0002", "kiosk-0003"],
        },
      ),
    );
    const row = rig.backOffice.rows[0] ?? makeHistoryRow();
    const screens: Screen[] = [
      ordersScreen(rig.nav),
      historyScreen(rig.nav),
      new OrderDetailScreen(rig.nav, "#100231"),
      new RedemptionScreen(rig.nav, row),
      new VoidScreen(rig.nav, row),
      new DayReportScreen(rig.nav),
      new ExceptionsScreen(rig.nav),
      new DeviceStatusScreen(() =>
        makeStatus({
          online: false,
          offlineReason: "unauthorized",
          offlineDetail: "401 ".repeat(30),
          clerk: "王小明",
        }),
      ),
      new LanguageScreen(rig.nav),
    ];
    for (const screen of screens) screen.resume?.();
    await settle();
    const context = rig.context();
    for (const screen of screens) {
      const view = screen.view(context);
      const rows =
        view.blocks.reduce(
          (sum, block) =>
            sum + blockLines(block).length + (block.kind === "big" ? 4 : block.kind === "entry" ? 2 : 0),
          0,
        ) +
        view.blocks.length -
        1;
      t.true(rows <= context.rows, `${view.title}: ${rows} rows`);
      for (const line of view.blocks.flatMap(blockLines))
        t.true(line.cells <= context.columns, `${view.title}: ${line.text}`);
    }
  }
});
