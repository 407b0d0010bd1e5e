/**
 * 票券與訂單 in headless Chromium against a real central service (test/helpers/consoleBrowser.ts):
 * a CSV import with a bad row is previewed with that row's problem and nothing written; a clean one
 * is previewed, applied, and its progress page ends with the rows and tickets written and the
 * summary; the imported tickets are then found by phone tail and opened with their units. A manager
 * is offered no import, and one posted anyway is refused.
 */
import { truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import type { Page } from "puppeteer-core";
import { hqAccount, managerAccount, signIn } from "../helpers/consoleBrowser.js";
import { consoleSuite, textOf as text } from "../helpers/consoleSuite.js";

const suite = consoleSuite("console-tickets-");
let hqPage: Page;

const header =
  "orderNumber,createdAt,customerName,customerPhone,code,productName,variantName,totalUnits,redeemedUnits,validFrom,validUntil,status,storeIds";
const row = (order: string, code: string, units: string) =>
  `${order},2026-11-30T10:00:00+08:00,林志明,0933555777,${code},溫泉泡湯券,,${units},0,,2027-12-31T23:59:59+08:00,active,store-a`;

test.serial.before(async () => {
  hqPage = await suite.chromium.newPage();
  await signIn(hqPage, suite.central.url, hqAccount);
});
const cells = (page: Page, selector: string) =>
  page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
  );

async function upload(page: Page, name: string, lines: readonly string[]): Promise<number | undefined> {
  const path = join(suite.dir, name);
  await writeFile(path, `${lines.join("\r\n")}\r\n`);
  await page.goto(`${suite.central.url}/tickets`);
  const input = await page.$('[data-testid="import-form"] input[type="file"]');
  if (input === null) throw new Error("no import form");
  await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(path);
  const [answer] = await Promise.all([
    page.waitForNavigation(),
    page.click('[data-testid="import-form"] button'),
  ]);
  return answer?.status();
}

async function search(page: Page, kind: string, term: string): Promise<string[]> {
  await page.goto(`${suite.central.url}/tickets?kind=${kind}&q=${encodeURIComponent(term)}`);
  return page.$$eval("tr[data-ticket]", (trs) => trs.map((tr) => tr.getAttribute("data-ticket") ?? ""));
}

test.serial("a CSV with a bad row: the preview lists its problem and nothing is written", async (t) => {
  const status = await upload(hqPage, "bad.csv", [
    header,
    row("#900001", "IMPX-0001-AAAA", "2"),
    row("#900002", "IMPX-0002-AAAA", "many"),
  ]);
  t.is(status, 422);
  t.truthy(await hqPage.$('[data-testid="nothing-written"]'));
  const problems = await cells(hqPage, '[data-testid="import-problems"]');
  t.is(problems.length, 1);
  t.regex(problems[0]?.[0] ?? "", /line 3/);
  t.regex(problems[0]?.[0] ?? "", /totalUnits/);
  t.is(await hqPage.$('[data-testid="import-apply"]'), null, "no way to apply it");
  t.deepEqual(await search(hqPage, "code", "IMPX"), [], "not even the good row was written");
});

