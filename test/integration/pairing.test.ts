/**
 * Pairing a kiosk by scanning (docs/central.md, "Pairing a kiosk"), end to end with real parts: the
 * central service as a child process on LevelDB, `central pair` printing the QR code, and the real
 * `ticket-kiosk run` with no device token and a serial scanner on a socat pty, fed the QR's text
 * as a scanner sends it. The kiosk writes its token and PIN key 0600, syncs and redeems; the same
 * code again, an expired code (the central's clock moved by TK_TEST_CENTRAL_CLOCK_OFFSET_MS), a
 * ticket's code and a central service that is not there are each refused with their own outcome;
 * `ticket-kiosk pair` does the same from a shell.
 */
import { stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { pairingTextLabel } from "../../central/centralCli.js";
import { pairingTtlMs } from "../../device/ports/pairingWire.js";
import { exampleCatalogue } from "../helpers/cliCentral.js";
import { type CliProcess, runCli, startCli } from "../helpers/cliProcess.js";
import { tempDir } from "../helpers/fixtures.js";
import { startPtyPair } from "../helpers/ptyPair.js";

interface Setup {
  readonly dir: string;
  readonly centralData: string;
  /** Started by `startCentral`. */
  central?: CliProcess;
}

async function setUp(t: ExecutionContext): Promise<Setup> {
  const temp = await tempDir("tk-pairing-");
  const setup: Setup = { dir: temp.path, centralData: join(temp.path, "central") };
  t.teardown(async () => {
    await setup.central?.kill("SIGKILL");
    await temp.remove();
  });
  const imported = await runCli(["central", "import", "--data", setup.centralData, exampleCatalogue]);
  if (imported.code !== 0) throw new Error(`central import failed: ${imported.stderr}`);
  return setup;
}

async function startCentral(setup: Setup, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const central = startCli(["central", "--data", setup.centralData, "--port", "0"], env);
  setup.central = central;
  return String((await central.waitForLog((line) => line.event === "listening")).url);
}

/** `central pair`: the QR code's text as it prints it. */
async function pairingQrText(setup: Setup, name: string, url?: string): Promise<string> {
  const made = await runCli([
    "central",
    "pair",
    "--data",
    setup.centralData,
    "--store",
    "store-a",
    "--name",
    name,
    ...(url === undefined ? [] : ["--url", url]),
  ]);
  if (made.code !== 0) throw new Error(`central pair failed: ${made.stderr}`);
  const line = made.stdout.split("\n").find((text) => text.startsWith(pairingTextLabel));
  if (line === undefined) throw new Error(`no QR text in:\n${made.stdout}`);
  return line.slice(pairingTextLabel.length).trim();
}

/** A kiosk config with no token: a serial scanner on `scannerPath`, no screen. */
async function kioskConfig(setup: Setup, name: string, url: string, scannerPath: string): Promise<string> {
  const file = join(setup.dir, `${name}.json`);
  await writeFile(
    file,
    JSON.stringify({
      dataDir: join(setup.dir, name),
      device: { id: name, storeId: "store-a", mode: "self-service" },
      central: { url, timeoutMs: 5000 },
      scanner: { kind: "serial", path: scannerPath, baudRate: 115200, terminator: "cr" },
      printer: { kind: "none" },
      feedback: { kind: "none" },
      ui: { kind: "none", confirm: "auto" },
    }),
  );
  return file;
}

/** `ticket-kiosk pair` for a new kiosk `name` (no scanner) with `code`. */
async function pairFromShell(setup: Setup, name: string, url: string, code: string) {
  const config = await kioskConfig(setup, name, url, join(setup.dir, "no-scanner"));
  return runCli(["pair", "--config", config, "--code", code]);
}

async function modeOf(file: string): Promise<string> {
  return ((await stat(file)).mode & 0o777).toString(8);
}

/** A kiosk child with its scanner on a pty; `scan` sends one frame as a serial scanner does. */
async function startPairingKiosk(t: ExecutionContext, setup: Setup, name: string, url: string) {
  const pty = await startPtyPair(join(setup.dir, `${name}-scanner-A`), join(setup.dir, `${name}-scanner-B`));
  const config = await kioskConfig(setup, name, url, pty.b);
  const kiosk = startCli(["run", "--config", config]);
  t.teardown(async () => {
    await kiosk.kill("SIGKILL");
    await pty.stop();
  });
  await kiosk.waitForLog((line) => line.event === "pairing" && line.state === "waiting");
  const outcomes = () =>
    kiosk.logs.filter(
      (line) => line.event === "pairing" && line.state !== "waiting" && line.state !== "working",
    );
  const scan = async (text: string, state: string) => {
    const before = outcomes().length;
    await writeFile(pty.a, `${text}\r`);
    await kiosk.waitForLog(() => outcomes().length > before);
    t.is(outcomes()[before]?.state, state, `the scan of ${text}`);
  };
  return { kiosk, config, dataDir: join(setup.dir, name), scan };
}

test("a kiosk with no token pairs by scanning the QR code from central pair: token and PIN key 0600, it syncs and redeems; the same code again is refused", async (t) => {
  const setup = await setUp(t);
  const url = await startCentral(setup);
  const qrText = await pairingQrText(setup, "kiosk-1", url);
  t.regex(qrText, new RegExp(`^TKPAIR1 ${url} [0-9A-Z]{16}$`));

  const { kiosk, dataDir, scan } = await startPairingKiosk(t, setup, "kiosk-1", url);
  await scan("QK7R-2M9X-TB4A", "not_pairing");
  await scan(qrText, "paired");
  t.is(await modeOf(join(dataDir, "device.token")), "600");
  t.is(await modeOf(join(dataDir, "pin.key")), "600");
  await kiosk.waitForLog((line) => line.event === "ready");
  await kiosk.waitForLog((line) => line.event === "sync");

  const pty = join(setup.dir, "kiosk-1-scanner-A");
  await kiosk.waitForLog((line) => line.event === "scanner" && line.state === "connected");
  await writeFile(pty, "QK7R-2M9X-TB4A\r");
  const decided = await kiosk.waitForLog((line) => line.event === "decision");
  t.is(decided.outcome, "ok", "the paired kiosk redeems");

  // The same QR again, from a shell on another kiosk: spent.
  const again = await pairFromShell(setup, "kiosk-1b", url, qrText);
  t.is(again.code, 1);
  t.regex(again.stderr, /used, expired or unknown/);
  await t.throwsAsync(stat(join(setup.dir, "kiosk-1b", "device.token")), undefined, "nothing written");
});

test("an expired code is refused on the kiosk's screen, and scanning a fresh one then pairs", async (t) => {
  const setup = await setUp(t);
  // Made now, with no service running (central pair opens the store itself); the service then
  // runs ten minutes and a second ahead.
  const expired = await pairingQrText(setup, "kiosk-2");
  const url = await startCentral(setup, { TK_TEST_CENTRAL_CLOCK_OFFSET_MS: String(pairingTtlMs + 1000) });
  t.regex(expired, /^TKPAIR1 [0-9A-Z]{16}$/, "without --url the kiosk's central.url is used");
  const { kiosk, scan } = await startPairingKiosk(t, setup, "kiosk-2", url);
  await scan(expired, "refused");
  await scan(`TKPAIR1 https://central.elsewhere.example ${expired.split(" ")[1]}`, "other_central");
  await scan(await pairingQrText(setup, "kiosk-2", url), "paired");
  await kiosk.waitForLog((line) => line.event === "ready");
});

test("ticket-kiosk pair: the bare code with the config's URL writes the token and PIN key and prints them; a code for another device writes nothing; no central is retried", async (t) => {
  const setup = await setUp(t);
  const url = await startCentral(setup);
  const config = await kioskConfig(setup, "kiosk-3", url, join(setup.dir, "none"));
  const code = (await pairingQrText(setup, "kiosk-3", url)).split(" ")[2] ?? "";
  const grouped = code.match(/.{4}/g)?.join("-") ?? code;
  const paired = await runCli(["pair", "--config", config, "--code", grouped.toLowerCase()]);
  t.is(paired.code, 0, paired.stderr);
  const tokenFile = join(setup.dir, "kiosk-3", "device.token");
  const pinKeyFile = join(setup.dir, "kiosk-3", "pin.key");
  t.is(paired.stdout, `paired as device kiosk-3 of store store-a; wrote:\n  ${pinKeyFile}\n  ${tokenFile}\n`);
  t.is(await modeOf(tokenFile), "600");

  const forOther = await pairingQrText(setup, "kiosk-9", url);
  const mismatch = await pairFromShell(setup, "kiosk-4", url, forOther);
  t.is(mismatch.code, 1);
  t.regex(mismatch.stderr, /made for device kiosk-9 of store store-a, not this kiosk/);
  await t.throwsAsync(stat(join(setup.dir, "kiosk-4", "device.token")));

  await setup.central?.kill("SIGKILL");
  const fresh = await pairingQrText(setup, "kiosk-5", url);
  const unreachable = await pairFromShell(setup, "kiosk-5", url, fresh);
  t.is(unreachable.code, 1);
  t.regex(unreachable.stderr, /cannot be reached: check the network and scan again/);
  const notACode = await runCli(["pair", "--config", config, "--code", "QK7R-2M9X-TB4A"]);
  t.is(notACode.code, 2);
});
