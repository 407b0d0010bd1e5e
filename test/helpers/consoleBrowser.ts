/**
 * The web console as its users reach it: a real central service (`ticket-kiosk central` as a child
 * process, on LevelDB or on PostgreSQL) with the example catalogue, an hq and a store-a manager
 * account added by `central user add`, a device token for one kiosk, and headless Debian Chromium
 * driven by puppeteer-core with a fresh profile. Chromium missing is a failure naming the Debian
 * packages, never a skip.
 */
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { cliToken, exampleCatalogue } from "./cliCentral.js";
import { type CliProcess, runCli, startCli } from "./cliProcess.js";
import { writeHeadlessConfig } from "./headlessConfig.js";
import { type KioskChild, startDaemonKiosk } from "./kioskChild.js";

export const chromiumPath = "/usr/bin/chromium";
export const hqAccount = { name: "boss", password: "correct horse battery" } as const;
export const managerAccount = { name: "mgr-a", password: "manager of store a" } as const;
export const kioskId = "kiosk-console";

/** Flags for Chromium as root in a closed network (without the background ones it floods it). */
const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface ConsoleCentral {
  readonly url: string;
  /** `--data DIR` or `--database URL`, as the CLI takes the store. */
  readonly store: readonly string[];
  /** The device token issued for `kioskId` in store-a. */
  readonly token: string;
  /** The tokens of the further devices asked for, by device id. */
  readonly tokens: ReadonlyMap<string, string>;
  readonly process: CliProcess;
}

export async function startConsoleCentral(
  dir: string,
  databaseUrl?: string,
  moreDevices: readonly { readonly deviceId: string; readonly storeId: string }[] = [],
): Promise<ConsoleCentral> {
  const store = databaseUrl === undefined ? ["--data", join(dir, "central")] : ["--database", databaseUrl];
  const ran = async (args: readonly string[], input?: string) => {
    const result = await runCli(["central", ...args], {}, input);
    if (result.code !== 0) throw new Error(`central ${args[0]} failed: ${result.stderr}`);
  };
  await ran(["import", ...store, exampleCatalogue]);
  await ran(["user", "add", ...store, "--name", hqAccount.name, "--role", "hq"], `${hqAccount.password}\n`);
  await ran(
    ["user", "add", ...store, "--name", managerAccount.name, "--role", "manager", "--store", "store-a"],
    `${managerAccount.password}\n`,
  );
  const { token } = await cliToken(store, kioskId);
  const tokens = new Map<string, string>();
  for (const { deviceId, storeId } of moreDevices)
    tokens.set(deviceId, (await cliToken(store, deviceId, storeId)).token);
  const central = startCli(["central", ...store, "--port", "0"]);
  const listening = await central.waitForLog((line) => line.event === "listening", 60_000);
  return { url: String(listening.url), store, token, tokens, process: central };
}

export interface ConsoleBrowser {
  readonly browser: Browser;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<ConsoleBrowser> {
  try {
    await access(chromiumPath);
  } catch {
    throw new Error(
      `${chromiumPath} is missing: the console's browser tests need the Debian packages chromium and fonts-wqy-microhei (apt-get install chromium fonts-wqy-microhei)`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "console-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    userDataDir: profile,
    args: chromiumFlags,
  });
  return {
    browser,
    /** A page in a context of its own: its own cookies, so each page is its own signed-in person. */
    async newPage() {
      const page = await (await browser.createBrowserContext()).newPage();
      await page.setViewport({ width: 1200, height: 900 });
      return page;
    },
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form, as a person would. */
export async function signIn(
  page: Page,
  url: string,
  account: { name: string; password: string },
): Promise<void> {
  await page.goto(`${url}/login`);
  await page.type('input[name="name"]', account.name);
  await page.type('input[name="password"]', account.password);
  await Promise.all([page.waitForNavigation(), page.click("form.login button")]);
}

/**
 * `ticket-kiosk run` as `kioskId` of store-a against the central, its keyboard scanner fed `code`
 * once its first sync has filled its copy of the tickets, and again after each decision
 * (kioskChild.ts): the caller kills it.
 */
export async function startConsoleKiosk(
  central: ConsoleCentral,
  dir: string,
  code: string,
): Promise<KioskChild> {
  const configFile = join(dir, "kiosk.json");
  await writeHeadlessConfig(configFile, {
    dataDir: join(dir, "kiosk"),
    device: { id: kioskId, storeId: "store-a" },
    central: { url: central.url, token: central.token, timeoutMs: 2000, syncIntervalMs: 250 },
    scanner: { kind: "keyboard", debounceMs: 0 },
  });
  return startDaemonKiosk(configFile, [code], {}, { afterFirstSync: true });
}
