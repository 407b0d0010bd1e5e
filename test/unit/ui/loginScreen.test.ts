import test from "ava";
import type { ClerkSession } from "../../../device/backOffice.js";
import { LoginScreen, type LoginScreenOptions } from "../../../ui/screens/loginScreen.js";
import { redeemClerk, supervisor } from "../../helpers/fakeBackOffice.js";
import { now, press, screenRig, settle, shown } from "./screenRig.js";

function login(options: Partial<LoginScreenOptions> = {}, locale: "zh-TW" | "en" = "zh-TW") {
  const rig = screenRig({ clerk: null, locale });
  const loggedIn: ClerkSession[] = [];
  const screen = new LoginScreen(rig.nav, {
    supervisorOnly: false,
    onLogin: (clerk) => loggedIn.push(clerk),
    ...options,
  });
  return { ...rig, screen, loggedIn, text: () => shown(screen, rig.context()) };
}

test("the PIN shows as stars; only digits are taken; Enter logs the clerk in", async (t) => {
  const k = login();
  t.regex(k.text(), /請輸入店員 PIN 碼，按 Enter 登入/);
  press(k.screen, "2a4-6");
  t.regex(k.text(), /PIN 碼 {2}\*\*\*_/);
  t.false(k.text().includes("246"), "the digits themselves are never shown");
  press(k.screen, "810<enter>");
  await settle();
  t.deepEqual(k.backOffice.argsOf("login"), [["246810"]]);
  t.deepEqual(k.loggedIn, [{ id: "c1", name: "王小明", role: "supervisor" }]);
});

test("a wrong PIN says how many tries are left; a locked keypad says until when, in the store's time", async (t) => {
  const k = login();
  press(k.screen, "1111<enter>");
  await settle();
  t.regex(k.text(), /✖ PIN 碼錯誤，還可再試 4 次/);
  t.regex(k.text(), /PIN 碼 {2}_/, "the wrong PIN is cleared");
  k.backOffice.lockedUntilMs = now.getTime() + 30_000;
  press(k.screen, "246810<enter>");
  await settle();
  t.regex(k.text(), /✖ 錯誤次數過多，已鎖定至 14:05:39，請稍後再試/);
  t.deepEqual(k.loggedIn, []);
});

test("the lock message goes when the lock's time has come", async (t) => {
  const k = login();
  k.backOffice.lockedUntilMs = now.getTime() + 30_000;
  press(k.screen, "246810<enter>");
  await settle();
  const at = (offsetMs: number) =>
    shown(k.screen, { ...k.context(), now: new Date(now.getTime() + offsetMs) });
  t.regex(at(29_000), /已鎖定至 14:05:39/);
  t.false(at(30_000).includes("已鎖定"), "not after 14:05:39");
  t.regex(at(30_000), /請輸入店員 PIN 碼/);
});

test("no clerks synced yet, and in English", async (t) => {
  const k = login({}, "en");
  k.backOffice.clerkList = [];
  press(k.screen, "246810<enter>");
  await settle();
  t.regex(k.text(), /⚠ No clerks received yet: connect to the central service/);
  t.regex(k.text(), /Digits type the PIN {3}Enter log in/);
});

test("self-service: only a supervisor's PIN opens the menu; a clerk's is logged out again", async (t) => {
  const k = login({ supervisorOnly: true });
  t.regex(k.text(), /主管登入/);
  t.regex(k.text(), /Esc 返回/);
  press(k.screen, `${redeemClerk.pin}<enter>`);
  await settle();
  t.regex(k.text(), /✖ 只有主管可以開啟選單/);
  t.is(k.backOffice.currentClerk(), undefined);
  t.deepEqual(k.loggedIn, []);
  press(k.screen, `${supervisor.pin}<enter>`);
  await settle();
  t.is(k.loggedIn[0]?.role, "supervisor");
});

test("Esc clears a half-typed PIN, and with nothing typed is not the screen's key", (t) => {
  const k = login();
  press(k.screen, "24");
  t.deepEqual(press(k.screen, "<esc>"), [true]);
  t.regex(k.text(), /PIN 碼 {2}_/);
  t.deepEqual(press(k.screen, "<esc>"), [false]);
});

test("a scan while nobody is logged in says to log in first; demo PINs are listed, names in one column", (t) => {
  const k = login({
    hints: [
      { pin: "246810", name: "王小明", role: "supervisor" },
      { pin: "1357", name: "李美玲", role: "redeem" },
    ],
  });
  k.screen.turnedAway();
  t.regex(k.text(), /⚠ 請先登入，再核銷票券/);
  t.regex(k.text(), /試用 PIN（示範資料）\n {2}246810 {2}王小明（主管）\n {2}1357 {4}李美玲（門市店員）/);
});

test("the demo's web console and its account are shown under the PINs", (t) => {
  const k = login({
    hints: [{ pin: "246810", name: "王小明", role: "supervisor" }],
    consoleHint: { url: "http://127.0.0.1:41234", account: "demo", password: "demo-console" },
  });
  t.regex(
    k.text(),
    /王小明（主管）\n+ *後台網頁：http:\/\/127\.0\.0\.1:41234（帳號 demo，密碼 demo-console）/,
  );
});

test("while the PIN is checked the screen is busy and takes no keys", async (t) => {
  const k = login();
  k.backOffice.delayMs = 50;
  press(k.screen, "246810<enter>");
  t.true(k.screen.view(k.context()).busy);
  t.regex(k.text(), /確認中…/);
  press(k.screen, "9999<enter>");
  await new Promise((resolve) => setTimeout(resolve, 80));
  t.deepEqual(k.backOffice.argsOf("login"), [["246810"]]);
});

test("a missing or wrong PIN key is said plainly, with the file, in both languages", async (t) => {
  const zh = login();
  zh.backOffice.pinKeyProblem = { ok: false, reason: "no_pin_key", file: "/var/lib/ticket-kiosk/pin.key" };
  press(zh.screen, "246810<enter>");
  await settle();
  t.regex(zh.text(), /⚠ 店員登入需要 PIN 金鑰檔 \/var\/lib\/ticket-kiosk\/pin\.key/);
  const en = login({}, "en");
  en.backOffice.pinKeyProblem = { ok: false, reason: "pin_key_mismatch", file: "/k" };
  press(en.screen, "246810<enter>");
  await settle();
  t.regex(en.text(), /⚠ The PIN key in \/k is not this device token's/);
  t.deepEqual(en.loggedIn, []);
});
