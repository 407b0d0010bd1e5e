/**
 * `npm run screenshots`: the web console's pages as docs/console/*.png for the README, taken in
 * headless Chromium from a real central service with a real kiosk's redemptions on the dashboard
 * and in 核銷紀錄, and a conflict uploaded by a second store's kiosk in 例外清單.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pageNames } from "../../central/console/consoleMessages.js";
import { pagePaths } from "../../central/console/consolePages.js";
import { UndiciCentralApi } from "../../sync/undiciCentralApi.js";
import {
  hqAccount,
  kioskId,
  launchBrowser,
  signIn,
  startConsoleCentral,
  startConsoleKiosk,
} from "../helpers/consoleBrowser.js";
import { makeRedemption, tempDir } from "../helpers/fixtures.js";
import { shootPhonePages, shootTicketDevicePages } from "./consolePageShots.js";

const outDir = fileURLToPath(new URL("../../../docs/console/", import.meta.url));

const dir = await tempDir("console-screenshots-");
const otherKiosk = { deviceId: "kiosk-b", storeId: "store-b" };
const [central, chromium] = await Promise.all([
  startConsoleCentral(dir.path, undefined, [otherKiosk]),
  launchBrowser(),
]);
try {
  await mkdir(outDir, { recursive: true });
  const kiosk = await startConsoleKiosk(central, dir.path, "QK7R-2M9X-TB4A");
  const page = await chromium.newPage();
  await page.goto(`${central.url}/login`);
  await page.screenshot({ path: join(outDir, "login.png") });
  await signIn(page, central.url, hqAccount);
  await page.waitForSelector(`tr[data-device="${kioskId}"] td.ok`, { timeout: 60_000 });
  kiosk.process.kill("SIGKILL");
  await uploadConflict();
  for (const name of pageNames) {
    await page.goto(`${central.url}${pagePaths[name]}`);
    await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
  }
  await shootTicketDevicePages(page, central.url, outDir);
  await page.goto(`${central.url}/redemptions?store=store-b`);
  await Promise.all([page.waitForNavigation(), page.click("tbody tr a")]);
  await page.screenshot({ path: join(outDir, "redemption.png"), fullPage: true });
  await page.goto(`${central.url}/reconciliation`);
  await page.emulateMediaType("print");
  await page.screenshot({ path: join(outDir, "reconciliation-print.png"), fullPage: true });
  await page.emulateMediaType("screen");
  await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2 });
  for (const name of ["dashboard", "redemptions"] as const) {
    await page.goto(`${central.url}${pagePaths[name]}`);
    await page.screenshot({ path: join(outDir, `${name}-phone.png`), fullPage: true });
  }
  await shootPhonePages(page, central.url, outDir);
  process.stdout.write(`screenshots in ${outDir}\n`);
} finally {
  await chromium.close();
  await central.process.kill("SIGTERM");
  await dir.remove();
}

/** Two offline redemptions of one one-unit ticket by store-b's kiosk: the second is a conflict. */
async function uploadConflict(): Promise<void> {
  const api = new UndiciCentralApi({
    url: central.url,
    token: async () => central.tokens.get(otherKiosk.deviceId) ?? "",
    device: otherKiosk,
  });
  const redeemedAt = new Date(Date.now() - 20 * 60_000).toISOString();
  await api.uploadRedemptions(
    [1, 2].map(() =>
      makeRedemption({ ...otherKiosk, ticketCode: "PX3D-8KQW-C7RT", offline: true, redeemedAt }),
    ),
    10_000,
  );
}
