import test, { type ExecutionContext } from "ava";
import type { ClerkSession } from "../../../device/backOffice.js";
import { KioskSession } from "../../../device/kioskSession.js";
import { silentLogger } from "../../../device/logger.js";
import { KeyboardScanner } from "../../../drivers/scanner/keyboardScanner.js";
import { KioskApp } from "../../../ui/kioskApp.js";
import type { AppView } from "../../../ui/view.js";
import { FakeBackOffice, supervisor } from "../../helpers/fakeBackOffice.js";
import { makeStatus } from "../../helpers/fixtures.js";
import { RecordingRedeemer } from "../../helpers/recordingRedeemer.js";
import { keysOf, now, settle } from "./screenRig.js";
import { allText } from "./viewLines.js";

const code = "QK7R-2M9X-TB4A";

interface AppOptions {
  readonly mode?: "counter" | "self-service";
  readonly clerk?: ClerkSession;
  readonly clerkIdleTimeoutMs?: number;
}

function appRig(
  t: ExecutionContext,
  { mode = "counter", clerk, clerkIdleTimeoutMs = 60_000 }: AppOptions = {},
) {
  const backOffice = new FakeBackOffice(() => now.getTime());
  if (clerk !== undefined) backOffice.signIn(clerk);
  const redeemer = new RecordingRedeemer();
  const session = new KioskSession({
    redeemer,
    confirm: "ask",
    resultTimeoutMs: 60_000,
    clerkId: () => backOffice.currentClerk()?.id,
    requireClerk: mode === "counter",
    ...(mode === "self-service" ? { maxUnits: 2, idleTimeoutMs: 60_000 } : {}),
  });
  const scanner = new KeyboardScanner({ logger: silentLogger });
  scanner.on("scan", (scanned) => session.submitCode(scanned));
  const app = new KioskApp({
    session,
    backOffice,
    status: () => makeStatus(),
    mode,
    keyInput: scanner,
    locale: "zh-TW",
    timeZone: "Asia/Taipei",
    pinHints: [{ pin: supervisor.pin, name: supervisor.name, role: "supervisor" }],
    idleTimeoutMs: 60_000,
    clerkIdleTimeoutMs,
    now: () => now,
  });
  app.resize(80, 24);
  app.start();
  t.teardown(() => {
    app.stop();
    session.stop();
  });
  let clockMs = 0;
  /** Keys one by one: a person (100 ms apart) or a scanner's burst (2 ms apart); then the keyboard goes quiet. */
  const type = async (text: string, gapMs = 100) => {
    for (const key of keysOf(text)) {
      clockMs += gapMs;
      app.key(key, clockMs);
    }
    await new Promise((resolve) => setTimeout(resolve, 70));
    await settle();
  };
  const scan = (text: string) => type(`${text}<enter>`, 2);
  const view = (): AppView => app.view();
  const text = () => allText(view().body);
  const menu = () => (view().menu?.items ?? []).map((item) => item.label);
  return { app, backOffice, session, redeemer, type, scan, view, text, menu };
}

test("counter mode starts at the login screen; a supervisor's PIN opens 核銷票券 beside the full menu", async (t) => {
  const k = appRig(t);
  t.regex(k.text(), /店員登入/);
  t.is(k.view().menu, undefined, "no menu before anyone logs in");
  await k.type("246810<enter>");
  t.regex(k.text(), /請掃描 QR code/);
  t.deepEqual(k.menu(), [
    "1 核銷票券",
    "2 票券訂單",
    "3 核銷紀錄",
    "4 日結",
    "5 例外清單",
    "6 裝置狀態",
    "7 語言",
    "8 登出",
  ]);
  t.is(k.view().menu?.clerk, "王小明");
});

test("a clerk with the redeem role gets 核銷票券, 核銷紀錄 and 登出 only", async (t) => {
  const k = appRig(t);
  await k.type("1357<enter>");
  t.deepEqual(k.menu(), ["1 核銷票券", "2 核銷紀錄", "3 登出"]);
});

test("a ticket scanned at the login screen is no PIN attempt: it is turned away with a word", async (t) => {
  const k = appRig(t);
  await k.scan("1234");
  t.deepEqual(k.backOffice.argsOf("login"), []);
  t.regex(k.text(), /⚠ 請先登入，再核銷票券/);
  t.is(k.session.screen().kind, "scan");
});

