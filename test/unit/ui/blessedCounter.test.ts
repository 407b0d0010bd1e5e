/** Counter mode's screens and self-service on a fake terminal: what a clerk or customer sees, keys and mouse. */
import { performance } from "node:perf_hooks";
import test from "ava";
import { displayWidth } from "../../../ui/displayText.js";
import { makeHistoryRow } from "../../helpers/fakeBackOffice.js";
import { makeTicket } from "../../helpers/fixtures.js";
import { code, hostile, kiosk } from "./blessedRig.js";

/** A mouse press, then its release, at a cell (0-based), as an xterm reports them (X10 encoding). */
function mouse(x: number, y: number): [string, string] {
  const at = (button: number) =>
    `\x1b[M${String.fromCharCode(32 + button)}${String.fromCharCode(33 + x)}${String.fromCharCode(33 + y)}`;
  return [at(0), at(3)];
}

/** The cell where `text` starts on a row of the screen. */
function cellOf(row: string, text: string): number {
  return displayWidth(row.slice(0, row.indexOf(text)));
}

test("login on the terminal: the PIN as stars, then 核銷票券 beside the menu", async (t) => {
  const k = await kiosk(t, { clerk: null });
  await k.shows("請輸入店員 PIN 碼，按 Enter 登入");
  t.is(
    k.ui.snapshot().some((row) => row.includes("1 核銷票券")),
    false,
  );
  await k.type("246810");
  await k.shows(/PIN 碼 {2}\*\*\*\*\*\*_/);
  t.false(k.screenText().includes("246810"));
  await k.type("\r");
  await k.shows("請掃描 QR code");
  const rows = k.ui.snapshot();
  t.regex(rows[2] ?? "", /^ 電子票券 +│ 請掃描 QR code/);
  t.regex(rows[3] ?? "", /^ 王小明 +│/);
  t.regex(rows[5] ?? "", /^ 1 核銷票券 │/);
  t.regex(rows[12] ?? "", /^ 8 登出 +│/);
});

test("a mouse click on the menu opens 票券訂單; its columns line up by display width on the real screen", async (t) => {
  const k = await kiosk(t);
  k.backOffice.tickets = [
    makeTicket(),
    makeTicket({
      code: "ABCD-0002",
      orderNumber: "#9",
      productName: "Yoga class",
      customer: { name: "Amy Lin", phone: "0912000111" },
    }),
  ];
  await k.shows("請掃描 QR code");
  const row = k.ui.snapshot().findIndex((line) => line.includes("2 票券訂單"));
  for (const report of mouse(3, row)) {
    k.input.write(report);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await k.shows("全部票券，最新訂單在前");
  const rows = k.ui.snapshot();
  const header = rows.find((line) => line.includes("訂單編號")) ?? "";
  const first = rows.find((line) => line.includes("#100231")) ?? "";
  const second = rows.find((line) => line.includes("Yoga class")) ?? "";
  t.is(cellOf(first, "深層按摩"), cellOf(header, "商品"));
  t.is(cellOf(second, "Yoga class"), cellOf(header, "商品"));
  t.is(cellOf(first, "陳**"), cellOf(header, "顧客"));
  t.is(cellOf(second, "A****** ***111"), cellOf(header, "顧客"));
  t.is(cellOf(first, "可核銷"), cellOf(second, "可核銷"));
});

test("a search that takes a while shows a spinner after 300 ms, and the screen keeps taking keys", async (t) => {
  const k = await kiosk(t);
  k.backOffice.delayMs = 1500;
  await k.shows("請掃描 QR code");
  const startedMs = performance.now();
  k.input.write("\x1b");
  await k.type("3");
  await k.type("\r");
  await k.shows(/載入中… [|/\\-]/);
  t.true(performance.now() - startedMs >= 300);
  k.input.write("\x1b");
  await k.shows("↑↓ 或數字 選擇　Enter 開啟");
  await k.shows("沒有符合的資料");
});

test("核銷紀錄 on a large screen: more rows per page, hostile names as plain text, nothing written raw", async (t) => {
  const k = await kiosk(t, { columns: 160, rows: 50 });
  k.backOffice.rows = Array.from({ length: 60 }, (_, i) =>
    makeHistoryRow(
      { redeemedAt: new Date(Date.UTC(2026, 10, 27, 5, 59 - i)).toISOString() },
      { productName: hostile.productName },
    ),
  );
  await k.shows("請掃描 QR code");
  k.input.write("\x1b");
  await k.type("3");
  await k.type("\r");
  await k.shows("第 1 頁　→ 下一頁");
  t.like(k.backOffice.argsOf("history").at(-1)?.[0] as object, { page: 0, pageSize: 40 });
  t.regex(k.screenText(), /RED \{red-fg\}tag\{\/red-fg\} 名稱/);
  t.false(k.written().includes("pwned"));
  t.false(k.written().includes("\x1b[31mRED"));
});

test("self-service on the terminal: no menu, big digits for the quantity, `*` for the supervisor", async (t) => {
  const k = await kiosk(t, { clerk: null, mode: "self-service" });
  await k.shows("請將票券的 QR code");
  t.false(k.screenText().includes("核銷票券 │"));
  k.input.write(`${code}\r`);
  await k.shows("確認核銷數量");
  await k.shows(/██████/);
  t.false(/陳\*\*|#100231/.test(k.screenText()));
  k.input.write("\x1b");
  await k.shows("請將票券的 QR code");
  await k.type("*");
  await k.shows("請輸入主管 PIN 碼，按 Enter 開啟選單");
});

test("self-service by touch: ＋ raises the quantity, 確認核銷 redeems, 繼續 goes back to scanning", async (t) => {
  const k = await kiosk(t, { clerk: null, mode: "self-service" });
  await k.shows("請將票券的 QR code");
  k.input.write(`${code}\r`);
  await k.shows("確認核銷");
  const touch = async (label: string) => {
    const rows = k.ui.snapshot();
    // The buttons' row: the label inside its frame (the title and the key hints name it too).
    const y = rows.findIndex((row) => row.includes(`│  ${label}  │`));
    for (const report of mouse(cellOf(rows[y] ?? "", label), y)) {
      k.input.write(report);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await touch("＋");
  await touch("＋");
  // A big 3: full, right, full, right, full.
  await k.shows(/██████ *\n +██ *\n +██████ *\n +██ *\n +██████/);
  await touch("確認核銷");
  await k.shows("✔ 核銷成功");
  t.deepEqual(k.redeemer.redeemed, [{ code, quantity: 3, source: "scan", clerkId: undefined }]);
  await touch("繼續");
  await k.shows("請將票券的 QR code");
});

test("English everywhere after 語言, menu included", async (t) => {
  const k = await kiosk(t);
  await k.shows("請掃描 QR code");
  k.input.write("\x1b");
  await k.type("7");
  await k.type("\r");
  await k.shows("中文（台灣）");
  k.input.write("\x1b[B");
  await k.type("\r");
  await k.shows("1 Redeem");
  t.regex(k.screenText(), /E-tickets ｜ Language/);
  t.regex(k.screenText(), /Online │ Pending 0/);
});
