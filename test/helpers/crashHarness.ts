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
 * With `central: "postgres"`, the central service runs on a throwaway PostgreSQL cluster
 * (pgCluster.ts), as one or two processes on its one database behind the proxy as behind a load
 * balancer, beside one or more kiosks. Each cycle one central is SIGKILLed at a seeded moment, or
 * dies at a seeded pass of a crash point between its write and its commit or between its commit
 * and its answer (crashCentrals.ts), and starts again; with two, the kiosks keep going through
 * the other meanwhile. Beyond the checks above, no journal entry is left unsynced, and the
 * database holds no ticket whose online units exceed its total.
 * Used by `npm test` (a few dozen cycles) and by `bench/crashRun.ts` (hundreds, with figures).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { type CrashPoint, seededRandom } from "../../device/crashPoints.js";
import type { JournalEntry } from "../../device/journal.js";
import { runCli } from "./cliProcess.js";
import {
  type CentralArming,
  type CentralCrashPoint,
  CrashCentrals,
  centralCrashPoints,
} from "./crashCentrals.js";
import { type FaultProxy, startFaultProxy } from "./faultProxy.js";
import { tempDir } from "./fixtures.js";
import { type KioskChild, startCrashKiosk, startDaemonKiosk } from "./kioskChild.js";
import { PgCluster } from "./pgCluster.js";
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
  /** The central service's store: LevelDB (the default) or PostgreSQL, `centrals` processes on it. */
  readonly central?: "level" | "postgres";
  readonly centrals?: 1 | 2;
  /** Kiosk processes redeeming side by side, each a device of its own; 1 unless given. */
  readonly kiosks?: number;
  /**
   * Units of each of the first quarter of the tickets (100,000 unless given): few, so the kiosks
   * run them out and offline redemptions of their last units are recorded as conflicts.
   */
  readonly scarceUnits?: number;
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
  /** Central processes killed by the harness, and those that died at a crash point of their own. */
  readonly centralKills: number;
  readonly centralCrashPointKills: Readonly<Record<CentralCrashPoint, number>>;
  /** Records the server holds with status `conflict`. */
  readonly conflicts: number;
  /** PostgreSQL only: tickets whose online units exceed their total in the database. */
  readonly overdrawn: readonly string[];
  readonly durationS: number;
}

