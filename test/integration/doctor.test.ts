/**
 * `ticket-kiosk doctor` as a technician runs it, the compiled executable against real parts: a
 * central service on loopback, the scanner on a socat pseudo-terminal, a file printer, and a
 * johnny-five board (a software StandardFirmata on another pseudo-terminal) — all well, then
 * unplugged, then held by a running kiosk.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { startCentral } from "../helpers/centralHarness.js";
import { runCli, startCli } from "../helpers/cliProcess.js";
import { FakeFirmataBoard } from "../helpers/fakeFirmataBoard.js";
import { tempDir } from "../helpers/fixtures.js";
import { installPinKey } from "../helpers/pinKeyInstall.js";
import { type PtyPair, startPtyPair } from "../helpers/ptyPair.js";
import { waitUntil } from "../helpers/scanRecorder.js";

const GREEN = 7;
const RED = 8;
const BUZZER = 9;
const RELAY = 4;

async function rig(t: ExecutionContext) {
  const dir = await tempDir("tk-doctor-");
  const central = await startCentral(t);
  const tokenFile = join(dir.path, "token");
  const issued = await central.deviceFor("kiosk-doc", "store-a");
  await writeFile(tokenFile, issued.token);
  await installPinKey(join(dir.path, "data"), issued.pinKey);
  const scanner = await startPtyPair(join(dir.path, "scanner-host"), join(dir.path, "scanner"));
  const boardPty: PtyPair = await startPtyPair(join(dir.path, "board-host"), join(dir.path, "board"));
  const board = new FakeFirmataBoard(boardPty.a);
  await board.start();
  t.teardown(async () => {
    await board.stop();
    await boardPty.stop();
    await scanner.stop();
    await dir.remove();
  });
  const config = join(dir.path, "kiosk.json");
  await writeFile(
    config,
    JSON.stringify({
      dataDir: join(dir.path, "data"),
      device: { id: "kiosk-doc", storeId: "store-a" },
      central: { url: central.url, tokenFile, timeoutMs: 2000 },
      scanner: { kind: "serial", path: scanner.b, baudRate: 9600 },
      printer: { kind: "file", dir: join(dir.path, "slips") },
      feedback: {
        kind: "johnny-five",
        path: boardPty.b,
        pins: { green: GREEN, red: RED, buzzer: BUZZER, relay: RELAY },
      },
      ui: { kind: "none", confirm: "auto" },
    }),
  );
  return {
    config,
    scanner,
    board,
    boardPty,
    slips: join(dir.path, "slips"),
    pinKey: join(dir.path, "data", "pin.key"),
  };
}

test("all well: every device is opened for real, the board blinks (never the relay), exit 0", async (t) => {
  const { config, scanner, board, slips } = await rig(t);
  const result = await runCli(["doctor", "--config", config]);
  t.is(result.code, 0, result.stdout + result.stderr);
  t.regex(
    result.stdout,
    /✔ central +http:\/\/127\.0\.0\.1:\d+ answers in \d+ ms; the device token is accepted/,
  );
  t.regex(result.stdout, /✔ pin key +.*pin\.key holds a PIN key, mode 600/);
  t.regex(result.stdout, new RegExp(`✔ scanner +${scanner.b} opens at 9600 baud`));
  t.regex(result.stdout, /tip: name it by a path that survives replugging: ls -l \/dev\/serial\/by-id\//);
  t.regex(result.stdout, new RegExp(`✔ printer +slips go to ${slips}: ready`));
  t.regex(result.stdout, /✔ feedback .*answered: green 7, red 8, buzzer 9 blinked \(not the relay\)/);
  // No timesyncd here: the clock agrees with the central service's, the daemon's rule (clock.ts).
  t.regex(result.stdout, /✔ clock +synchronised/);
  t.regex(result.stdout, /all checks passed/);
  t.deepEqual(board.history(GREEN), [0, 1, 0]);
  t.deepEqual(board.history(RED), [0, 1, 0]);
  t.deepEqual(board.history(BUZZER), [0, 128, 0]);
  t.deepEqual(board.history(RELAY), [0], "the gate stays shut");
});

test("unplugged scanner and board, no PIN key: each fails with what to do, exit 1", async (t) => {
  const { config, scanner, board, boardPty, pinKey } = await rig(t);
  await rm(pinKey);
  await scanner.stop();
  await board.stop();
  await boardPty.stop();
  const result = await runCli(["doctor", "--config", config]);
  t.is(result.code, 1);
  t.regex(result.stdout, new RegExp(`✖ scanner +no device at ${scanner.b}`));
  t.regex(result.stdout, /→ plug the scanner in; name it by a path that survives replugging/);
  t.regex(
    result.stdout,
    new RegExp(`✖ feedback no working board at ${boardPty.b}: .*No such file or directory`),
  );
  t.regex(result.stdout, /→ check the USB cable and feedback\.path .*StandardFirmata/);
  t.regex(result.stdout, new RegExp(`✖ pin key +clerk login needs the PIN key: ${pinKey} is missing`));
  t.regex(result.stdout, /→ install the PIN key ticket-kiosk central token printed beside the token/);
  t.regex(result.stdout, /3 check\(s\) failed/);
});

test("with the kiosk running, the devices it holds are reported as it sees them", async (t) => {
  const { config, scanner, board } = await rig(t);
  const kiosk = startCli(["run", "--config", config]);
  t.teardown(() => kiosk.kill("SIGKILL"));
  // Generous: on a loaded 2-core machine a kiosk takes a while to open its journal and devices.
  await kiosk.waitForLog((line) => line.event === "ready", 60_000);
  await kiosk.waitForLog((line) => line.event === "feedback" && line.state === "ready", 60_000);
  await waitUntil(() => board.history(RELAY).length > 0, "the kiosk's all-off through the link");
  // Its first pass downloads the catalogue and sees the central service's clock.
  await kiosk.waitForLog((line) => line.event === "sync", 60_000);
  const blinksBefore = board.history(GREEN).length;
  const result = await runCli(["doctor", "--config", config]);
  t.is(result.code, 0, result.stdout);
  t.regex(result.stdout, /✔ journal .*in use by the running kiosk/);
  t.regex(result.stdout, /✔ scanner +held by the running kiosk: connected/);
  t.regex(result.stdout, /✔ printer +held by the running kiosk: slips go to .*: ready/);
  t.regex(result.stdout, /⚠ feedback held by the running kiosk; not blinked/);
  t.regex(result.stdout, /→ stop the kiosk \(systemctl stop ticket-kiosk\)/);
  t.is(board.history(GREEN).length, blinksBefore, "doctor left the kiosk's board alone");
  t.regex(result.stdout, /✔ clock +synchronised/, "the same judgement as the daemon's clockSynced");

  await scanner.stop();
  await kiosk.waitForLog((line) => line.event === "scanner" && line.state === "disconnected", 60_000);
  const unplugged = await runCli(["doctor", "--config", config]);
  t.is(unplugged.code, 1);
  t.regex(
    unplugged.stdout,
    new RegExp(`✖ scanner +held by the running kiosk, which cannot reach it at ${scanner.b}`),
  );
});
