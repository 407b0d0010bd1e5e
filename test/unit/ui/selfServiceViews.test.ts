import test from "ava";
import type { SessionScreen } from "../../../device/kioskSession.js";
import { bigDigits } from "../../../ui/bigDigits.js";
import { displayWidth } from "../../../ui/displayText.js";
import { presentStatus } from "../../../ui/presenters.js";
import { presentSelfService } from "../../../ui/selfServicePresenter.js";
import { makeStatus, makeTicket } from "../../helpers/fixtures.js";
import { allText, shownLines } from "./viewLines.js";

const now = new Date("2026-11-27T06:05:09Z");
const context = { locale: "zh-TW" as const, timeZone: "Asia/Taipei", now, columns: 78 };
const ticket = makeTicket({ variantName: "平日" });

const okResult: Extract<SessionScreen, { kind: "result" }> = {
  kind: "result",
  decision: {
    outcome: "ok",
    code: ticket.code,
    quantity: 1,
    ticket,
    remaining: 4,
    redemption: undefined,
    offline: false,
  },
};

test("the status bar names the clerk logged in, and drops it before what matters more", (t) => {
  const status = makeStatus({ now: now.toISOString(), clerk: "王小明" });
  const wide = presentStatus(status, { ...context, columns: 100 });
  t.regex(wide.line, /kiosk-01 │ 店員 王小明 │ 14:05:09/);
  const narrow = presentStatus(
    makeStatus({
      ...status,
      online: false,
      offlineReason: "network",
      pendingSync: 12,
      oldestPendingAgeS: 900,
    }),
    {
      ...context,
      columns: 70,
    },
  );
  t.is(displayWidth(narrow.line), 70);
  t.false(narrow.line.includes("王小明"));
  t.regex(narrow.line, /離線（網路） │ 待同步 12 \(15m\)/);
  t.regex(narrow.line, /14:05:09/);
  t.regex(presentStatus(status, { ...context, locale: "en", columns: 120 }).line, /Clerk 王小明/);
});

test("big digits: five rows, every row as wide, two cells a pixel", (t) => {
  const rows = bigDigits(12);
  t.is(rows.length, 5);
  t.deepEqual(new Set(rows.map(displayWidth)), new Set([14]));
  t.deepEqual(rows, [
    "  ██    ██████",
    "████        ██",
    "  ██    ██████",
    "  ██    ██    ",
    "██████  ██████",
  ]);
});

test("self-service confirm: the ticket and the quantity in big type; nothing about the order or the customer", (t) => {
  const screen: SessionScreen = {
    kind: "confirm",
    code: ticket.code,
    source: "scan",
    ticket,
    remaining: 4,
    quantity: 2,
    maxQuantity: 2,
  };
  const view = presentSelfService(screen, context, true);
  const text = allText(view);
  t.regex(text, /商品 +深層按摩 60 分鐘券 \/ 平日/);
  t.regex(text, /剩餘 \/ 總數 +4 \/ 5/);
  t.regex(
    text,
    /██████\n {4}██\n██████\n██ {4}\n██████\n核銷數量　可核銷 1 ～ 2\n\[ － \] {2}\[ ＋ \] {2}\[ 確認核銷 \] {2}\[ 取消 \]/,
  );
  t.false(/陳|0912|#100231|訂單|顧客/.test(text));
  t.regex(view.keys, /\+ \/ - 調整數量　Enter 確認核銷　Esc 取消/);
  t.true(shownLines(view).every((line) => line.cells <= 78));
});

test("self-service result: a glyph and the outcome big; take the slip only when one prints", (t) => {
  const ok: SessionScreen = {
    kind: "result",
    decision: {
      outcome: "ok",
      code: ticket.code,
      quantity: 2,
      ticket,
      remaining: 2,
      redemption: undefined,
      offline: false,
    },
  };
  t.regex(allText(presentSelfService(ok, context, true)), /✔ 核銷成功\n請取走核銷單/);
  t.false(allText(presentSelfService(ok, context, false)).includes("請取走核銷單"));
  const refused: SessionScreen = {
    kind: "result",
    decision: {
      outcome: "expired",
      code: ticket.code,
      quantity: 0,
      ticket,
      remaining: 5,
      redemption: undefined,
      offline: false,
    },
  };
  const view = presentSelfService(refused, { ...context, locale: "en" }, true);
  t.like(view.blocks[0], { kind: "big", tone: "refused" });
  t.regex(allText(view), /✖ Ticket expired/);
  t.regex(allText(presentSelfService({ kind: "scan" }, context, true)), /請將票券的 QR code\n對準掃描器/);
});

test("self-service: a refusal tells the customer where to go next; so does a slip that did not print", (t) => {
  const refused: SessionScreen = {
    kind: "result",
    decision: { ...okResult.decision, outcome: "fully_redeemed", quantity: 0, remaining: 0 },
  };
  t.regex(allText(presentSelfService(refused, context, true)), /✖ 票券已全數核銷\n請洽櫃台人員/);
  t.regex(allText(presentSelfService(refused, { ...context, locale: "en" }, true)), /Please ask staff/);
  const noSlip = presentSelfService({ ...okResult, slipWaiting: true }, context, true);
  t.regex(allText(noSlip), /✔ 核銷成功\n核銷單未能列印，請洽櫃台人員/);
  t.false(allText(noSlip).includes("請取走核銷單"));
});

test("self-service: scans waiting behind the one shown are counted on screen", (t) => {
  const working: SessionScreen = { kind: "working", code: ticket.code, step: "commit" };
  t.regex(
    allText(presentSelfService(working, { ...context, waitingScans: 2 }, true)),
    /另有 2 筆掃描等待處理/,
  );
  t.false(allText(presentSelfService(working, context, true)).includes("等待處理"));
});
