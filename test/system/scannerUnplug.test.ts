/**
 * docs/reliability.md promise 5 as a clerk sees it: `ticket-kiosk run` in a real terminal (tmux) with a
 * serial scanner on a socat pseudo-terminal. Stopping socat is pulling the USB cable: the status
 * bar says the scanner is disconnected and the alert line what to do; starting it again on the same
 * name is the replug, and the kiosk finds the scanner by itself and reads codes again.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { mainScript } from "../helpers/cliProcess.js";
import { tempDir } from "../helpers/fixtures.js";
import { type PtyPair, startPtyPair } from "../helpers/ptyPair.js";
import { startTmux } from "../helpers/tmuxTerminal.js";

test("unplugging the scanner shows on screen, and the kiosk reconnects by itself on replug", async (t) => {
  const dir = await tempDir("tk-unplug-");
  const host = join(dir.path, "scanner-host");
  const scannerPath = join(dir.path, "scanner");
  let pty: PtyPair = await startPtyPair(host, scannerPath);
  // The log file goes into the data directory, which must exist before the kiosk logs.
  await mkdir(join(dir.path, "data"));
  const config = join(dir.path, "kiosk.json");
  await writeFile(
    config,
    JSON.stringify({
      dataDir: join(dir.path, "data"),
      // Self-service: no clerk has to log in (there is no central service to sync clerks from).
      device: { id: "kiosk-unplug", storeId: "store-a", storeName: "台北信義店", mode: "self-service" },
      // Nothing listens on port 9: the kiosk runs offline, which this test does not mind.
      central: { url: "http://127.0.0.1:9", token: "secret-token-value", timeoutMs: 300 },
      scanner: { kind: "serial", path: scannerPath, baudRate: 115_200, stripPrefixes: ["]Q1"] },
      feedback: { kind: "none" },
    }),
  );
  const terminal = await startTmux(`TERM=linux ${process.execPath} ${mainScript} run --config ${config}`);
  t.teardown(async () => {
    await terminal.close();
    await pty.stop();
    await dir.remove();
  });

  await terminal.waitFor(/掃碼槍 (✔|已連接)/);
  await pty.stop();
  const unplugged = await terminal.waitFor("掃碼槍 未連接");
  t.regex(unplugged, /⚠ (掃碼槍未連接：請檢查連接線，接回後會自動恢復|離線)/);

  pty = await startPtyPair(host, scannerPath);
  await terminal.waitFor(/掃碼槍 (✔|已連接)/, 20_000);
  t.false((await terminal.screen()).includes("掃碼槍 未連接"));

  await writeFile(host, "]Q1UNKNOWN-4321\r");
  // No central service and no ticket copy: the answer is a refusal, shown with the masked code.
  const answer = await terminal.waitFor(/票券代碼 +\*{8}4321\b/); // UNKNOWN-4321, 12 characters
  t.regex(answer, /✖|⚠/, "the scan after the replug is read, its AIM id cut, and answered");
});
