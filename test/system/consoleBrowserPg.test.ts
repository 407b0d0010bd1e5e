/**
 * The web console on a central service over PostgreSQL (test/helpers/pgCluster.ts): accounts added
 * by `central user add --database`, a login in headless Chromium and its audit entry read back from
 * the database's audit table; every page of the menu drawn from the database; and a redemption by a
 * real kiosk process on the dashboard, in 核銷紀錄 and in 日結對帳.
 */
import test from "ava";
import { consoleCatalogues, pageNames } from "../../central/console/consoleMessages.js";
import { pagePaths } from "../../central/console/consolePages.js";
import {
  hqAccount,
  kioskId,
  launchBrowser,
  signIn,
  startConsoleCentral,
  startConsoleKiosk,
} from "../helpers/consoleBrowser.js";
import { tempDir } from "../helpers/fixtures.js";
import { usePgCluster } from "../helpers/pgCluster.js";

const database = usePgCluster(test);

test("on PostgreSQL: hq signs in, every page draws, and a kiosk's redemption is on the dashboard and in the ledger", async (t) => {
  const dir = await tempDir("console-browser-pg-");
  const [central, chromium] = await Promise.all([
    startConsoleCentral(dir.path, await database(t)),
    launchBrowser(),
  ]);
  t.teardown(async () => {
    await chromium.close();
    await central.process.kill("SIGTERM");
    await dir.remove();
  });
  const page = await chromium.newPage();
  await signIn(page, central.url, hqAccount);
  t.is(await page.$eval("h1", (h1) => h1.textContent), "總覽");
  await page.goto(`${central.url}/audit`);
  const actions = await page.$$eval("tbody tr td:nth-child(3)", (cells) =>
    cells.map((cell) => cell.textContent),
  );
  t.deepEqual(actions, ["login", "user_add", "user_add"]);

  for (const name of pageNames) {
    const answer = await page.goto(`${central.url}${pagePaths[name]}`);
    t.is(answer?.status(), 200, name);
    t.is(await page.$eval("h1", (h1) => h1.textContent), consoleCatalogues["zh-TW"].pages[name]);
    t.is(await page.$(".problem"), null, `${name} says nothing went wrong`);
  }

  const code = "PX3D-8KQW-M2VN";
  const kiosk = await startConsoleKiosk(central, dir.path, code);
  t.teardown(() => kiosk.process.kill("SIGKILL"));
  await page.goto(`${central.url}/`);
  await page.waitForFunction(`document.querySelector('[data-testid="today-total"]')?.textContent === "1"`, {
    timeout: 60_000,
  });
  t.is(kiosk.acks.length, 1, kiosk.stderr());
  await page.goto(`${central.url}/redemptions`);
  const row = `tr[data-id="${kiosk.acks[0]}"]`;
  t.is(await page.$eval(`${row} td:nth-child(3)`, (td) => td.textContent), kioskId);
  t.is(await page.$eval(`${row} td[data-state]`, (td) => td.textContent), "已核銷");
  await page.goto(`${central.url}/reconciliation?store=store-a`);
  t.regex(await page.$eval("main", (main) => main.textContent ?? ""), /主題樂園一日票/);
});
