import { performance } from "node:perf_hooks";
import test from "ava";
import type { KeyInput } from "../../../ui/blessedUi.js";
import { code, hostile, kiosk } from "./blessedRig.js";

test("the scan screen shows the prompt, the entry line, demo codes and the status bar", async (t) => {
  const k = await kiosk(t);
  const rows = k.ui.snapshot();
  t.is(rows.length, 24);
  t.regex(rows[0] ?? "", /^ 電子票券 ｜ 核銷票券 +台北信義店 $/);
  t.regex(k.screenText(), /請掃描 QR code 或輸入票券代碼，按 Enter 確認送出/);
  t.regex(k.screenText(), /│ {2}票券代碼 {2}_ +│/);
  t.regex(k.screenText(), /QK7R-2M9X-TB4A {2}深層按摩，剩 5 次/);
  t.regex(
    rows[23] ?? "",
    /^ 連線 │ 待同步 0 │ 上次同步 14:02 │ 掃碼槍 ✔ │ 印表機 ✔ │ kiosk-01 │ 14:05:09 +$/,
  );
});

test("a scanned code opens 確認核銷數量; + raises the quantity; Enter redeems and shows 核銷成功 ✔", async (t) => {
  const k = await kiosk(t);
  k.input.write(`${code}\r`);
  await k.shows("確認核銷數量");
  t.regex(k.screenText(), /商品 +深層按摩 60 分鐘券/);
  t.regex(k.screenText(), /票券代碼 +\*{10}TB4A/);
  t.regex(k.screenText(), /顧客 +陳\*\* {2}\*{7}678/);
  t.regex(k.screenText(), /剩餘 \/ 總數 +5 \/ 5/);
  t.regex(k.screenText(), /核銷數量 {2}1/);
  k.input.write("+");
  await k.shows(/核銷數量 {2}2/);
  k.input.write("\x1b[A"); // ↑
  await k.shows(/核銷數量 {2}3/);
  k.input.write("-");
  await k.shows(/核銷數量 {2}2/);
  k.input.write("\r");
  await k.shows("✔ 核銷成功");
  t.deepEqual(k.redeemer.redeemed, [{ code, quantity: 2, source: "scan", clerkId: "c1" }]);
  t.regex(k.screenText(), /本次核銷 +2/);
  t.regex(k.screenText(), /剩餘 \/ 總數 +3 \/ 5/);
  t.regex(k.screenText(), /核銷編號 +1a2b3c4d/);
  t.regex(k.screenText(), /按任意鍵繼續/);
});

test("digits typed on the confirm screen set the quantity; Esc cancels without redeeming", async (t) => {
  const k = await kiosk(t);
  k.input.write(`${code}\r`);
  await k.shows("確認核銷數量");
  await k.type("4");
  await k.shows(/核銷數量 {2}4/);
  await k.type("\x7f"); // Backspace: nothing typed is left, the quantity is
  await k.type("9"); // more than remains: refused, never the maximum
  await k.shows(/✖ 9 超過可核銷上限 5，數量為 4/);
  t.regex(k.screenText(), /核銷數量 {2}4/);
  k.input.write("\x1b");
  await k.shows("核銷票券");
  t.deepEqual(k.redeemer.redeemed, []);
});

test("a wedge scan of the same code while confirming adds one instead of typing a quantity and confirming", async (t) => {
  const k = await kiosk(t);
  k.input.write(`${code}\r`);
  await k.shows("確認核銷數量");
  k.input.write(`${code}\r`);
  await k.shows(/核銷數量 {2}2/);
  await new Promise((resolve) => setTimeout(resolve, 150));
  t.regex(k.screenText(), /確認核銷數量/);
  t.regex(k.screenText(), /核銷數量 {2}2/);
  t.deepEqual(k.redeemer.redeemed, []);
});

test("a refusal shows ✖ and its message", async (t) => {
  const k = await kiosk(t);
  k.input.write("OLD-0001\r");
  await k.shows("✖ 票券已過期");
  k.input.write("NOPE-1234\r"); // a key on the result screen goes back to scanning, and starts the code
  await k.shows("✖ 查無此票券");
  t.regex(k.screenText(), /票券代碼 +\*{5}1234/);
});

test("typing by hand echoes on the entry line; Backspace and Esc edit it; every key reaches the key input", async (t) => {
  const fed: { ch: string; atMs: number }[] = [];
  let cleared = 0;
  const keyInput: KeyInput = {
    feedKey: (ch, atMs) => fed.push({ ch, atMs }),
    clear: () => {
      cleared += 1;
    },
  };
  const k = await kiosk(t, { keyInput });
  await k.type("AB");
  await k.shows(/票券代碼 {2}AB_/);
  await k.type("\x7f");
  await k.shows(/票券代碼 {2}A_ /);
  k.input.write("\x1b");
  await k.shows(/票券代碼 {2}_ /);
  t.is(cleared, 1);
  await k.type("C1\r");
  await k.shows(/票券代碼 {2}_ /);
  t.deepEqual(
    fed.map((key) => key.ch),
    ["A", "B", "\b", "C", "1", "\r"],
  );
  const gaps = fed.slice(1).map((key, i) => key.atMs - (fed[i]?.atMs ?? 0));
  t.true(
    gaps.every((gap) => gap >= 40),
    `typed keys keep their own times: ${gaps}`,
  );
});

