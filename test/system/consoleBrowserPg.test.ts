/**
 * The web console on a central service over PostgreSQL (test/helpers/pgCluster.ts): accounts added
 * by `central user add --database`, a login in headless Chromium, and its audit entry read back
 * from the database's audit table through the console.
 */
import test from "ava";
import { hqAccount, launchBrowser, signIn, startConsoleCentral } from "../helpers/consoleBrowser.js";
import { tempDir } from "../helpers/fixtures.js";
import { usePgCluster } from "../helpers/pgCluster.js";

const database = usePgCluster(test);

test("on PostgreSQL, hq signs in and the audit page lists the login", async (t) => {
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
});