test("Esc from an empty scan screen goes to the menu; a digit chooses, Enter opens; Esc walks back; 登出 returns to login", async (t) => {
  const k = appRig(t, { clerk: supervisor });
  await k.type("<esc>");
  t.is(k.view().menu?.selected, 0);
  t.regex(k.view().body.keys, /↑↓ 或數字 選擇　Enter 開啟/);
  await k.type("2");
  t.is(k.view().menu?.selected, 1, "a digit moves the cursor and opens nothing");
  t.notRegex(k.view().body.title, /票券訂單/);
  await k.type("<enter>");
  t.regex(k.view().body.title, /票券訂單/);
  t.is(k.view().menu?.selected, undefined, "the keys are the screen's now");
  await k.type("<esc><down><enter>");
  t.regex(k.view().body.title, /核銷紀錄/);
  await k.type("<esc>8<enter>");
  t.regex(k.text(), /店員登入/);
  t.is(k.backOffice.currentClerk(), undefined);
});

test("a scan on another screen brings the ticket forward; after it the screen is back, reloaded", async (t) => {
  const k = appRig(t, { clerk: supervisor });
  await k.type("<esc>2<enter>");
  const searches = k.backOffice.argsOf("searchTickets").length;
  await k.scan(code);
  t.regex(k.view().body.title, /確認核銷數量/);
  t.truthy(k.view().menu, "the menu stays beside the flow");
  await k.type("<esc>");
  t.regex(k.view().body.title, /票券訂單/);
  t.true(k.backOffice.argsOf("searchTickets").length > searches);
});

test("redeem from 未核銷: the normal confirm screen, source order-detail, the clerk recorded, back to the order", async (t) => {
  const k = appRig(t, { clerk: supervisor });
  await k.type("<esc>2<enter>");
  await k.type("<enter>");
  t.regex(k.view().body.title, /詳細訂單內容/);
  await k.type("<enter>");
  t.regex(k.view().body.title, /確認核銷數量/);
  await k.type("+<enter>");
  t.deepEqual(k.redeemer.redeemed, [{ code, quantity: 2, source: "order-detail", clerkId: "c1" }]);
  t.regex(k.text(), /✔ 核銷成功/);
  const details = k.backOffice.argsOf("orderDetail").length;
  await k.type("<esc>");
  t.regex(k.view().body.title, /詳細訂單內容/);
  t.is(k.backOffice.argsOf("orderDetail").length, details + 1);
});

test("a click on the menu opens its item; 語言 switches the whole screen", async (t) => {
  const k = appRig(t, { clerk: supervisor });
  k.app.click("menu", { target: "menu", index: 6 });
  await settle();
  t.regex(k.view().body.title, /語言/);
  await k.type("<down><enter>");
  t.is(k.view().locale, "en");
  t.is(k.menu()[0], "1 Redeem");
  t.regex(k.view().body.title, /Language/);
});

test("self-service: the customer's screen in big type, no menu; `*` asks for a supervisor's PIN", async (t) => {
  const k = appRig(t, { mode: "self-service" });
  t.true(k.view().large);
  t.is(k.view().menu, undefined);
  t.regex(k.text(), /請將票券的 QR code\n對準掃描器/);
  await k.scan(code);
  t.regex(k.text(), /確認核銷數量[\s\S]*\n[ █]+\n[ █]+\n/);
  t.regex(k.text(), /可核銷 1 ～ 2/, "capped by the merchant");
  t.false(/訂單編號|顧客/.test(k.text()), "nothing about the order or the customer");
  await k.type("<esc>*");
  t.regex(k.text(), /主管登入/);
  t.false(k.view().large);
  await k.type("1357<enter>");
  t.regex(k.text(), /✖ 只有主管可以開啟選單/);
  await k.type("246810<enter>");
  t.is(k.view().menu?.selected, 0, "a supervisor comes for the menu");
  await k.type("8<enter>");
  t.true(k.view().large, "logging out returns to self-service");
  t.is(k.backOffice.currentClerk(), undefined);
});

test("self-service: a supervisor who walks away is logged out; Esc closes the PIN screen", async (t) => {
  const k = appRig(t, { mode: "self-service", clerkIdleTimeoutMs: 150 });
  await k.type("*<esc>");
  t.true(k.view().large);
  await k.type("*246810<enter>");
  t.false(k.view().large);
  await new Promise((resolve) => setTimeout(resolve, 250));
  t.true(k.view().large);
  t.is(k.backOffice.currentClerk(), undefined);
});

test("a customer's scan closes a supervisor PIN screen left open", async (t) => {
  const k = appRig(t, { mode: "self-service" });
  await k.type("*");
  await k.scan(code);
  t.regex(k.text(), /確認核銷數量/);
  t.true(k.view().large);
});
