/**
 * `npm run screenshots`: the web console's pages as docs/console/*.png for the README, taken in
 * headless Chromium from a real central service with a real kiosk's redemption on the dashboard.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pageNames } from "../../central/console/consoleMessages.js";
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
import { shootPhonePages, shootTicketDevicePages } from "./consolePageShots.js";

const outDir = fileURLToPath(new URL("../../../docs/console/", import.meta.url));

const dir = await tempDir("console-screenshots-");
const [central, chromium] = await Promise.all([startConsoleCentral(dir.path), launchBrowser()]);
try {
  await mkdir(outDir, { recursive: true });
  const kiosk = await startConsoleKiosk(central, dir.path, "QK7R-2M9X-TB4A");
  const page = await chromium.newPage();
  await page.goto(`${central.url}/login`);
  await page.screenshot({ path: join(outDir, "login.png") });
  await signIn(page, central.url, hqAccount);
  await page.waitForSelector(`tr[data-device="${kioskId}"] td.ok`, { timeout: 60_000 });
  kiosk.process.kill("SIGKILL");
  for (const name of pageNames) {
    await page.goto(`${central.url}${pagePaths[name]}`);
    await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
  }
  await shootTicketDevicePages(page, central.url, outDir);
  await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2 });
  await page.goto(`${central.url}/`);
  await page.screenshot({ path: join(outDir, "dashboard-phone.png"), fullPage: true });
  await shootPhonePages(page, central.url, outDir);
  process.stdout.write(`screenshots in ${outDir}\n`);
} finally {
  await chromium.close();
  await central.process.kill("SIGTERM");
  await dir.remove();
}
