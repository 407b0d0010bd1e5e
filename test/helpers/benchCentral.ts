/**
 * The real central service as a child process over a data directory of `tickets` generated bench
 * tickets (bench/catalogue.ts), behind a fault proxy, with a device token for `kiosk-1`: the rig
 * of the download tests. Stopped with the test.
 */
import { join } from "node:path";
import type { ExecutionContext } from "ava";
import { benchStore, fillCentral } from "../../bench/catalogue.js";
import { type CliProcess, startCli } from "./cliProcess.js";
import { type FaultProxy, startFaultProxy } from "./faultProxy.js";
import { writeHeadlessConfig } from "./headlessConfig.js";

export interface BenchCentral {
  readonly proxy: FaultProxy;
  /** The device token of `kiosk-1` at the bench store. */
  readonly token: string;
}

export async function startBenchCentral(
  t: ExecutionContext,
  dir: string,
  tickets: number,
): Promise<BenchCentral> {
  const centralData = join(dir, "central");
  const { tokens } = await fillCentral(centralData, tickets, ["kiosk-1"], new Date());
  const central = startCli(["central", "--data", centralData, "--port", "0"]);
  t.teardown(() => central.kill("SIGKILL"));
  const listening = await central.waitForLog((line) => line.event === "listening");
  const proxy = await startFaultProxy(String(listening.url));
  t.teardown(() => proxy.close());
  return { proxy, token: tokens["kiosk-1"] ?? "" };
}

/** The real `ticket-kiosk run` of `kiosk-1` at the bench store, headless, talking to `central` through its proxy. */
export async function startBenchKiosk(
  t: ExecutionContext,
  dir: string,
  central: BenchCentral,
  scanner: Record<string, unknown>,
): Promise<{ readonly kiosk: CliProcess; readonly dataDir: string }> {
  const dataDir = join(dir, "kiosk");
  const config = join(dir, "kiosk.json");
  await writeHeadlessConfig(config, {
    dataDir,
    device: { id: "kiosk-1", storeId: benchStore.id, storeName: benchStore.name },
    central: { url: central.proxy.url, token: central.token, timeoutMs: 5000, syncIntervalMs: 60_000 },
    scanner,
  });
  const kiosk = startCli(["run", "--config", config]);
  t.teardown(() => kiosk.kill("SIGKILL"));
  return { kiosk, dataDir };
}
