/**
 * 裝置 in headless Chromium against a real central service, with a REAL kiosk child process whose
 * config names no device id nor store: hq fills 新增裝置 (a name and a store), the page shows the
 * pairing QR code and its text (the code, read off the page's pixels, is that text), the text is sent through the kiosk's serial scanner (a socat pty)
 * as a scanner sends it, and the kiosk pairs, keeps the name and store the code gave it
 * (device.json), starts, syncs and shows up on the 裝置 page as online with its version and address;
 * a ticket scanned on it is then counted on the dashboard (the whole first day of a new kiosk). Then
 * hq revokes it on the page: the kiosk's token is refused on its next request (403 token_revoked).
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import type { Page } from "puppeteer-core";
import { call } from "../helpers/centralHarness.js";
import { type CliProcess, startCli } from "../helpers/cliProcess.js";
import { hqAccount, signIn } from "../helpers/consoleBrowser.js";
import { consoleSuite, textOf as text } from "../helpers/consoleSuite.js";
import { type PtyPair, startPtyPair } from "../helpers/ptyPair.js";
import { readScreenQrCode } from "../helpers/qrReader.js";

const deviceName = "kiosk-new";
let hqPage: Page;
let pty: PtyPair | undefined;
let kiosk: CliProcess | undefined;

// Before the suite's own: the kiosk and its pty go before the central and the directory.
test.after.always(async () => {
  await kiosk?.kill("SIGKILL");
  await pty?.stop();
});
const suite = consoleSuite("console-pairing-");

test.serial.before(async () => {
  hqPage = await suite.chromium.newPage();
  await signIn(hqPage, suite.central.url, hqAccount);
});

/** A kiosk with no token, device id or store (it starts on pairing), its serial scanner on a pty. */
async function startUnpairedKiosk(): Promise<{ kiosk: CliProcess; pty: PtyPair; dataDir: string }> {
  const pair = await startPtyPair(join(suite.dir, "scanner-A"), join(suite.dir, "scanner-B"));
  const dataDir = join(suite.dir, "kiosk");
  const config = join(suite.dir, "kiosk.json");
  await writeFile(
    config,
    JSON.stringify({
      dataDir,
      device: { mode: "self-service" },
      central: { url: suite.central.url, timeoutMs: 5000, syncIntervalMs: 250 },
      scanner: { kind: "serial", path: pair.b, baudRate: 115200, terminator: "cr" },
      printer: { kind: "none" },
      feedback: { kind: "none" },
      ui: { kind: "none", confirm: "auto" },
    }),
  );
  return { kiosk: startCli(["run", "--config", config]), pty: pair, dataDir };
}

