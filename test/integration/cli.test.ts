/**
 * The command line as other programs use it (docs/protocol.md): exit statuses, a bad config reported
 * whole with nothing started, one daemon per data directory, `GET /status`, `doctor`.
 */
import { access, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { runCli, startCli } from "../helpers/cliProcess.js";
import { tempDir } from "../helpers/fixtures.js";
import { claimLoopbackPort } from "../helpers/loopbackPort.js";

async function kioskConfig(dir: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const file = join(dir, "kiosk.json");
  await writeFile(
    file,
    JSON.stringify({
      dataDir: join(dir, "data"),
      device: { id: "kiosk-cli", storeId: "store-a" },
      // Nothing listens on port 9: the kiosk starts offline, as it must be able to.
      central: { url: "http://127.0.0.1:9", token: "secret-token-value", timeoutMs: 300 },
      scanner: { kind: "none" },
      ui: { kind: "none", confirm: "auto" },
      ...overrides,
    }),
  );
  return file;
}

test("a bad config lists every problem with its path, exits 2 and starts nothing", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const file = await kioskConfig(dir.path, { printer: { kind: "tcp" }, statusPort: -1, colour: "red" });
  const result = await runCli(["run", "--config", file], { TICKET_KIOSK_CENTRAL_TIMEOUT_MS: "soon" });
  t.is(result.code, 2);
  for (const expected of ["printer.host", "statusPort", "colour", "TICKET_KIOSK_CENTRAL_TIMEOUT_MS"]) {
    t.true(result.stderr.includes(expected), `${expected} in:\n${result.stderr}`);
  }
  await t.throwsAsync(access(join(dir.path, "data")), undefined, "no data directory was created");
});

test("usage errors exit 2 with the usage", async (t) => {
  const unknown = await runCli(["launch"]);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /unknown command "launch"/);
  t.regex(unknown.stderr, /usage: ticket-kiosk/);
  const missing = await runCli(["run"]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /--config FILE is required/);
});

test("a second daemon on the same data directory exits with a clear message; the first keeps running", async (t) => {
  const dir = await tempDir();
  const file = await kioskConfig(dir.path, { statusPort: 0 });
  const first = startCli(["run", "--config", file]);
  t.teardown(async () => {
    await first.kill("SIGKILL");
    await dir.remove();
  });
  await first.waitForLog((line) => line.event === "ready");
  const second = await runCli(["run", "--config", file]);
  t.is(second.code, 1);
  t.regex(second.stderr, /another ticket-kiosk is already running on .*data/);
  t.is(first.child.exitCode, null, "the first is still running");
  t.false(first.stderr().includes("secret-token-value"), "the token never reaches the logs");
  t.is(await first.kill("SIGTERM"), 0);
});

test("GET /status on the status port reports the contract's fields", async (t) => {
  const dir = await tempDir();
  const { port, release } = await claimLoopbackPort();
  const file = await kioskConfig(dir.path, { statusPort: port });
  const kiosk = startCli(["run", "--config", file]);
  t.teardown(async () => {
    await kiosk.kill("SIGKILL");
    await release();
    await dir.remove();
  });
  // The first sync pass has failed: until then the kiosk is offline for `starting`.
  await kiosk.waitForLog((line) => line.event === "sync_failed");
  const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as Record<string, unknown>;
  t.like(status, {
    ready: true,
    online: false,
    pendingSync: 0,
    oldestPendingAgeS: null,
    lastSyncAt: null,
    scanner: "none",
    printer: "none",
  });
  t.is(status.version, (await runCli(["--version"])).stdout.trim());
  t.is(status.offlineReason, "network");
});

test("doctor reports each check and what to do about a failure", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const file = await kioskConfig(dir.path, { printer: { kind: "file", dir: join(dir.path, "slips") } });
  const result = await runCli(["doctor", "--config", file]);
  t.is(result.code, 1, "the central service is unreachable");
  t.regex(result.stdout, /✔ config/);
  t.regex(result.stdout, /✔ journal/);
  t.regex(result.stdout, /✖ central .*unreachable/);
  t.regex(result.stdout, /→ check central.url/);
  t.regex(result.stdout, /✔ printer .*slips/);
});

test("every command answers --help with its usage on stdout and exit 0, running nothing", async (t) => {
  for (const [command, shown] of [
    [["run", "--help"], /^ {2}run --config FILE/m],
    [["demo", "-h"], /^ {2}demo \[--data DIR\]/m],
    [["doctor", "--help"], /^ {2}doctor --config FILE/m],
    [["print-test", "--help"], /^ {2}print-test --config FILE/m],
    [["journal", "export", "--help"], /^ {2}journal export --config FILE/m],
    [["central", "--help"], /^ {2}ticket-kiosk central --data DIR/m],
    [["central", "token", "--help"], /^ {2}ticket-kiosk central token --data DIR --device ID/m],
  ] as const) {
    const result = await runCli(command);
    t.is(result.code, 0, `${command.join(" ")}: ${result.stderr}`);
    t.regex(result.stdout, shown, command.join(" "));
    t.is(result.stderr, "", command.join(" "));
  }
});
