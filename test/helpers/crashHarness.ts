/**
 * The crash harness (docs/reliability.md promise 1 and 2): a kiosk child process redeeming in a loop against the
 * real central service, SIGKILLed at random moments and at named crash points, restarted, many
 * times, sometimes with the network down so it redeems offline. Afterwards one clean run drains
 * the journal, and the harness checks, from the outside:
 * - lost: acknowledged (the customer saw "redeemed") but not `redeemed` in the journal;
 * - missing: acknowledged but not counted at the server;
 * - duplicates: one id recorded at the server more than once;
 * - phantoms: counted at the server but never redeemed in the journal (an abandoned intent that
 *   was not cancelled);
 * - unit mismatches: a ticket whose server count differs from the journal's redeemed units.
 * With `powerLoss`, the kiosk's or the central service's data directory lives in the power-loss
 * filesystem (powerLossFs.ts), and each kill of that process is a power cut: every write it had not
 * fsync'd is thrown away before it restarts. The kiosk is killed at the end of each cycle; the
 * central service at a seeded moment inside it, then restarted on the same port while the kiosk
 * keeps redeeming.
 * Used by `npm test` (a few dozen cycles) and by `bench/crashRun.ts` (hundreds, with figures).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type CrashPoint, seededRandom } from "../../device/crashPoints.js";
import type { JournalEntry } from "../../device/journal.js";
import { type CliProcess, runCli, startCli } from "./cliProcess.js";
import { type FaultProxy, startFaultProxy } from "./faultProxy.js";
import { tempDir } from "./fixtures.js";
import { startCrashKiosk, startDaemonKiosk } from "./kioskChild.js";
import { parseIssued } from "./pinKeyInstall.js";
import { type Cut, mountPowerLossFs, type PowerLossFs } from "./powerLossFs.js";
import { type Audit, audit, serverView } from "./redemptionAudit.js";

const crashPoints: readonly CrashPoint[] = [
  "after-intent",
  "after-server-accept",
  "mid-upload",
  "mid-download",
];

export interface CrashHarnessOptions {
  readonly cycles: number;
  /**
   * The negative controls, where the harness must find losses: `ack-before-write` under `kill -9`,
   * `unsynced-journal` (the journal written without fsync, `TK_TEST_UNSYNCED_JOURNAL`) under power
   * cuts of the kiosk.
   */
  readonly mode: "safe" | "ack-before-write" | "unsynced-journal";
  /**
   * Whose data directory loses power at each kill; without it, the kills are `kill -9` only. The
   * kiosk is then `ticket-kiosk run` itself (kioskChild.ts), not the crash kiosk.
   */
  readonly powerLoss?: "kiosk" | "central";
  readonly seed?: number;
  readonly tickets?: number;
  readonly progress?: (line: string) => void;
  /** Told as each cycle starts: its number, and the crash point armed (undefined: a kill at a random moment). */
  readonly onCycle?: (cycle: number, point: CrashPoint | undefined) => void;
}

export interface CrashReport extends Audit {
  readonly seed: number;
  readonly cycles: number;
  readonly randomKills: number;
  readonly crashPointKills: Readonly<Record<CrashPoint, number>>;
  readonly offlineCycles: number;
  /** Power cuts made, and what they threw away in all (files that lost data or names, bytes). */
  readonly powerCuts: number;
  readonly cutFiles: number;
  readonly cutBytes: number;
  readonly durationS: number;
}