test.serial(
  "新增裝置 makes a QR code a real kiosk scans: it pairs, starts, is seen on 裝置 and its redemption on 總覽",
  async (t) => {
    const started = await startUnpairedKiosk();
    ({ kiosk, pty } = started);
    await kiosk.waitForLog((line) => line.event === "pairing" && line.state === "waiting");

    await hqPage.goto(`${suite.central.url}/devices`);
    await hqPage.type('[data-testid="add-device"] input[name="name"]', deviceName);
    await hqPage.select('[data-testid="add-device"] select[name="store"]', "store-a");
    await Promise.all([hqPage.waitForNavigation(), hqPage.click('[data-testid="add-device"] button')]);
    const qrText = await text(hqPage, '[data-testid="pairing-text"]');
    t.regex(qrText, new RegExp(`^TKPAIR1 ${suite.central.url} [0-9A-Z]{16}$`));
    t.is(
      await readScreenQrCode(hqPage, '[data-testid="pairing"] .qr svg'),
      qrText,
      "the QR code drawn on the page reads as the text under it",
    );
    t.regex(await text(hqPage, '[data-testid="pairing-expires"]'), /有效至 .*10 分鐘內有效，只能使用一次/);
    await hqPage.reload();
    t.is(new URL(hqPage.url()).pathname, "/devices/pairing");
    t.is(
      await text(hqPage, '[data-testid="pairing-text"]'),
      qrText,
      "a reload shows the same code, makes none",
    );

    await writeFile(pty.a, `${qrText}\r`);
    const paired = await kiosk.waitForLog(
      (line) => line.event === "pairing" && line.state !== "waiting" && line.state !== "working",
    );
    t.like(paired, { state: "paired", deviceId: deviceName, storeId: "store-a" }, kiosk.stderr());
    const kept = join(started.dataDir, "device.json");
    t.deepEqual(JSON.parse(await readFile(kept, "utf8")), { deviceId: deviceName, storeId: "store-a" });
    t.is(((await stat(kept)).mode & 0o777).toString(8), "600");
    await kiosk.waitForLog((line) => line.event === "ready");
    await kiosk.waitForLog((line) => line.event === "sync");

    const row = `tr[data-device="${deviceName}"]`;
    await hqPage.goto(`${suite.central.url}/devices`);
    for (let tries = 0; (await hqPage.$(`${row}[data-state="online"]`)) === null; tries += 1) {
      if (tries > 100) return t.fail(await hqPage.content());
      await hqPage.reload();
    }
    const cellsOf = await hqPage.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent ?? ""));
    t.is(cellsOf[1], "台北信義店", "the store by its name");
    t.regex(cellsOf[2] ?? "", /連線中/);
    t.regex(cellsOf[3] ?? "", /^\d+\.\d+\.\d+/, "its version");
    t.is(cellsOf[4], "127.0.0.1");

    // The paired kiosk redeems a scan; the dashboard counts it.
    await writeFile(pty.a, "PX3D-8KQW-M2VN\r");
    const decided = await kiosk.waitForLog((line) => line.event === "decision");
    t.like(decided, { outcome: "ok" }, kiosk.stderr());
    await hqPage.goto(`${suite.central.url}/`);
    await hqPage.waitForFunction(
      `document.querySelector('[data-testid="today-total"]')?.textContent === "1"`,
      { timeout: 60_000 },
    );

    await hqPage.goto(`${suite.central.url}/audit?q=device.pairing_code`);
    const made = await hqPage.$$eval("tbody tr", (rows) => rows.map((row) => row.textContent ?? ""));
    t.is(
      made.filter((row) => row.includes(`${deviceName}: made for store-a by ${hqAccount.name}`)).length,
      1,
    );
  },
);

test.serial("revoking the kiosk on 裝置: its token is refused on its next request", async (t) => {
  const token = (await readFile(join(suite.dir, "kiosk", "device.token"), "utf8")).trim();
  t.is((await call(suite.central.url, "/v1/tickets", { token })).status, 200);
  await hqPage.goto(`${suite.central.url}/devices`);
  hqPage.once("dialog", (dialog) => void dialog.accept());
  const row = `tr[data-device="${deviceName}"]`;
  await hqPage.click(`${row} details summary`);
  await Promise.all([hqPage.waitForNavigation(), hqPage.click(`${row} form[action$="/revoke"] button`)]);
  t.regex(await text(hqPage, '[role="status"]'), /已撤銷/);
  t.is(await hqPage.$eval(row, (tr) => tr.getAttribute("data-state")), "revoked");
  const refused = await call(suite.central.url, "/v1/tickets", { token });
  t.is(refused.status, 403);
  t.like(refused.body, { error: { code: "token_revoked" } });
});

test.serial(
  "the pairing page with no code of this browser's says it expired and offers a new one",
  async (t) => {
    const page = await suite.chromium.newPage();
    t.teardown(() => page.close());
    await signIn(page, suite.central.url, hqAccount);
    const answer = await page.goto(`${suite.central.url}/devices/pairing`);
    t.is(answer?.status(), 410);
    t.regex(await text(page, '[role="alert"]'), /這個設定碼已過期，請重新產生/);
    t.truthy(await page.$('[data-testid="add-device"]'), "the form to make one is there");
  },
);

test.serial(
  "behind a TLS proxy on the same machine, the QR code names the https address the browser used",
  async (t) => {
    const page = await suite.chromium.newPage();
    t.teardown(() => page.close());
    await signIn(page, suite.central.url, hqAccount);
    await page.setExtraHTTPHeaders({ "x-forwarded-proto": "https" });
    await page.goto(`${suite.central.url}/devices`);
    await page.type('[data-testid="add-device"] input[name="name"]', "kiosk-proxied");
    await Promise.all([page.waitForNavigation(), page.click('[data-testid="add-device"] button')]);
    const host = new URL(suite.central.url).host;
    t.regex(
      await text(page, '[data-testid="pairing-text"]'),
      new RegExp(`^TKPAIR1 https://${host} [0-9A-Z]{16}$`),
    );
  },
);