export async function runCrashHarness(options: CrashHarnessOptions): Promise<CrashReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const rng = seededRandom(seed);
  const startedAt = performance.now();
  const dir = await tempDir("tk-crash-");
  const say = options.progress ?? (() => {});
  let centrals: CrashCentrals | undefined;
  let live: FaultProxy | undefined;
  let disk: PowerLossFs | undefined;
  let cluster: PgCluster | undefined;
  try {
    if (options.powerLoss !== undefined)
      disk = await mountPowerLossFs(join(dir.path, "durable"), join(dir.path, "disk"));
    const dataDir = (who: "kiosk" | "central") =>
      join(disk !== undefined && options.powerLoss === who ? disk.mountpoint : dir.path, who);
    const codes = Array.from(
      { length: options.tickets ?? 24 },
      (_, i) => `CRASH-${String(i + 1).padStart(4, "0")}`,
    );
    const scarce = options.scarceUnits === undefined ? 0 : Math.floor(codes.length / 4);
    let databaseUrl: string | undefined;
    if (options.central === "postgres") {
      cluster = await PgCluster.start();
      databaseUrl = await cluster.createDatabase();
    }
    const storeArgs =
      databaseUrl === undefined ? ["--data", dataDir("central")] : ["--database", databaseUrl];
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
              totalUnits: i < scarce ? options.scarceUnits : 100_000,
              redeemedUnits: 0,
              status: "active",
            },
          ],
        })),
      }),
    );
    const imported = await runCli(["central", "import", ...storeArgs, catalogue]);
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
    const kioskCount = options.kiosks ?? 1;
    const kiosks: { readonly configFile: string; readonly token: string; readonly dataDir: string }[] = [];
    for (let k = 0; k < kioskCount; k += 1) {
      const suffix = k === 0 ? "" : `-${k + 1}`;
      const { token } = parseIssued(
        await runCli([
          "central",
          "token",
          ...storeArgs,
          "--device",
          `crash-kiosk${suffix}`,
          "--store",
          "store-a",
        ]),
      );
      kiosks.push({
        configFile: join(dir.path, `kiosk${suffix}.json`),
        token,
        dataDir: `${dataDir("kiosk")}${suffix}`,
      });
    }
    centrals = new CrashCentrals(storeArgs, databaseUrl === undefined ? 1 : (options.centrals ?? 1));
    const running = centrals;
    // The kiosks talk through a proxy: `refuseAll` is the network going down.
    const proxy = await startFaultProxy(await running.start());
    live = proxy;

    // A PostgreSQL central answers a batch in round trips per entry: on a busy machine a drain's
    // batches take seconds, and a kiosk that gives up sooner retries them for ever.
    const uploadTimeoutMs = databaseUrl === undefined ? 400 : 5000;
    for (const [k, kiosk] of kiosks.entries()) {
      await writeFile(
        kiosk.configFile,
        JSON.stringify({
          dataDir: kiosk.dataDir,
          device: { id: `crash-kiosk${k === 0 ? "" : `-${k + 1}`}`, storeId: "store-a" },
          central: { url: proxy.url, token: kiosk.token, timeoutMs: uploadTimeoutMs, syncIntervalMs: 250 },
          // Read by `ticket-kiosk run` (codes on stdin, no debounce: the same codes come round
          // again within a second); the crash kiosk brings its own scanner.
          scanner: { kind: "keyboard", debounceMs: 0 },
          printer: { kind: "none" },
          feedback: { kind: "none" },
          ui: { kind: "none", confirm: "auto" },
          offline: { policy: "allow", maxUnitsPerRedemption: 5, maxSnapshotAgeMinutes: 1440 },
        }),
      );
    }
    const drain = async () => {
      proxy.refuseAll = false;
      await running.settled();
      for (const { configFile } of kiosks) {
        const child = startCrashKiosk(["--config", configFile, "--mode", "drain"], {});
        const timer = setTimeout(() => child.process.kill("SIGKILL"), 180_000);
        const how = await child.exited;
        clearTimeout(timer);
        if (!child.lines.includes("DRAINED"))
          throw new Error(`the drain run did not finish (${how}):\n${child.stderr()}`);
      }
    };
    await drain(); // a first snapshot, so offline cycles can redeem
    // The setup is long written in a shop that runs; the cuts are about what happens from here.
    await disk?.syncAll();
    const cuts: Cut[] = [];
    const killsCentral = options.powerLoss === "central" || databaseUrl !== undefined;
    let centralKills = 0;
    /** A central's kill: with power loss, its unsynced writes are dropped before it starts again. */
    const killCentral = async (index: number, armed: CentralArming | undefined) => {
      centralKills += 1;
      await running.killAndRestart(index, armed, async () => {
        if (disk !== undefined && options.powerLoss === "central") cuts.push(await disk.cut());
      });
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
      const children: KioskChild[] = kiosks.map(({ configFile }, k) => {
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
        const turn = (cycle + k) % codes.length;
        const rotated = [...codes.slice(turn), ...codes.slice(0, turn)];
        return options.powerLoss === undefined
          ? startCrashKiosk(
              ["--config", configFile, "--codes", rotated.join(","), "--mode", options.mode],
              env,
            )
          : startDaemonKiosk(configFile, rotated, env);
      });
      // Which central dies this cycle, and whether it comes back armed at a crash point of its own.
      const victim = databaseUrl === undefined ? 0 : Math.floor(rng() * running.count);
      const arming = databaseUrl === undefined ? undefined : centralArming(rng);
      let centralKilled = false;
      const runFor = (ms: number) =>
        Promise.race([
          Promise.all(children.map((child) => child.exited)),
          new Promise((resolve) => setTimeout(resolve, ms)),
        ]);
      try {
        await Promise.all(children.map((child) => child.ready));
        // A journal that loses what it was never asked to sync can only be caught losing a
        // redemption it acknowledged: its cut waits for the first one, however slow the machine.
        if (options.mode === "unsynced-journal") await firstAcknowledgement(children);
        const lifetimeMs = point === undefined ? 80 + rng() * 500 : 1000;
        if (killsCentral) {
          const killAtMs = rng() * lifetimeMs;
          await runFor(killAtMs);
          await killCentral(victim, arming);
          centralKilled = true;
          await runFor(lifetimeMs - killAtMs);
        } else {
          await runFor(lifetimeMs);
        }
      } catch {
        // Died before READY: a crash point during start-up sync; still a kill that counts.
      }
      if (killsCentral && !centralKilled) await killCentral(victim, arming);
      const ends: string[] = [];
      let acks = 0;
      for (const child of children) {
        let killedByUs = false;
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
        acks += child.acks.length;
        const armed = point === undefined ? "" : ` (armed: ${point})`;
        ends.push(killedByUs ? `killed${armed}` : `crashed at ${point}`);
      }
      if (disk !== undefined && options.powerLoss === "kiosk") cuts.push(await disk.cut());
      const central =
        databaseUrl === undefined
          ? ""
          : `; central ${victim + 1} killed, back ${arming === undefined ? "unarmed" : `armed: ${arming.point}`}`;
      say(
        `cycle ${cycle}/${options.cycles}: ${ends.join(", ")}${offline ? ", offline" : ""}, ${acks} acknowledged${central}`,
      );
    }
    await drain();

    const entries: JournalEntry[] = [];
    for (const { configFile } of kiosks) {
      const exported = await runCli(["journal", "export", "--config", configFile]);
      entries.push(
        ...exported.stdout
          .split("\n")
          .filter((line) => line !== "")
          .map((line) => JSON.parse(line) as JournalEntry),
      );
    }
    const view = await serverView(proxy.url, kiosks[0]?.token ?? "", codes);
    return {
      seed,
      cycles: options.cycles,
      randomKills,
      crashPointKills,
      offlineCycles,
      powerCuts: cuts.length,
      cutFiles: cuts.reduce((sum, cut) => sum + cut.files, 0),
      cutBytes: cuts.reduce((sum, cut) => sum + cut.bytes, 0),
      centralKills,
      centralCrashPointKills: { ...running.crashPointKills },
      conflicts: view.records.filter((record) => record.status === "conflict").length,
      overdrawn: databaseUrl === undefined ? [] : await overdrawnTickets(databaseUrl),
      ...audit({ acknowledged, entries, ...view }),
      durationS: Math.round((performance.now() - startedAt) / 100) / 10,
    };
  } finally {
    await centrals?.stop();
    await live?.close();
    await disk?.unmount();
    await cluster?.stop();
    await dir.remove();
  }
}

/** Half the restarts armed, at one of the central's crash points, a pass in ten killing. */
function centralArming(rng: () => number): CentralArming | undefined {
  if (rng() < 0.5) return undefined;
  const point = centralCrashPoints[Math.floor(rng() * centralCrashPoints.length)] ?? "central-after-commit";
  return { point, chance: 0.1, seed: Math.floor(rng() * 2 ** 31) };
}

/**
 * Tickets whose imported and online units exceed their total, read from the database itself: the
 * `CHECK` of 001_initial.sql says there are none, and this asks the database, not the service.
 */
async function overdrawnTickets(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ code: string }>(
      "SELECT code FROM tickets WHERE imported_units + accepted_units > total_units ORDER BY code",
    );
    return rows.map((row) => row.code);
  } finally {
    await client.end();
  }
}

/** Resolves at the first redemption any of `children` acknowledged, or when they have all exited. */
async function firstAcknowledgement(children: readonly KioskChild[]): Promise<void> {
  const exited = Promise.all(children.map((child) => child.exited));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  while (!done && children.every((child) => child.acks.length === 0))
    await new Promise((resolve) => setTimeout(resolve, 20));
}