export async function runCrashHarness(options: CrashHarnessOptions): Promise<CrashReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const rng = seededRandom(seed);
  const startedAt = performance.now();
  const dir = await tempDir("tk-crash-");
  const say = options.progress ?? (() => {});
  let central: CliProcess | undefined;
  let live: FaultProxy | undefined;
  let disk: PowerLossFs | undefined;
  try {
    if (options.powerLoss !== undefined)
      disk = await mountPowerLossFs(join(dir.path, "durable"), join(dir.path, "disk"));
    const dataDir = (who: "kiosk" | "central") =>
      join(disk !== undefined && options.powerLoss === who ? disk.mountpoint : dir.path, who);
    const codes = Array.from(
      { length: options.tickets ?? 24 },
      (_, i) => `CRASH-${String(i + 1).padStart(4, "0")}`,
    );
    const centralData = dataDir("central");
    const catalogue = join(dir.path, "catalogue.json");
    await writeFile(
      catalogue,
      JSON.stringify({
        stores: [{ id: "store-a", name: "台北信義店" }],
        orders: codes.map((code, i) => ({
          orderNumber: `#9${String(i).padStart(5, "0")}`,
          createdAt: "2026-11-01T10:00:00+08:00",
          customer: { name: "陳怡君", phone: "0912345678" },
          tickets: [
            {
              code,
              productName: "深層按摩 60 分鐘券",
              totalUnits: 100_000,
              redeemedUnits: 0,
              status: "active",
            },
          ],
        })),
      }),
    );
    const imported = await runCli(["central", "import", "--data", centralData, catalogue]);
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
    const { token } = parseIssued(
      await runCli([
        "central",
        "token",
        "--data",
        centralData,
        "--device",
        "crash-kiosk",
        "--store",
        "store-a",
      ]),
    );
    const startCentral = async (port: number) => {
      central = startCli(["central", "--data", centralData, "--port", String(port)]);
      // A restart under load (a Pi-sized CI machine) can take longer than the usual 15 s.
      return String((await central.waitForLog((line) => line.event === "listening", 60_000)).url);
    };
    const centralUrl = await startCentral(0);
    // The kiosk talks through a proxy: `refuseAll` is the network going down.
    const proxy = await startFaultProxy(centralUrl);
    live = proxy;

    const configFile = join(dir.path, "kiosk.json");
    await writeFile(
      configFile,
      JSON.stringify({
        dataDir: dataDir("kiosk"),
        device: { id: "crash-kiosk", storeId: "store-a" },
        central: { url: proxy.url, token, timeoutMs: 400, syncIntervalMs: 250 },
        // Read by `ticket-kiosk run` (codes on stdin, no debounce: the same codes come round
        // again within a second); the crash kiosk brings its own scanner.
        scanner: { kind: "keyboard", debounceMs: 0 },
        printer: { kind: "none" },
        feedback: { kind: "none" },
        ui: { kind: "none", confirm: "auto" },
        offline: { policy: "allow", maxUnitsPerRedemption: 5, maxSnapshotAgeMinutes: 1440 },
      }),
    );
    const drain = async () => {
      proxy.refuseAll = false;
      const child = startCrashKiosk(["--config", configFile, "--mode", "drain"], {});
      const timer = setTimeout(() => child.process.kill("SIGKILL"), 60_000);
      const how = await child.exited;
      clearTimeout(timer);
      if (!child.lines.includes("DRAINED")) throw new Error(`the drain run did not finish (${how})`);
    };
    await drain(); // a first snapshot, so offline cycles can redeem
    // The setup is long written in a shop that runs; the cuts are about what happens from here.
    await disk?.syncAll();
    const cuts: Cut[] = [];
    /** The central service's power cut: killed, its unsynced writes dropped, started again. */
    const cutCentralPower = async () => {
      await central?.kill("SIGKILL");
      if (disk !== undefined) cuts.push(await disk.cut());
      await startCentral(Number(new URL(centralUrl).port));
    };

    const acknowledged = new Set<string>();
    const crashPointKills = Object.fromEntries(crashPoints.map((p) => [p, 0])) as Record<CrashPoint, number>;
    let randomKills = 0;
    let offlineCycles = 0;
    for (let cycle = 1; cycle <= options.cycles; cycle += 1) {
      const offline = rng() < 0.3;
      proxy.refuseAll = offline;
      offlineCycles += offline ? 1 : 0;
      const point = rng() < 0.5 ? crashPoints[Math.floor(rng() * crashPoints.length)] : undefined;
      options.onCycle?.(cycle, point);
      const env: NodeJS.ProcessEnv = {
        ...(point === undefined
          ? {}
          : {
              TK_CRASH_POINT: point,
              TK_CRASH_CHANCE: "0.15",
              TK_CRASH_SEED: String(Math.floor(rng() * 2 ** 31)),
            }),
        ...(options.mode === "unsynced-journal" ? { TK_TEST_UNSYNCED_JOURNAL: "1" } : {}),
      };
      const rotated = [...codes.slice(cycle % codes.length), ...codes.slice(0, cycle % codes.length)];
      const child =
        options.powerLoss === undefined
          ? startCrashKiosk(
              ["--config", configFile, "--codes", rotated.join(","), "--mode", options.mode],
              env,
            )
          : startDaemonKiosk(configFile, rotated, env);
      let killedByUs = false;
      let centralCut = false;
      const runFor = (ms: number) =>
        Promise.race([child.exited, new Promise((resolve) => setTimeout(resolve, ms))]);
      try {
        await child.ready;
        const lifetimeMs = point === undefined ? 80 + rng() * 500 : 1000;
        if (options.powerLoss === "central") {
          const cutAtMs = rng() * lifetimeMs;
          await runFor(cutAtMs);
          await cutCentralPower();
          centralCut = true;
          await runFor(lifetimeMs - cutAtMs);
        } else {
          await runFor(lifetimeMs);
        }
      } catch {
        // Died before READY: a crash point during start-up sync; still a kill that counts.
      }
      if (options.powerLoss === "central" && !centralCut) await cutCentralPower();
      if (child.process.exitCode === null && child.process.signalCode === null) {
        killedByUs = true;
        child.process.kill("SIGKILL");
      }
      const how = await child.exited;
      if (!killedByUs && how !== "SIGKILL")
        throw new Error(`cycle ${cycle}: the kiosk failed by itself (${how}):\n${child.stderr()}`);
      if (!killedByUs && point !== undefined) crashPointKills[point] += 1;
      else randomKills += 1;
      for (const id of child.acks) acknowledged.add(id);
      if (disk !== undefined && options.powerLoss === "kiosk") cuts.push(await disk.cut());
      const armed = point === undefined ? "" : ` (armed: ${point})`;
      say(
        `cycle ${cycle}/${options.cycles}: ${killedByUs ? `killed${armed}` : `crashed at ${point}`}${offline ? ", offline" : ""}, ${child.acks.length} acknowledged`,
      );
    }
    await drain();

    const exported = await runCli(["journal", "export", "--config", configFile]);
    const entries = exported.stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as JournalEntry);
    const view = await serverView(centralUrl, token, codes);
    return {
      seed,
      cycles: options.cycles,
      randomKills,
      crashPointKills,
      offlineCycles,
      powerCuts: cuts.length,
      cutFiles: cuts.reduce((sum, cut) => sum + cut.files, 0),
      cutBytes: cuts.reduce((sum, cut) => sum + cut.bytes, 0),
      ...audit({ acknowledged, entries, ...view }),
      durationS: Math.round((performance.now() - startedAt) / 100) / 10,
    };
  } finally {
    await central?.kill("SIGTERM");
    await live?.close();
    await disk?.unmount();
    await dir.remove();
  }
}
