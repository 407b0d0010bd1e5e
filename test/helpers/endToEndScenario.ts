/**
 * The whole product as a user runs it: the real central service and the real kiosk as child
 * processes of the compiled executable, the scanner on a socat pseudo-terminal at 115200 baud,
 * slips written to files, a LevelDB journal on disk. The central service and the command-line
 * tools run on the test's Node; the kiosk daemon on the `runtime` given (the host's Node, or an ARM
 * Node under qemu: test/helpers/armNode.ts).
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExecutionContext } from "ava";
import iconv from "iconv-lite";
import { type CliProcess, hostNode, type NodeRuntime, runCli, startCli } from "./cliProcess.js";
import { tempDir } from "./fixtures.js";
import { claimLoopbackPort } from "./loopbackPort.js";
import { parseIssued } from "./pinKeyInstall.js";
import { startPtyPair } from "./ptyPair.js";

const catalogue = fileURLToPath(new URL("../../../examples/catalogue.json", import.meta.url));

interface Harness {
  readonly dir: string;
  readonly centralUrl: string;
  readonly token: string;
  readonly slips: string;
  startCentral(): Promise<CliProcess>;
  startKiosk(): Promise<CliProcess>;
  scan(code: string, terminator?: string): Promise<void>;
  serverRedemptions(
    code: string,
  ): Promise<{ redemption: { id: string; quantity: number }; status: string }[]>;
}

async function harness(t: ExecutionContext, runtime: NodeRuntime): Promise<Harness> {
  const temp = await tempDir("tk-e2e-");
  const dir = temp.path;
  const processes: CliProcess[] = [];
  const pty = await startPtyPair(join(dir, "scanner-host"), join(dir, "scanner"));
  // Fixed, so the central service can stop and come back at the same address.
  const { port, release } = await claimLoopbackPort();
  t.teardown(async () => {
    await Promise.all(processes.map((p) => p.kill("SIGKILL")));
    await pty.stop();
    await release();
    await temp.remove();
  });

  const centralData = join(dir, "central");
  const imported = await runCli(["central", "import", "--data", centralData, catalogue]);
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const tokenRun = await runCli([
    "central",
    "token",
    "--data",
    centralData,
    "--device",
    "kiosk-e2e",
    "--store",
    "store-a",
  ]);
  if (tokenRun.code !== 0) throw new Error(`token failed: ${tokenRun.stderr}`);
  const { token } = parseIssued(tokenRun);
  const centralUrl = `http://127.0.0.1:${port}`;
  const slips = join(dir, "slips");
  const configFile = join(dir, "kiosk.json");
  await writeFile(
    configFile,
    JSON.stringify({
      dataDir: join(dir, "kiosk"),
      device: { id: "kiosk-e2e", storeId: "store-a", storeName: "台北信義店" },
      central: { url: centralUrl, token, timeoutMs: 3000, syncIntervalMs: 500 },
      scanner: { kind: "serial", path: pty.b, baudRate: 115200, terminator: "cr" },
      printer: { kind: "file", dir: slips, paperWidthMm: 58 },
      feedback: { kind: "none" },
      ui: { kind: "none", confirm: "auto" },
      offline: { policy: "allow", maxUnitsPerRedemption: 1 },
    }),
  );

  const track = (cli: CliProcess) => {
    processes.push(cli);
    return cli;
  };
  return {
    dir,
    centralUrl,
    token,
    slips,
    async startCentral() {
      const central = track(startCli(["central", "--data", centralData, "--port", String(port)]));
      await central.waitForLog((line) => line.event === "listening");
      return central;
    },
    async startKiosk() {
      const kiosk = track(startCli(["run", "--config", configFile], {}, runtime));
      await kiosk.waitForLog((line) => line.event === "ready");
      return kiosk;
    },
    async scan(code, terminator = "\r") {
      await writeFile(pty.a, `${code}${terminator}`);
    },
    async serverRedemptions(code) {
      const response = await fetch(`${centralUrl}/v1/redemptions?ticket=${encodeURIComponent(code)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as {
        redemptions: { redemption: { id: string; quantity: number }; status: string }[];
      };
      return body.redemptions;
    },
  };
}

function decisions(kiosk: CliProcess) {
  return kiosk.logs.filter((line) => line.event === "decision");
}

async function slipFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(".bin")).sort();
  } catch {
    return [];
  }
}

/** Scanned codes reach the central service exactly once, with a Big5 slip each; refusals print nothing. */
export async function redeemedOnceWithSlips(
  t: ExecutionContext,
  runtime: NodeRuntime = hostNode,
): Promise<void> {
  const h = await harness(t, runtime);
  await h.startCentral();
  const kiosk = await h.startKiosk();

  await h.scan("QK7R-2M9X-TB4A");
  const first = await kiosk.waitForLog((line) => line.event === "decision");
  t.like(first, { outcome: "ok", offline: false, code: "**********TB4A" });
  await kiosk.waitForLog((line) => line.event === "print" && line.id === first.id);

  await h.scan("NOT-A-REAL-CODE", "\r\n");
  await kiosk.waitForLog((line) => line.event === "decision" && line.outcome === "not_found");

  const server = await h.serverRedemptions("QK7R-2M9X-TB4A");
  t.deepEqual(
    server.map((r) => [r.redemption.id, r.status]),
    [[first.id, "accepted"]],
  );

  const slips = await slipFiles(h.slips);
  t.deepEqual(slips, [`${String(first.id)}.bin`], "one slip, for the redemption only");
  const bytes = await readFile(join(h.slips, slips[0] ?? ""));
  t.deepEqual([...bytes.subarray(0, 4)], [0x1b, 0x40, 0x1c, 0x26], "ESC @ then Chinese mode");
  t.true(iconv.decode(bytes, "cp950").includes("深層按摩 60 分鐘券"), "the product name decodes from Big5");
  t.deepEqual([...bytes.subarray(-4)], [0x1d, 0x56, 0x42, 0x00], "feed and cut");
  t.true(bytes.includes(Buffer.from(String(first.id), "ascii")), "the QR carries the redemption id");
}

