/**
 * The web console in headless Chromium against a real central service (test/helpers/consoleBrowser.ts):
 * signing in, a manager kept to their store (page and direct URL), CSRF refusals that change
 * nothing, a redemption by a real kiosk process appearing on the dashboard without a reload, the
 * audit log listing the logins, and the lockout after wrong passwords. Serial: one central and one
 * browser for the file, and the lockout last, on the account no later test needs.
 */
import test from "ava";
import type { Page } from "puppeteer-core";
import {
  type ConsoleBrowser,
  type ConsoleCentral,
  hqAccount,
  kioskId,
  launchBrowser,
  managerAccount,
  signIn,
  startConsoleCentral,
  startConsoleKiosk,
} from "../helpers/consoleBrowser.js";
import { tempDir } from "../helpers/fixtures.js";

let dir: Awaited<ReturnType<typeof tempDir>>;
let central: ConsoleCentral;
let chromium: ConsoleBrowser;
let hqPage: Page;

test.before(async () => {
  dir = await tempDir("console-browser-");
  [central, chromium] = await Promise.all([startConsoleCentral(dir.path), launchBrowser()]);
  hqPage = await chromium.newPage();
});

test.after.always(async () => {
  await chromium?.close();
  await central?.process.kill("SIGTERM");
  await dir?.remove();
});

const text = (page: Page, selector: string) => page.$eval(selector, (element) => element.textContent ?? "");

test.serial("hq signs in through the form and sees the dashboard of every store", async (t) => {
  await signIn(hqPage, central.url, hqAccount);
  t.is(new URL(hqPage.url()).pathname, "/");
  t.is(await text(hqPage, "h1"), "總覽");
  t.truthy(await hqPage.$('tr[data-store="store-a"]'));
  t.truthy(await hqPage.$('tr[data-store="store-b"]'));
  const navigation = await hqPage.$$eval("nav a", (links) => links.map((link) => link.textContent));
  t.deepEqual(navigation, [
    "總覽",
    "核銷紀錄",
    "例外清單",
    "票券與訂單",
    "店員",
    "裝置",
    "日結對帳",
    "稽核紀錄",
  ]);
});

test.serial("a manager sees only their store, and another store's URL is refused", async (t) => {
  const page = await chromium.newPage();
  t.teardown(() => page.close());
  await signIn(page, central.url, managerAccount);
  t.truthy(await page.$('tr[data-store="store-a"]'));
  t.is(await page.$('tr[data-store="store-b"]'), null);
  for (const path of ["/?store=store-b", "/dashboard/panel?store=store-b"]) {
    const answer = await page.goto(`${central.url}${path}`);
    t.is(answer?.status(), 403, path);
    t.false((await page.content()).includes("台中公益店"), path);
  }
});

test.serial(
  "a form post without its CSRF token, or with a wrong one, is refused and changes nothing",
  async (t) => {
    await hqPage.goto(`${central.url}/`);
    const statuses = await hqPage.evaluate(async () => {
      const post = (body: string) =>
        fetch("/logout", {
          method: "POST",
          body,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          redirect: "manual",
        }).then((answer) => answer.status);
      return [await post(""), await post("_csrf=wrong")];
    });
    t.deepEqual(statuses, [403, 403]);
    const again = await hqPage.goto(`${central.url}/`);
    t.is(again?.status(), 200);
    t.is(await text(hqPage, "h1"), "總覽", "still signed in");
  },
);

test.serial("a redemption by a real kiosk process appears on the dashboard without a reload", async (t) => {
  await hqPage.goto(`${central.url}/`);
  t.is(await text(hqPage, '[data-testid="today-total"]'), "0");
  // Strings, not functions: they run in the page, and this project compiles without DOM types.
  await hqPage.evaluate("window.notReloaded = true");
  // A one-unit ticket of every store: the first scan redeems it, the ones after are refused.
  const kiosk = await startConsoleKiosk(central, dir.path, "PX3D-8KQW-M2VN");
  t.teardown(() => kiosk.process.kill("SIGKILL"));
  await hqPage.waitForFunction(`document.querySelector('[data-testid="today-total"]')?.textContent === "1"`, {
    timeout: 60_000,
  });
  t.deepEqual(kiosk.acks.length >= 1, true, kiosk.stderr());
  await hqPage.waitForSelector(`tr[data-device="${kioskId}"] td.ok`, { timeout: 60_000 });
  t.true(await hqPage.evaluate("window.notReloaded === true"), "the page was never reloaded");
  t.is(await text(hqPage, 'tr[data-store="store-a"] td:nth-child(2)'), "1");
});

test.serial("the audit page lists the logins with who and from where", async (t) => {
  await hqPage.goto(`${central.url}/audit?q=login`);
  const rows = await hqPage.$$eval("tbody tr", (trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
  );
  const logins = rows.filter((row) => row[2] === "login");
  t.deepEqual(logins.map((row) => row[1]).sort(), [hqAccount.name, managerAccount.name].sort());
  t.true(logins.every((row) => row[4] === "127.0.0.1"));
});

test.serial("five wrong passwords lock the account: the right one is then refused too", async (t) => {
  const page = await chromium.newPage();
  t.teardown(() => page.close());
  const tryPassword = async (password: string) => {
    await signIn(page, central.url, { name: managerAccount.name, password });
    return text(page, ".problem");
  };
  for (let miss = 1; miss <= 4; miss += 1) t.is(await tryPassword(`wrong ${miss}`), "帳號或密碼錯誤");
  t.regex(await tryPassword("wrong 5"), /嘗試次數過多，請於 30 秒後再試/);
  t.regex(await tryPassword(managerAccount.password), /嘗試次數過多/);
  t.is(new URL(page.url()).pathname, "/login");
});