test.serial(
  "a clean CSV: previewed, then applied with its progress shown to the end; found a page at a time",
  async (t) => {
    // More than one page of search results (50).
    const codes = Array.from({ length: 60 }, (_, n) => `IMPC-${String(n + 1).padStart(4, "0")}-AAAA`);
    t.is(
      await upload(hqPage, "clean.csv", [
        header,
        ...codes.map((code, n) => row(`#9001${String(n).padStart(2, "0")}`, code, "3")),
      ]),
      200,
    );
    t.is(await text(hqPage, '[data-testid="import-summary"] tr[data-kind="tickets"] td:nth-child(2)'), "60");
    const other = await suite.chromium.newPage();
    t.teardown(() => other.close());
    await signIn(other, suite.central.url, hqAccount);
    t.deepEqual(await search(other, "code", "IMPC"), [], "a preview writes nothing");

    await Promise.all([hqPage.waitForNavigation(), hqPage.click('[data-testid="import-apply"]')]);
    t.regex(new URL(hqPage.url()).pathname, /^\/imports\/[\w-]+$/);
    await hqPage.waitForSelector('[data-testid="import-progress"][data-state="done"]', { timeout: 30_000 });
    t.is(await text(hqPage, '[data-testid="import-rows"]'), "60/60");
    t.is(await text(hqPage, '[data-testid="import-tickets"]'), "60/60");
    t.is(await text(hqPage, '[data-testid="import-progress"] tr[data-kind="tickets"] td:nth-child(2)'), "60");

    t.deepEqual(await search(hqPage, "phone", "777"), codes.slice(0, 50));
    await Promise.all([hqPage.waitForNavigation(), hqPage.click(".paging a")]);
    const second = await hqPage.$$eval("tr[data-ticket]", (trs) =>
      trs.map((tr) => tr.getAttribute("data-ticket")),
    );
    t.deepEqual(second, codes.slice(50), "the next page goes on where the first ended");
    t.deepEqual(await search(hqPage, "phone", "77"), [], "two digits are too few");
    t.truthy(await hqPage.$(".problem"));
    await hqPage.goto(`${suite.central.url}/tickets/${codes[0]}`);
    t.is(await text(hqPage, '[data-testid="units-total"]'), "3");
    t.is(await text(hqPage, '[data-testid="units-left"]'), "3");
    t.regex(await text(hqPage, "main"), /#900100/);

    await hqPage.goto(`${suite.central.url}/audit?q=import.apply`);
    t.regex(await text(hqPage, "tbody"), /clean\.csv/);
  },
);

test.serial("a manager is offered no import, and one posted anyway is refused", async (t) => {
  const page = await suite.chromium.newPage();
  t.teardown(() => page.close());
  await signIn(page, suite.central.url, managerAccount);
  await page.goto(`${suite.central.url}/tickets`);
  t.is(await page.$('[data-testid="import-form"]'), null);
  const status = (await page.evaluate(`(async () => {
    const form = new FormData();
    form.append("file", new Blob([${JSON.stringify(`${header}\n${row("#900200", "IMPM-0001-AAAA", "1")}\n`)}]), "m.csv");
    const csrf = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"];
    form.append("_csrf", csrf);
    const answer = await fetch("/imports", { method: "POST", body: form });
    return [answer.status, await answer.text()];
  })()`)) as [number, string];
  t.is(status[0], 403);
  t.regex(status[1], /只有總部帳號可以匯入/);
  t.deepEqual(await search(page, "code", "IMPM"), [], "nothing written");
});

test.serial("a file over the upload limit is refused in plain words, not as a failure", async (t) => {
  const path = join(suite.dir, "huge.csv");
  await writeFile(path, "");
  await truncate(path, 65 * 1024 * 1024);
  await hqPage.goto(`${suite.central.url}/tickets`);
  const input = await hqPage.$('[data-testid="import-form"] input[type="file"]');
  await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(path);
  const [answer] = await Promise.all([
    hqPage.waitForNavigation(),
    hqPage.click('[data-testid="import-form"] button'),
  ]);
  t.is(answer?.status(), 413);
  t.regex(await text(hqPage, ".problem"), /檔案太大：上限 64 MB/);
  t.truthy(await hqPage.$("nav"), "the console's menu is still there");
});

test.serial("an upload with a wrong CSRF token is refused and previews nothing", async (t) => {
  await hqPage.goto(`${suite.central.url}/tickets`);
  const [status, body] = (await hqPage.evaluate(`(async () => {
    const form = new FormData();
    form.append("file", new Blob([${JSON.stringify(`${header}\n${row("#900300", "IMPN-0001-AAAA", "1")}\n`)}]), "n.csv");
    const answer = await fetch("/imports", { method: "POST", body: form, headers: { "X-CSRF-Token": "wrong" } });
    return [answer.status, await answer.text()];
  })()`)) as [number, string];
  t.is(status, 403);
  t.regex(body, /表單已失效/);
  t.false(body.includes("匯入預覽"));
});