/**
 * A restart keeps every entry; redemptions made while the central service is down reach it once it
 * is back.
 */
export async function offlineRedemptionsSurviveRestart(
  t: ExecutionContext,
  runtime: NodeRuntime = hostNode,
): Promise<void> {
  const h = await harness(t, runtime);
  const central = await h.startCentral();
  let kiosk = await h.startKiosk();

  await h.scan("QK7R-2M9X-TB4A");
  const online = await kiosk.waitForLog((line) => line.event === "decision");
  t.is(online.offline, false);

  await central.kill("SIGTERM");
  await h.scan("YG5C-4HJN-W8ZE", "\n");
  const offline = await kiosk.waitForLog((line) => line.event === "decision" && line.id !== online.id);
  t.like(offline, { outcome: "ok", offline: true });

  t.is(await kiosk.kill("SIGTERM"), 0, "a clean stop");
  kiosk = await h.startKiosk();
  const exported = await runCli(["journal", "export", "--config", join(h.dir, "kiosk.json")]);
  t.is(exported.code, 0, exported.stderr);
  const entries = exported.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { redemption: { id: string }; disposition: string; sync: string });
  t.deepEqual(
    entries.map((e) => [e.redemption.id, e.disposition, e.sync]),
    [
      [online.id, "redeemed", "acknowledged"],
      [offline.id, "redeemed", "pending"],
    ],
    "exported through the running daemon, oldest first",
  );

  await h.startCentral();
  await kiosk.waitForLog(
    (line) => line.event === "sync" && Number(line.uploaded) >= 1,
    20_000 * runtime.slowdown,
  );
  const server = [
    ...(await h.serverRedemptions("QK7R-2M9X-TB4A")),
    ...(await h.serverRedemptions("YG5C-4HJN-W8ZE")),
  ];
  t.deepEqual(
    server.map((r) => [r.redemption.id, r.status]),
    [
      [online.id, "accepted"],
      [offline.id, "accepted"],
    ],
    "each exactly once",
  );
  t.is(decisions(kiosk).length, 0, "the restart decided nothing by itself");
}