test("without a keyboard scanner, Enter submits what was typed as a manual code", async (t) => {
  const k = await kiosk(t, { keyInput: "none" });
  await k.type("OLD-0001\r");
  await k.shows("✖ 票券已過期");
  await k.type("AB12"); // back to scanning, typing
  await k.shows(/票券代碼 {2}AB12_/);
  await k.type("\r");
  await k.shows("確認核銷數量");
  await k.type("+\r"); // keys act at once: no scanner burst to wait for
  await k.shows("✔ 核銷成功");
  t.deepEqual(k.redeemer.inspected, ["OLD-0001", "AB12"]);
  t.deepEqual(k.redeemer.redeemed, [{ code: "AB12", quantity: 2, source: "manual", clerkId: "c1" }]);
});

test("a lookup that lasts shows a spinner, never before 300 ms", async (t) => {
  const k = await kiosk(t);
  const startedMs = performance.now();
  k.input.write("SLOW-0001\r");
  await k.shows(/查詢中… [|/\\-]/);
  t.true(performance.now() - startedMs >= 300);
  await k.shows("確認核銷數量");
});

test("a wedge scan while a code is looked up waits its turn, counted on screen, and then asks to switch", async (t) => {
  const k = await kiosk(t);
  k.input.write("SLOW-0001\r");
  await k.shows("查詢中…");
  k.input.write(`${code}\r`);
  await k.shows("另有 1 筆掃描等待處理");
  await k.shows("切換到剛掃描的新票券？");
  t.regex(k.screenText(), /新票券 +\*+TB4A/);
  t.deepEqual(k.redeemer.redeemed, []);
});

test("hostile names show as plain text and never reach the terminal as escape sequences", async (t) => {
  const k = await kiosk(t);
  k.input.write(`${hostile.code}\r`);
  await k.shows("確認核銷數量");
  t.regex(k.screenText(), /商品 +RED \{red-fg\}tag\{\/red-fg\} 名稱/);
  t.regex(k.screenText(), /顧客 +\{\*{8} {2}\*{7}678/);
  t.false(k.screenText().includes("\x1b"));
  t.false(k.written().includes("pwned"));
  t.false(k.written().includes("\x1b[31mRED"));
});

test("the status bar follows the kiosk: offline with its reason, and the alert line", async (t) => {
  const k = await kiosk(t);
  k.setStatus({
    online: false,
    offlineReason: "unauthorized",
    pendingSync: 3,
    oldestPendingAgeS: 320,
    printer: "paper_out",
  });
  await k.shows("同步已停止：裝置權杖遭拒，請聯絡管理員");
  const rows = k.ui.snapshot();
  t.regex(rows[23] ?? "", /⚠ 離線（權杖遭拒） │ 待同步 3 \(5m\)/);
  t.regex(rows[23] ?? "", /印表機 缺紙/);
});

test("English is the second locale", async (t) => {
  const k = await kiosk(t, { locale: "en" });
  t.regex(k.screenText(), /Scan the QR code or type the ticket code, then press Enter/);
  k.input.write(`${code}\r`);
  await k.shows("Confirm quantity");
  k.input.write("\r");
  await k.shows("✔ Redeemed");
});

test("Ctrl+C asks to quit; stop gives the terminal back", async (t) => {
  const k = await kiosk(t);
  const quit = new Promise<void>((resolve) => k.ui.once("quit", resolve));
  k.input.write("\x03");
  await quit;
  t.true(k.input.isRaw);
  await k.ui.stop();
  await k.ui.stop();
  t.false(k.input.isRaw);
  t.true(k.written().includes("\x1b[?1049l"), "leaves the alternate screen");
  t.true(k.written().includes("\x1b[?25h"), "shows the cursor again");
});

test("another code scanned while confirming asks first: Esc keeps the ticket, Enter switches", async (t) => {
  const k = await kiosk(t);
  k.input.write(`${code}\r`);
  await k.shows("確認核銷數量");
  k.input.write("+");
  await k.shows(/核銷數量 {2}2/);
  k.input.write("AB12\r"); // a wedge scanner's burst: a code, not a quantity and an Enter
  await k.shows("⚠ 切換到剛掃描的新票券？");
  t.regex(k.screenText(), /新票券 +\*{0,4}AB12/);
  t.regex(k.screenText(), /Enter 是，切換　Esc 否，繼續目前票券/);
  k.input.write("\x1b");
  await k.shows("確認核銷數量");
  t.regex(k.screenText(), /核銷數量 {2}2/, "the quantity kept");
  k.input.write("AB12\r");
  await k.shows("⚠ 切換到剛掃描的新票券？");
  await k.type("\r"); // a person's Enter: yes
  await k.shows(/票券代碼 +\*{0,4}AB12/);
  await k.type("\r");
  await k.shows("✔ 核銷成功");
  t.deepEqual(k.redeemer.redeemed, [{ code: "AB12", quantity: 1, source: "scan", clerkId: "c1" }]);
});

test("an unplugged scanner shows on the status bar with what to do, and goes when it is back", async (t) => {
  const k = await kiosk(t);
  k.setStatus({ scanner: "disconnected" });
  await k.shows("⚠ 掃碼槍未連接：請檢查連接線，接回後會自動恢復");
  t.regex(k.ui.snapshot()[23] ?? "", /掃碼槍 未連接/);
  k.setStatus({ scanner: "connected" });
  await k.shows(/掃碼槍 ✔/);
  t.false(k.screenText().includes("掃碼槍未連接"));
});
