/**
 * One real central service and one headless Chromium (consoleBrowser.ts) shared by the serial tests
 * of a browser test file, and the small reads those tests share. Apart from consoleBrowser.ts, which
 * `npm run screenshots` runs outside AVA.
 */
import test from "ava";
import type { Page } from "puppeteer-core";
import {
  type ConsoleBrowser,
  type ConsoleCentral,
  launchBrowser,
  startConsoleCentral,
} from "./consoleBrowser.js";
import { tempDir } from "./fixtures.js";

export interface ConsoleSuite {
  readonly dir: string;
  readonly central: ConsoleCentral;
  readonly chromium: ConsoleBrowser;
}

/**
 * One central service and one browser for a test file's serial tests: started before them, stopped
 * after. Read its fields inside the tests (they are set by the `before` hook).
 */
export function consoleSuite(prefix: string): ConsoleSuite {
  let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
  let started: { central: ConsoleCentral; chromium: ConsoleBrowser } | undefined;
  test.serial.before(async () => {
    dir = await tempDir(prefix);
    const [central, chromium] = await Promise.all([startConsoleCentral(dir.path), launchBrowser()]);
    started = { central, chromium };
  });
  test.after.always(async () => {
    await started?.chromium.close();
    await started?.central.process.kill("SIGTERM");
    await dir?.remove();
  });
  const ready = () => {
    if (dir === undefined || started === undefined) throw new Error("the console suite has not started");
    return { dir: dir.path, ...started };
  };
  return {
    get dir() {
      return ready().dir;
    },
    get central() {
      return ready().central;
    },
    get chromium() {
      return ready().chromium;
    },
  };
}

/** The text of the first element `selector` finds. */
export function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => element.textContent ?? "");
}
