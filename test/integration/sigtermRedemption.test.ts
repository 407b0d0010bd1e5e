/**
 * `systemctl stop` (SIGTERM) in the middle of a redemption (issue 6, "Shutdown and upgrade"): the
 * redemption being decided runs to its answer (journalled, printed, counted once at the server)
 * before the kiosk exits cleanly. The real central service sits behind a proxy that holds the
 * kiosk's redemption request, so the signal lands while the kiosk waits for the verdict.
 */
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { runCli, startCli } from "../helpers/cliProcess.js";
import { startCliStack } from "../helpers/cliStack.js";
import { startFaultProxy } from "../helpers/faultProxy.js";

const code = "QK7R-2M9X-TB4A";
const holdMs = 1500;

test("SIGTERM while the central service decides a redemption: it is finished, journalled, printed, then the kiosk exits 0", async (t) => {
  const stack = await startCliStack(t);
  const dir = stack.dir;
  const token = await stack.token("kiosk-1");
  const centralUrl = stack.url;

  const proxy = await startFaultProxy(centralUrl);
  let redemptionArrived: () => void = () => {};
  const arrived = new Promise<void>((resolve) => {
    redemptionArrived = resolve;
  });
  proxy.choose = (method, path) => {
    if (method !== "POST" || !path.startsWith("/v1/redemptions")) return { kind: "pass" };
    redemptionArrived();
    return { kind: "delay", ms: holdMs };
  };

  const config = join(dir, "kiosk.json");
  const slips = join(dir, "slips");
  await writeFile(
    config,
    JSON.stringify({
      dataDir: join(dir, "kiosk"),
      device: { id: "kiosk-1", storeId: "store-a", storeName: "台北信義店" },
      central: { url: proxy.url, token, timeoutMs: 5000 },
      scanner: { kind: "keyboard" },
      printer: { kind: "file", dir: slips, paperWidthMm: 58 },
      feedback: { kind: "none" },
      ui: { kind: "none", confirm: "auto" },
    }),
  );
  const kiosk = startCli(["run", "--config", config]);
  t.teardown(async () => {
    await kiosk.kill("SIGKILL");
    await proxy.close();
  });
  // Online once the first sync has answered: from then on a redemption asks the server first.
  await kiosk.waitForLog((line) => line.event === "sync");

  kiosk.child.stdin?.write(`${code}\n`);
  await Promise.race([
    arrived,
    kiosk
      .waitForLog((line) => line.event === "decision")
      .then((line) => {
        throw new Error(`decided without asking the server: ${JSON.stringify(line)}`);
      }),
  ]);
  const signalledAt = performance.now();
  kiosk.child.kill("SIGTERM");
  t.is(await kiosk.exited(), 0, "a clean stop");
  const stopMs = performance.now() - signalledAt;
  t.log(`SIGTERM to exit: ${stopMs.toFixed(0)} ms with the verdict held ${holdMs} ms`);
  t.true(stopMs > holdMs - 500, "the kiosk waited for the verdict before exiting");

  const decision = kiosk.logs.find((line) => line.event === "decision");
  t.like(decision, { outcome: "ok", offline: false }, "decided online, with the server's verdict");
  const id = String(decision?.id);

  const exported = await runCli(["journal", "export", "--config", config]);
  const entries = exported.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { redemption: { id: string }; disposition: string; sync: string });
  t.deepEqual(
    entries.map((entry) => [entry.redemption.id, entry.disposition, entry.sync]),
    [[id, "redeemed", "acknowledged"]],
    "journalled as redeemed and acknowledged, not left undecided for a restart to abandon",
  );
  const printed = (await readdir(slips)).filter((name) => name.endsWith(".bin"));
  t.is(printed.length, 1, "its slip was printed before the exit");

  const response = await fetch(`${centralUrl}/v1/redemptions?ticket=${code}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const server = (await response.json()) as { redemptions: { redemption: { id: string }; status: string }[] };
  t.deepEqual(
    server.redemptions.map((r) => [r.redemption.id, r.status]),
    [[id, "accepted"]],
    "counted once at the server",
  );
});
