/**
 * 核銷紀錄, 例外清單 and 日結對帳 in headless Chromium against a real central service
 * (test/helpers/consoleBrowser.ts): a redemption by a real kiosk process listed and opened, a void
 * whose form lost its CSRF token refused, a void from the console reaching the kiosk (its copy of
 * the ticket gets the unit back at its next sync, so its next scan of the same one-unit ticket is
 * accepted), a manager kept from another store's redemption in the list, by id and in the CSV, and
 * an exception marked resolved. Serial: one central, one kiosk and one browser for the file.
 */
import test from "ava";
import type { Page } from "puppeteer-core";
import { UndiciCentralApi } from "../../sync/undiciCentralApi.js";
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
import { makeRedemption, tempDir } from "../helpers/fixtures.js";
import type { KioskChild } from "../helpers/kioskChild.js";

const otherKiosk = { deviceId: "kiosk-b", storeId: "store-b" };
/** A one-unit ticket of every store: the kiosk's first scan redeems it, the ones after are refused. */
const kioskTicket = "PX3D-8KQW-M2VN";

let dir: Awaited<ReturnType<typeof tempDir>>;
let central: ConsoleCentral;
let chromium: ConsoleBrowser;
let kiosk: KioskChild;
let hqPage: Page;
let otherStoreIds: string[];

test.before(async () => {
  dir = await tempDir("console-ledger-");
  [central, chromium] = await Promise.all([
    startConsoleCentral(dir.path, undefined, [otherKiosk]),
    launchBrowser(),
  ]);
  hqPage = await chromium.newPage();
  await signIn(hqPage, central.url, hqAccount);
});

test.after.always(async () => {
  kiosk?.process.kill("SIGKILL");
  await chromium?.close();
  await central?.process.kill("SIGTERM");
  await dir?.remove();
});

const text = (page: Page, selector: string) => page.$eval(selector, (element) => element.textContent ?? "");
const rowIds = (page: Page) =>
  page.$$eval("tbody tr[data-id]", (rows) => rows.map((row) => row.getAttribute("data-id") ?? ""));

