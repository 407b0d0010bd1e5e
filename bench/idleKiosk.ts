/**
 * An idle kiosk's memory (issue 16: RSS ≤ 120 MB with the 1M-ticket cache loaded): `ticket-kiosk
 * run` on a data directory whose journal holds the whole catalogue, the central service on
 * loopback, no scanner, printer or screen, with the Node flags of its systemd unit
 * (kioskNodeFlags.ts); once it says `ready` it is left alone for a while (its
 * first sync runs meanwhile and finds nothing to download), then its peak resident memory is read
 * from `/proc/<pid>/status` (`VmHWM`: the kernel's high-water mark, startup included). Baseline: the
 * same figure of a bare `node` process, the floor of any Node program here.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startCli } from "../test/helpers/cliProcess.js";
import { benchDevice } from "./benchData.js";
import { kioskRuntime } from "./kioskNodeFlags.js";

/** The kernel's peak resident set of a live process, in MB. */
async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmHWM for process ${pid}`);
  return (Number(kb) * 1024) / 1e6;
}

/** A bare `node` that waits a moment, so its peak can be read like the kiosk's. */
export async function bareNodePeakRssMb(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 500)"], { stdio: "ignore" });
  const exited = once(child, "exit");
  await sleep(300);
  const peak = await peakRssMb(child.pid ?? 0);
  await exited;
  return peak;
}

export interface IdleKiosk {
  readonly dataDir: string;
  readonly centralUrl: string;
  readonly token: string;
  readonly idleMs: number;
}

/** The kiosk's peak RSS in MB after `idleMs` of idling past `ready`. */
export async function idleKioskPeakRssMb(kiosk: IdleKiosk): Promise<number> {
  const configFile = join(kiosk.dataDir, "idle-config.json");
  await writeFile(
    configFile,
    JSON.stringify({
      dataDir: kiosk.dataDir,
      device: { id: benchDevice, storeId: "store-a", storeName: "台北信義店" },
      central: { url: kiosk.centralUrl, token: kiosk.token },
      scanner: { kind: "none" },
      printer: { kind: "none" },
      feedback: { kind: "none" },
      ui: { kind: "none", confirm: "auto" },
    }),
  );
  const cli = startCli(["run", "--config", configFile], {}, kioskRuntime);
  try {
    await cli.waitForLog((line) => line.event === "ready", 120_000);
    await sleep(kiosk.idleMs);
    return await peakRssMb(cli.child.pid ?? 0);
  } finally {
    await cli.kill("SIGTERM");
  }
}
