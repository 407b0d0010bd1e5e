import test from "ava";
import type { OfflineReason } from "../../../device/connectivity.js";
import { type Outcome, outcomes, type Ticket } from "../../../device/domain.js";
import type { SessionScreen } from "../../../device/kioskSession.js";
import type { KioskStatus } from "../../../device/kioskStatus.js";
import { type DecisionResult, decisionDetails } from "../../../device/redemptionService.js";
import { displayWidth } from "../../../ui/displayText.js";
import { catalogues, type Locale, locales } from "../../../ui/messages.js";
import {
  headerLine,
  outcomeLook,
  presentScreen,
  presentStatus,
  type ScreenContext,
} from "../../../ui/presenters.js";
import { makeStatus, makeTicket } from "../../helpers/fixtures.js";
import { allText, shownLines } from "./viewLines.js";

const now = new Date("2026-11-27T06:05:09Z"); // 14:05:09 in Taipei
const context = (locale: Locale = "zh-TW", overrides: Partial<ScreenContext> = {}): ScreenContext => ({
  locale,
  timeZone: "Asia/Taipei",
  now,
  typed: "",
  columns: 78,
  ...overrides,
});

const hostileName = "\x1b[31mRED\x1b[0m {red-fg}tag{/red-fg} \x1b]0;pwned\x07名稱";

function confirmScreen(ticket: Ticket = makeTicket({ variantName: "平日" })): SessionScreen {
  return {
    kind: "confirm",
    code: ticket.code,
    source: "scan",
    ticket,
    remaining: 4,
    quantity: 2,
    maxQuantity: 4,
  };
}

function decision(outcome: Outcome, overrides: Partial<DecisionResult> = {}): DecisionResult {
  return {
    outcome,
    code: "QK7R-2M9X-TB4A",
    quantity: 2,
    ticket: makeTicket(),
    remaining: 3,
    redemption: undefined,
    offline: false,
    ...overrides,
  };
}

function status(overrides: Partial<KioskStatus> = {}): KioskStatus {
  return makeStatus({ now: now.toISOString(), ...overrides });
}

test("every outcome has a message in both locales, distinct per locale, and a glyph", (t) => {
  for (const outcome of outcomes) {
    const zh = catalogues["zh-TW"].outcome[outcome];
    const en = catalogues.en.outcome[outcome];
    t.true(zh.length > 0 && en.length > 0, outcome);
    t.not(zh, en, outcome);
    t.true(["✔", "✖", "⚠"].includes(outcomeLook(outcome, false).glyph), outcome);
  }
  t.is(catalogues["zh-TW"].outcome.ok, "核銷成功");
  t.is(catalogues["zh-TW"].outcome.fully_redeemed, "票券已全數核銷");
  t.is(catalogues["zh-TW"].outcome.wrong_store, "此票券不適用於本門市");
  t.is(catalogues["zh-TW"].outcome.offline_refused, "離線中，無法核銷此數量");
});

test("the result screen shows glyph and message of every outcome, in both locales, within 80 columns", (t) => {
  for (const locale of locales) {
    for (const outcome of outcomes) {
      const view = presentScreen({ kind: "result", decision: decision(outcome) }, context(locale));
      const look = outcomeLook(outcome, false);
      const big = view.blocks.find((b) => b.kind === "big");
      t.deepEqual(
        big?.kind === "big" && big.lines[0],
        `${look.glyph} ${catalogues[locale].outcome[outcome]}`,
      );
      for (const line of shownLines(view)) t.true(line.cells <= 78, `${locale} ${outcome}: ${line.text}`);
    }
  }
});

test("tones: green ok, red refusals, amber for offline and after-sync verdicts", (t) => {
  t.deepEqual(outcomeLook("ok", false), { glyph: "✔", tone: "ok" });
  t.deepEqual(outcomeLook("ok", true), { glyph: "✔", tone: "attention" });
  for (const outcome of ["offline_refused", "conflict", "rejected"] as const) {
    t.deepEqual(outcomeLook(outcome, false), { glyph: "⚠", tone: "attention" });
  }
  t.deepEqual(outcomeLook("expired", false), { glyph: "✖", tone: "refused" });
});

