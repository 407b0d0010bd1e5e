/**
 * Scans that come faster than the central service answers (issue 11 item 1): the real
 * `ticket-kiosk run` as a child process, a serial scanner on a socat pty, and the real central
 * service behind a proxy that holds every redemption for a second. No scan may vanish: each waits
 * its turn, in order, with the count in `GET /status`, or is turned away `busy`; every scan gets
 * exactly one `decision` log line.
 */
import { writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { maskCode } from "../../device/domain.js";
import type { KioskStatus } from "../../device/kioskStatus.js";
import { startCliCentral } from "../helpers/cliCentral.js";
import { type CliProcess, type LogLine, startCli } from "../helpers/cliProcess.js";
import { startFaultProxy } from "../helpers/faultProxy.js";
import { tempDir } from "../helpers/fixtures.js";
import { startPtyPair } from "../helpers/ptyPair.js";

const holdMs = 1000;

/** GET /status over the kiosk's unix socket. */
function status(socketPath: string): Promise<KioskStatus> {
  return new Promise((resolve, reject) => {
    request({ socketPath, path: "/status" }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve(JSON.parse(body) as KioskStatus));
    })
      .on("error", reject)
      .end();
  });
}

function decisions(kiosk: CliProcess): LogLine[] {
  return kiosk.logs.filter((line) => line.event === "decision");
}

async function waitForDecisions(kiosk: CliProcess, count: number, timeoutMs = 30_000): Promise<LogLine[]> {
  const deadline = performance.now() + timeoutMs;
  while (decisions(kiosk).length < count) {
    if (performance.now() > deadline) {
      throw new Error(`${decisions(kiosk).length} of ${count} decisions:\n${kiosk.stderr().slice(-3000)}`);
    }
    await sleep(50);
  }
  return decisions(kiosk);
}

async function waitForWaiting(socketPath: string, count: number): Promise<KioskStatus> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const current = await status(socketPath);
    if (current.waitingScans === count || performance.now() > deadline) return current;
    await sleep(20);
  }
}

test("two codes back to back on a serial scanner, central answering in 1 s: both decided, in order; past the queue's bound a scan is turned away busy", async (t) => {
  const temp = await tempDir("tk-scanqueue-");
  const dir = temp.path;
  const central = await startCliCentral(dir, "kiosk-1");
  const proxy = await startFaultProxy(central.url);
  proxy.choose = (method, path) =>
    method === "POST" && path.startsWith("/v1/redemptions")
      ? { kind: "delay", ms: holdMs }
      : { kind: "pass" };
  const pair = await startPtyPair(join(dir, "scanner-A"), join(dir, "scanner-B"));

  const config = join(dir, "kiosk.json");
  const dataDir = join(dir, "kiosk");
  await writeFile(
    config,
    JSON.stringify({
      dataDir,
      device: { id: "kiosk-1", storeId: "store-a", mode: "self-service" },
      central: { url: proxy.url, token: central.token, timeoutMs: 5000 },
      scanner: { kind: "serial", path: pair.b, baudRate: 115200, terminator: "cr" },
      printer: { kind: "none" },
      feedback: { kind: "none" },
      ui: { kind: "none", confirm: "auto" },
    }),
  );
  const kiosk = startCli(["run", "--config", config]);
  t.teardown(async () => {
    await kiosk.kill("SIGKILL");
    await central.process.kill("SIGKILL");
    await proxy.close();
    await pair.stop();
    await temp.remove();
  });
  await kiosk.waitForLog((line) => line.event === "sync");
  await kiosk.waitForLog((line) => line.event === "scanner" && line.state === "connected");
  const socket = join(dataDir, "kiosk.sock");

  // printf 'CODE1\rCODE2\r': the second comes while the first waits for the central service.
  await writeFile(pair.a, "QK7R-2M9X-TB4A\rYG5C-4HJN-W8ZE\r");
  t.is((await waitForWaiting(socket, 1)).waitingScans, 1, "GET /status shows the scan waiting");
  const pairDecided = await waitForDecisions(kiosk, 2);
  t.deepEqual(
    pairDecided.map((line) => [line.code, line.outcome]),
    [
      [maskCode("QK7R-2M9X-TB4A"), "ok"],
      [maskCode("YG5C-4HJN-W8ZE"), "ok"],
    ],
  );

  // One in progress, five waiting, and the seventh scan turned away: said, not dropped.
  const unknown = Array.from({ length: 6 }, (_, i) => `UNKN-000${i + 1}`);
  await writeFile(pair.a, ["QK7R-2M9X-TB4A", ...unknown].map((code) => `${code}\r`).join(""));
  t.is((await waitForWaiting(socket, 5)).waitingScans, 5);
  const all = await waitForDecisions(kiosk, 9);
  await sleep(300);
  t.is(decisions(kiosk).length, 9, "exactly one decision per scan");
  t.deepEqual(
    all.slice(2).map((line) => [line.code, line.outcome]),
    [
      [maskCode("UNKN-0006"), "busy"],
      [maskCode("QK7R-2M9X-TB4A"), "ok"],
      ...unknown.slice(0, 5).map((code) => [maskCode(code), "not_found"]),
    ],
  );
  t.is((await status(socket)).waitingScans, 0);
});
