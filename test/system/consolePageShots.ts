/**
 * The 票券與訂單, 裝置 and 店員 pages in the states a reader needs to see, for `npm run screenshots`
 * (consoleScreenshots.ts): a search by phone, a ticket with its redemption, a CSV import's preview
 * and its end, a pairing QR code from 新增裝置, and the 裝置 and 店員 pages on a phone.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "puppeteer-core";

const exampleCsv = fileURLToPath(new URL("../../../examples/catalogue.csv", import.meta.url));

export async function shootTicketDevicePages(page: Page, url: string, outDir: string): Promise<void> {
  const shot = (name: string) => page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
  await page.goto(`${url}/tickets?kind=phone&q=678`);
  await shot("tickets-search");
  await page.goto(`${url}/tickets/QK7R-2M9X-TB4A`);
  await shot("ticket");
  await page.goto(`${url}/tickets`);
  const input = await page.$('[data-testid="import-form"] input[type="file"]');
  await (input as unknown as { uploadFile(path: string): Promise<void> } | null)?.uploadFile(exampleCsv);
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="import-form"] button')]);
  await shot("import-preview");
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="import-apply"]')]);
  await page.waitForSelector('[data-testid="import-progress"][data-state="done"]');
  await shot("import-done");
  await page.goto(`${url}/devices`);
  await page.type('[data-testid="add-device"] input[name="name"]', "kiosk-xinyi-2");
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="add-device"] button')]);
  await shot("devices-pairing");
}

export async function shootPhonePages(page: Page, url: string, outDir: string): Promise<void> {
  for (const name of ["devices", "clerks"]) {
    await page.goto(`${url}/${name}`);
    await page.screenshot({ path: join(outDir, `${name}-phone.png`), fullPage: true });
  }
}