test("an ok taken offline says so on an extra OFFLINE line; units, remaining and short id are shown", (t) => {
  const redemption = { id: "1a2b3c4d-5e6f-4a00-8b00-000000000001" } as DecisionResult["redemption"];
  const view = presentScreen(
    { kind: "result", decision: decision("ok", { offline: true, redemption }) },
    context(),
  );
  const big = view.blocks[0];
  t.deepEqual(big, { kind: "big", lines: ["✔ 核銷成功", "離線 OFFLINE"], tone: "attention" });
  const text = allText(view);
  t.regex(text, /本次核銷\s+2/);
  t.regex(text, /剩餘 \/ 總數\s+3 \/ 5/);
  t.regex(text, /核銷編號\s+1a2b3c4d$/m);
  t.false(text.includes("1a2b3c4d-5e6f"));
  t.is(view.keys, "按任意鍵繼續");
});

test("every reason code of the closed set has words in both catalogues, and a result shows the words", (t) => {
  for (const detail of decisionDetails) {
    for (const locale of locales) {
      const words = catalogues[locale].reason[detail];
      t.true(words.trim() !== "" && words !== detail, `${locale} says ${detail} in words`);
      const view = presentScreen(
        { kind: "result", decision: decision("offline_refused", { detail }) },
        context(locale),
      );
      t.true(allText(view).includes(words), `${locale} result for ${detail}`);
      const reasonRow = allText(view)
        .split("\n")
        .find((line) => /^(原因|Reason) /.test(line));
      t.is(reasonRow?.replace(/^(原因|Reason) +/, "").trim(), words, `no raw ${detail} on screen`);
    }
  }
  for (const detail of decisionDetails)
    t.not(catalogues["zh-TW"].reason[detail], catalogues.en.reason[detail]);
  const quantity = presentScreen(
    { kind: "result", decision: decision("offline_refused", { detail: "quantity" }) },
    context("zh-TW"),
  );
  t.regex(allText(quantity), /原因\s+超過離線時單次可核銷的數量/);
});