/** 核銷紀錄 of a ticket, loaded again until it lists `count` rows: the kiosk uploads in its own time. */
async function waitForRows(page: Page, code: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(`${central.url}/redemptions?product=${encodeURIComponent("主題樂園一日票")}`);
    const ids = await page.$$eval(
      `tbody tr[data-id]`,
      (rows, wanted) =>
        rows
          .filter((row) => row.textContent?.includes(String(wanted)))
          .map((row) => row.getAttribute("data-id") ?? ""),
      code,
    );
    if (ids.length >= count || Date.now() > deadline) return ids;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test.serial(
  "a redemption by a real kiosk process is listed in 核銷紀錄 and opens with its ticket and order",
  async (t) => {
    kiosk = await startConsoleKiosk(central, dir.path, kioskTicket);
    const [id] = await waitForRows(hqPage, kioskTicket, 1);
    t.truthy(id, kiosk.stderr());
    t.is(await text(hqPage, `tr[data-id="${id}"] td:nth-child(3)`), kioskId);
    t.is(await text(hqPage, `tr[data-id="${id}"] td[data-state]`), "已核銷");
    await Promise.all([hqPage.waitForNavigation(), hqPage.click(`tr[data-id="${id}"] a`)]);
    t.is(new URL(hqPage.url()).pathname, `/redemptions/${id}`);
    const page = await hqPage.content();
    for (const shown of ["主題樂園一日票 成人", "#100232", "連線核銷", "核銷編號", (id ?? "").slice(0, 8)])
      t.true(page.includes(shown), shown);
    await Promise.all([hqPage.waitForNavigation(), hqPage.click("a.lang")]);
    t.is(await text(hqPage, "h2"), "Ticket");
    await Promise.all([hqPage.waitForNavigation(), hqPage.click("a.lang")]);
  },
);

test.serial("a void whose form lost its CSRF token is refused and changes nothing", async (t) => {
  const [id] = await waitForRows(hqPage, kioskTicket, 1);
  await hqPage.goto(`${central.url}/redemptions/${id}`);
  await hqPage.evaluate(`document.querySelector('form.action input[name="_csrf"]').value = "forged"`);
  await hqPage.type('form.action input[name="reason"]', "測試偽造");
  const [answer] = await Promise.all([hqPage.waitForNavigation(), hqPage.click("form.action button")]);
  t.is(answer?.status(), 403);
  t.regex(await text(hqPage, ".problem"), /表單已失效或來源不明，未做任何變更/);
  await hqPage.goto(`${central.url}/redemptions/${id}`);
  t.is(await text(hqPage, "b[data-state]"), "已核銷");
});

test.serial(
  "取消核銷 from the console reaches the kiosk: its next scan of the ticket is accepted",
  async (t) => {
    const [id] = await waitForRows(hqPage, kioskTicket, 1);
    t.is(kiosk.acks.length, 1, "the ticket's one unit is used: the kiosk refuses it meanwhile");
    await hqPage.goto(`${central.url}/redemptions/${id}`);
    await hqPage.type('form.action input[name="reason"]', "客人改期");
    await Promise.all([hqPage.waitForNavigation(), hqPage.click("form.action button")]);
    t.regex(await text(hqPage, ".notice"), /已取消核銷，票券已退回堂數/);
    t.is(await text(hqPage, "b[data-state]"), "已取消核銷");
    const rows = await waitForRows(hqPage, kioskTicket, 2);
    t.is(rows.length, 2, kiosk.stderr());
    t.is(kiosk.acks.length, 2);
    t.is(kiosk.acks[1], rows[0], "the kiosk's new redemption is the newest row");
    t.deepEqual(
      await hqPage.$$eval("tbody tr[data-id] td[data-state]", (cells) =>
        cells.map((cell) => cell.textContent),
      ),
      ["已核銷", "已取消核銷"],
    );
    kiosk.process.kill("SIGKILL");
    await hqPage.goto(`${central.url}/audit?q=redemption.void`);
    t.regex(await text(hqPage, "tbody"), new RegExp(`${id}: voided by boss: 客人改期`));
  },
);

test.serial(
  "a manager cannot see another store's redemption: not in the list, by id, nor in the CSV",
  async (t) => {
    const api = new UndiciCentralApi({
      url: central.url,
      token: async () => central.tokens.get(otherKiosk.deviceId) ?? "",
      device: otherKiosk,
    });
    const made = [1, 2].map(() =>
      makeRedemption({
        ...otherKiosk,
        ticketCode: "PX3D-8KQW-C7RT",
        offline: true,
        redeemedAt: new Date().toISOString(),
      }),
    );
    t.deepEqual(
      (await api.uploadRedemptions(made, 10_000)).map((result) => result.status),
      ["accepted", "conflict"],
    );
    otherStoreIds = made.map((redemption) => redemption.id);
    const page = await chromium.newPage();
    t.teardown(() => page.close());
    await signIn(page, central.url, managerAccount);
    await page.goto(`${central.url}/redemptions`);
    const listed = await rowIds(page);
    t.is(listed.length, 2, "the kiosk's two redemptions of store-a");
    t.false(listed.some((id) => otherStoreIds.includes(id)));
    for (const id of otherStoreIds) {
      const answer = await page.goto(`${central.url}/redemptions/${id}`);
      t.is(answer?.status(), 404);
      t.false((await page.content()).includes("PX3D-8KQW-C7RT"));
    }
    const csv = String(await page.evaluate(`fetch("/redemptions.csv").then((answer) => answer.text())`));
    t.is(csv.trimEnd().split("\r\n").length, 3, "a header and store-a's two rows");
    t.false(otherStoreIds.some((id) => csv.includes(id)) || csv.includes("store-b"));
    await hqPage.goto(`${central.url}/redemptions?store=store-b`);
    t.deepEqual((await rowIds(hqPage)).sort(), [...otherStoreIds].sort(), "hq sees them");
  },
);

test.serial("例外清單: hq marks the conflict resolved with a note", async (t) => {
  const conflictId = otherStoreIds[1];
  await hqPage.goto(`${central.url}/exceptions`);
  const row = `tr[data-id="${conflictId}"]`;
  t.regex(await text(hqPage, row), /重複核銷衝突/);
  await hqPage.type(`${row} input[name="note"]`, "兒童票重複掃描，已退款");
  await Promise.all([hqPage.waitForNavigation(), hqPage.click(`${row} button`)]);
  t.is(await text(hqPage, ".notice"), "已標記為已處理。");
  t.is(await hqPage.$(row), null, "no longer among the open ones");
  await hqPage.select('select[name="status"]', "resolved");
  await hqPage.waitForSelector(row);
  t.regex(await text(hqPage, row), /已處理 boss 於 .* 處理兒童票重複掃描，已退款/);
  t.regex(new URL(hqPage.url()).search, /status=resolved/, "htmx kept the address in step");
});
