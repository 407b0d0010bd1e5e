/**
 * 店員 and 裝置 kept to a manager's stores, and the PIN policy, in headless Chromium against a real
 * central service: a store-a manager sees no store-b-only clerk nor store-b kiosk, and changing
 * either by a hand-made request is refused and changes nothing (a clerk shared with store-b is
 * head office's to change); a supervisor PIN shorter than the policy is refused in plain words,
 * a long enough one is set, and both are in the audit log.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import type { Page } from "puppeteer-core";
import { call } from "../helpers/centralHarness.js";
import { cliToken } from "../helpers/cliCentral.js";
import { runCli } from "../helpers/cliProcess.js";
import { hqAccount, kioskId, managerAccount, signIn } from "../helpers/consoleBrowser.js";
import { consoleSuite, textOf as text } from "../helpers/consoleSuite.js";

const suite = consoleSuite("console-clerks-");
let storeBToken: string;

test.serial.before(async () => {
  const { dir, central } = suite;
  const catalogue = join(dir, "store-b-clerk.json");
  await writeFile(
    catalogue,
    JSON.stringify({
      clerks: [{ id: "c3", name: "陳大文", pin: "135790", role: "supervisor", storeIds: ["store-b"] }],
    }),
  );
  const imported = await runCli(["central", "import", ...central.store, catalogue]);
  if (imported.code !== 0) throw new Error(imported.stderr);
  storeBToken = (await cliToken(central.store, "kiosk-b", "store-b")).token;
});

const rowIds = (page: Page, attribute: string) =>
  page.$$eval(
    `tr[${attribute}]`,
    (trs, name) => trs.map((tr) => tr.getAttribute(name as string) ?? ""),
    attribute,
  );

/** A form post made by hand in the signed-in page, with its CSRF token: what a crafted request can do. */
function post(page: Page, path: string, fields: Record<string, string>): Promise<number> {
  return page.evaluate(`(async () => {
    const body = new URLSearchParams(${JSON.stringify(fields)});
    body.append("_csrf", JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"]);
    return (await fetch(${JSON.stringify(path)}, { method: "POST", body })).status;
  })()`) as Promise<number>;
}

test.serial("a manager neither sees nor changes another store's clerk or kiosk", async (t) => {
  const page = await suite.chromium.newPage();
  t.teardown(() => page.close());
  await signIn(page, suite.central.url, managerAccount);

  await page.goto(`${suite.central.url}/clerks`);
  t.deepEqual(await rowIds(page, "data-clerk"), ["c1", "c2"]);
  t.is(await post(page, "/clerks/c3/pin", { pin: "24682468" }), 404);
  t.is(await post(page, "/clerks/c3/enabled", { enabled: "false" }), 404);
  t.is(await post(page, "/clerks/c2/enabled", { enabled: "false" }), 403, "c2 works at store-b too");

  await page.goto(`${suite.central.url}/devices`);
  t.deepEqual(await rowIds(page, "data-device"), [kioskId]);
  t.deepEqual(
    await page.$$eval('[data-testid="add-device"] option', (options) =>
      options.map((o) => o.getAttribute("value")),
    ),
    ["store-a"],
  );
  t.is(await post(page, "/devices/kiosk-b/revoke", {}), 404);
  t.is(await post(page, "/devices/kiosk-b/move", { store: "store-a" }), 404);
  t.is(await post(page, "/devices/pairing", { name: "kiosk-b2", store: "store-b" }), 422);
  t.is(
    (await call(suite.central.url, "/v1/tickets", { token: storeBToken })).status,
    200,
    "kiosk-b still works",
  );

  const hq = await suite.chromium.newPage();
  t.teardown(() => hq.close());
  await signIn(hq, suite.central.url, hqAccount);
  await hq.goto(`${suite.central.url}/clerks`);
  t.deepEqual(await rowIds(hq, "data-clerk"), ["c1", "c2", "c3"]);
  t.is(await text(hq, 'tr[data-clerk="c2"] td:nth-child(5)'), "啟用中", "c2 was not disabled");
  t.is(await text(hq, 'tr[data-clerk="c3"] td:nth-child(5)'), "啟用中");
});

test.serial(
  "a supervisor PIN shorter than the policy is refused in plain words; a long enough one is set",
  async (t) => {
    const page = await suite.chromium.newPage();
    t.teardown(() => page.close());
    await signIn(page, suite.central.url, hqAccount);
    const setPin = async (pin: string) => {
      await page.goto(`${suite.central.url}/clerks`);
      await page.type('tr[data-clerk="c1"] input[name="pin"]', pin);
      const [answer] = await Promise.all([
        page.waitForNavigation(),
        page.click('tr[data-clerk="c1"] form[action$="/pin"] button'),
      ]);
      return answer?.status();
    };
    t.is(await setPin("1234"), 422);
    t.is(await text(page, '[role="alert"]'), "主管密碼至少需要 6 位數字。");
    t.is(await setPin("12a4567"), 422);
    t.is(await text(page, '[role="alert"]'), "密碼須為 4 到 12 位數字。");
    t.is(await setPin("97531864"), 200);
    t.regex(await text(page, '[role="status"]'), /密碼已更新/);

    await page.goto(`${suite.central.url}/audit?q=clerk.pin`);
    const details = await page.$$eval("tbody tr td:nth-child(4)", (tds) =>
      tds.map((td) => td.textContent ?? ""),
    );
    t.deepEqual(details.slice(0, 3), [
      `c1: pin_set by ${hqAccount.name}`,
      `c1: pin_not_digits by ${hqAccount.name}`,
      `c1: pin_too_short by ${hqAccount.name}`,
    ]);
    t.false(
      details.some((detail) => detail.includes("97531864")),
      "the audit never holds a PIN",
    );
  },
);