test("the confirm screen masks code, name and phone and dates validity in the store's time zone", (t) => {
  const ticket = makeTicket({
    variantName: "平日",
    validFrom: "2026-10-31T16:00:00Z", // midnight on 1 November in Taipei
    validUntil: "2027-10-31T23:59:59+08:00",
  });
  const view = presentScreen(confirmScreen(ticket), context());
  const text = allText(view);
  t.is(view.title, "電子票券 ｜ 確認核銷數量");
  t.regex(text, /商品\s+深層按摩 60 分鐘券 \/ 平日/);
  t.regex(text, /訂單編號\s+#100231/);
  t.regex(text, /票券代碼\s+\*{10}TB4A/);
  t.regex(text, /顧客\s+陳\*\* {2}\*{7}678/);
  t.regex(text, /有效期間\s+2026-11-01 ～ 2027-10-31/);
  t.regex(text, /剩餘 \/ 總數\s+4 \/ 5/);
  t.false(text.includes("QK7R-2M9X-TB4A"));
  t.false(text.includes("陳怡君"));
  t.false(text.includes("0912345678"));
  t.deepEqual(view.blocks[1], { kind: "big", lines: ["核銷數量  2", "可核銷 1 ～ 4"], tone: "neutral" });
  t.is(view.keys, "↑/↓ 或 +/- 或數字 調整數量　Enter 確認　Esc 取消");
});

test("open-ended validity reads as such", (t) => {
  const text = (ticket: Ticket) => allText(presentScreen(confirmScreen(ticket), context("en")));
  const { validFrom: _from, validUntil: _until, ...open } = makeTicket();
  t.regex(text(open), /Valid\s+any time/);
  t.regex(text({ ...open, validUntil: "2027-10-31T23:59:59+08:00" }), /Valid\s+until 2027-10-31/);
});

test("a product name full of escape sequences and tags comes out as plain text", (t) => {
  const ticket = makeTicket({
    productName: hostileName,
    customer: { name: "\x1b[5m王小明", phone: "0912-345-678" },
  });
  const text = allText(presentScreen(confirmScreen(ticket), context()));
  t.regex(text, /商品\s+RED \{red-fg\}tag\{\/red-fg\} 名稱$/m);
  t.regex(text, /顧客\s+王\*\* {2}\*{7}678/);
  const controls = [...text].filter((ch) => ch !== "\n" && /\p{Cc}/u.test(ch));
  t.deepEqual(controls, []);
});

test("long names are cut to the width, on both locales and every screen", (t) => {
  const ticket = makeTicket({
    productName: "超長商品名稱".repeat(30),
    variantName: "規格".repeat(40),
    orderNumber: "#".repeat(64),
  });
  const screens: SessionScreen[] = [
    { kind: "scan" },
    { kind: "working", code: ticket.code, step: "lookup" },
    confirmScreen(ticket),
    { kind: "result", decision: decision("ok", { ticket, offline: true }) },
  ];
  for (const locale of locales) {
    for (const screen of screens) {
      const view = presentScreen(
        screen,
        context(locale, {
          typed: "X".repeat(200),
          hints: [{ code: "A".repeat(40), hint: { "zh-TW": "說明".repeat(30), en: "hint ".repeat(30) } }],
        }),
      );
      for (const line of shownLines(view)) t.true(line.cells <= 78, `${locale} ${screen.kind}: ${line.text}`);
      t.true(displayWidth(view.keys) <= 78);
    }
  }
});

test("the scan screen prompts, echoes what is typed and lists demo codes in the locale", (t) => {
  const hints = [{ code: "QK7R-2M9X-TB4A", hint: { "zh-TW": "深層按摩，剩 5 次", en: "massage, 5 left" } }];
  const view = presentScreen({ kind: "scan" }, context("zh-TW", { typed: "QK7R", hints }));
  t.is(view.title, "電子票券 ｜ 核銷票券");
  t.deepEqual(view.blocks[0], { kind: "lines", lines: ["請掃描 QR code 或輸入票券代碼，按 Enter 確認送出"] });
  t.deepEqual(view.blocks[1], { kind: "entry", line: "票券代碼  QK7R_" });
  t.deepEqual(view.blocks[2], {
    kind: "lines",
    lines: ["試用代碼（示範資料）", "  QK7R-2M9X-TB4A  深層按摩，剩 5 次"],
  });
  const en = presentScreen({ kind: "scan" }, context("en", { hints }));
  t.true(allText(en).includes("QK7R-2M9X-TB4A  massage, 5 left"));
  t.is(presentScreen({ kind: "scan" }, context()).blocks.length, 2);
});

test("the working screen says what is going on and asks for a spinner", (t) => {
  const lookup = presentScreen({ kind: "working", code: "QK7R-2M9X-TB4A", step: "lookup" }, context());
  const commit = presentScreen({ kind: "working", code: "QK7R-2M9X-TB4A", step: "commit" }, context());
  t.true(lookup.busy);
  t.deepEqual(lookup.blocks[0], { kind: "big", lines: ["查詢中…"], tone: "neutral", spinner: true });
  t.deepEqual(commit.blocks[0], { kind: "big", lines: ["核銷中…"], tone: "neutral", spinner: true });
});

test("status bar, all well: online, pending, last sync, devices and the clock in Taipei, 80 columns", (t) => {
  const view = presentStatus(status(), context("zh-TW", { columns: 80 }));
  t.is(displayWidth(view.line), 80);
  t.is(view.tone, "neutral");
  t.is(view.alert, undefined);
  t.regex(view.line, /^ 連線 │ 待同步 0 │ 上次同步 14:02 │ 掃碼槍 ✔ │ 印表機 ✔ │ kiosk-01 │ 14:05:09 +$/);
  t.is(view.store, "台北信義店");
  const wide = presentStatus(status(), context("en", { columns: 120 }));
  t.is(
    wide.line.trim(),
    "Online │ Pending 0 │ Last sync 14:02 │ Scanner connected │ Printer ready │ kiosk-01 │ 14:05:09",
  );
});

test("status bar in trouble keeps what matters within 80 columns, in both locales", (t) => {
  const trouble = status({
    online: false,
    offlineReason: "unauthorized",
    pendingSync: 1234,
    oldestPendingAgeS: 3 * 86_400,
    scanner: "disconnected",
    printer: "paper_out",
    clockSynced: false,
    deviceId: "a-very-long-device-identifier-0001",
  });
  for (const locale of locales) {
    const view = presentStatus(trouble, context(locale, { columns: 80 }));
    t.is(displayWidth(view.line), 80, view.line);
    t.is(view.tone, "refused");
    t.true(view.line.includes(catalogues[locale].scannerState.disconnected), view.line);
    t.true(view.line.includes(catalogues[locale].printerState.paper_out), view.line);
    t.true(view.line.includes("1234"), view.line);
    t.true(view.line.includes("⚠ 14:05:09"), view.line);
  }
  t.is(presentStatus(trouble, context()).alert, "⚠ 同步已停止：裝置權杖遭拒，請聯絡管理員");
  t.regex(
    presentStatus(trouble, context("en")).alert ?? "",
    /Syncing stopped: the device token was refused\. Call the administrator/,
  );
});

test("every offline reason has a sentence and a short form in both locales", (t) => {
  const reasons: OfflineReason[] = [
    "starting",
    "timeout",
    "network",
    "server",
    "unauthorized",
    "rate_limited",
    "bad_answer",
  ];
  for (const locale of locales) {
    for (const reason of reasons) {
      const view = presentStatus(
        status({ online: false, offlineReason: reason, pendingSync: 3, oldestPendingAgeS: 320 }),
        context(locale, { columns: 80 }),
      );
      t.is(view.alert, `⚠ ${catalogues[locale].offlineReason[reason]}`);
      t.true(view.line.includes(catalogues[locale].offlineShort[reason]), view.line);
      t.true(view.line.includes("3 (5m)"), view.line);
      t.not(view.tone, "neutral");
    }
  }
});

test("the header puts the title left and the store right, whatever the widths", (t) => {
  const view = presentScreen({ kind: "scan" }, context());
  const bar = presentStatus(status({ storeName: "台北信義店\x1b[2J" }), context());
  const line = headerLine(view, bar, 80);
  t.is(displayWidth(line), 80);
  t.regex(line, /^ 電子票券 ｜ 核銷票券 +台北信義店 $/);
  const crowded = headerLine(view, presentStatus(status({ storeName: "店".repeat(80) }), context()), 40);
  t.is(displayWidth(crowded), 40);
});

test("a decision the central service did not judge gives its reason in words, never the code", (t) => {
  for (const [outcome, detail, zh, en] of [
    [
      "not_authorized",
      "scope_mismatch",
      "權杖與本機設定的裝置或門市不符",
      "the token is for another device or store",
    ],
    ["not_authorized", "token_missing", "找不到裝置權杖檔案", "the device token file is missing"],
    [
      "central_error",
      "bad_request",
      "中央系統判定請求有誤",
      "the central service found the request malformed",
    ],
    ["rejected", "unknown_clerk", "中央系統查無此店員", "the central service does not know this clerk"],
  ] as const) {
    const shown = (locale: Locale) =>
      shownLines(presentScreen({ kind: "result", decision: decision(outcome, { detail }) }, context(locale)))
        .map((line) => line.text)
        .join("\n");
    t.true(shown("zh-TW").includes(zh), `${detail} in zh-TW`);
    t.true(shown("en").includes(en), `${detail} in en`);
    t.false(shown("zh-TW").includes(detail), `no ${detail} on screen`);
  }
});

test("a setup fault says which on the status bar: a token for another device or store, a missing token file", (t) => {
  for (const [reason, alert, short] of [
    ["scope_mismatch", "⚠ 同步已停止：權杖與本機設定的裝置或門市不符，請聯絡管理員", "權杖不符"],
    ["token_missing", "⚠ 同步已停止：找不到裝置權杖檔案，請聯絡管理員", "缺權杖檔"],
  ] as const) {
    const view = presentStatus(
      status({ online: false, offlineReason: reason }),
      context("zh-TW", { columns: 80 }),
    );
    t.is(view.alert, alert);
    t.true(view.line.includes(short), view.line);
    t.false(view.line.includes("權杖遭拒"), "not called a refused token");
  }
});
