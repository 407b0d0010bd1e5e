/**
 * A damaged journal on the real screen (issue 15): `ticket-kiosk run` in a terminal starts on a
 * journal with a record changed on disk. The alert line says 資料損毀，請聯絡管理員, and a code
 * typed by the scanner is turned away: no ticket screen, nothing written.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import type { JournalEntry } from "../../device/journal.js";
import { startCentral } from "../helpers/centralHarness.js";
import { journalWithRedemptions, withSublevel } from "../helpers/storeFiles.js";
import { startKioskInTmux, waitForFirstSync } from "./kioskInTmux.js";

test("a damaged journal: the screen says 資料損毀，請聯絡管理員 and a scanned code is turned away", async (t) => {
  t.timeout(120_000);
  const central = await startCentral(t, { clock: () => new Date() });
  let dataDir = "";
  const { terminal } = await startKioskInTmux(t, central, {
    deviceId: "kiosk-damaged",
    mode: "self-service",
    async prepare(dir) {
      dataDir = dir;
      const location = join(dir, "journal");
      const [id] = await journalWithRedemptions(location, 1);
      await withSublevel(location, "entries", async (entries) => {
        const stored = (await entries.get(id ?? "")) as JournalEntry;
        await entries.put(id ?? "", { ...stored, redemption: { ...stored.redemption, quantity: 3 } });
      });
    },
  });
  await waitForFirstSync(terminal);
  const screen = await terminal.waitFor("資料損毀，請聯絡管理員（暫停核銷）");
  t.regex(screen, /✖ 資料損毀/);
  await terminal.type("TK-FIVE\r");
  const log = join(dataDir, "kiosk.log");
  const deadline = Date.now() + 20_000;
  while (!(await readFile(log, "utf8")).includes('"event":"halted"')) {
    if (Date.now() > deadline) throw new Error("the code was not turned away");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const after = await terminal.screen();
  t.notRegex(after, /確認核銷數量|核銷成功/, "no ticket screen, no result");
  t.regex(after, /資料損毀，請聯絡管理員/);
  t.false((await readFile(log, "utf8")).includes('"event":"decision"'));
});
