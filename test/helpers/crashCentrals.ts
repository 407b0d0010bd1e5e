/**
 * The central service processes of the crash harness (crashHarness.ts): `ticket-kiosk central` on
 * a LevelDB folder, or one or two on one PostgreSQL database (several processes are one service,
 * docs/central.md). Each keeps its port across restarts, as a unit under systemd does.
 *
 * The harness kills a central with SIGKILL and starts it again, armed or not at a crash point of
 * the central (device/crashPoints.ts `central-…`, passes decided by a seed). A central that kills
 * itself there is started again at once, unarmed, as systemd's `Restart=always` would, and the
 * kill is counted.
 */
import type { CrashPoint } from "../../device/crashPoints.js";
import { type CliProcess, startCli } from "./cliProcess.js";

export type CentralCrashPoint = Extract<CrashPoint, `central-${string}`>;

export const centralCrashPoints: readonly CentralCrashPoint[] = [
  "central-before-commit",
  "central-after-commit",
];

export interface CentralArming {
  readonly point: CentralCrashPoint;
  /** Chance that one pass of the point kills. */
  readonly chance: number;
  readonly seed: number;
}

export class CrashCentrals {
  private readonly running: (CliProcess | undefined)[] = [];
  private readonly ports: number[] = [];
  /** Restarts after a central killed itself, awaited before the harness kills or stops it. */
  private readonly restarting = new Map<number, Promise<string>>();
  private stopping = false;
  readonly crashPointKills = Object.fromEntries(centralCrashPoints.map((point) => [point, 0])) as Record<
    CentralCrashPoint,
    number
  >;

  constructor(
    /** `--data DIR` or `--database URL`. */
    private readonly storeArgs: readonly string[],
    readonly count: number,
  ) {}

  /** Starts every central on a free port; their URLs. */
  async start(): Promise<string[]> {
    const urls: string[] = [];
    for (let index = 0; index < this.count; index += 1) {
      const url = await this.launch(index, 0, undefined);
      this.ports[index] = Number(new URL(url).port);
      urls.push(url);
    }
    return urls;
  }

  /**
   * SIGKILLs central `index` and starts it again on its port, `armed` or not; `whileDown` runs in
   * between (a power cut of its folder).
   */
  async killAndRestart(
    index: number,
    armed: CentralArming | undefined,
    whileDown: () => Promise<void> = async () => {},
  ): Promise<void> {
    await this.restarting.get(index);
    const central = this.running[index];
    this.running[index] = undefined;
    await central?.kill("SIGKILL");
    await whileDown();
    await this.launch(index, this.ports[index] ?? 0, armed);
  }

  /** Waits for restarts under way: afterwards every central is listening. */
  async settled(): Promise<void> {
    await Promise.all(this.restarting.values());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.restarting.values());
    await Promise.all(this.running.map((central) => central?.kill("SIGTERM")));
  }

  private async launch(index: number, port: number, armed: CentralArming | undefined): Promise<string> {
    const env =
      armed === undefined
        ? {}
        : {
            TK_CRASH_POINT: armed.point,
            TK_CRASH_CHANCE: String(armed.chance),
            TK_CRASH_SEED: String(armed.seed),
          };
    const central = startCli(["central", ...this.storeArgs, "--port", String(port)], env);
    this.running[index] = central;
    if (armed !== undefined) {
      void central.exited().then((how) => {
        // Killed by the harness (no longer the running one) or stopped: not a crash point's kill.
        if (this.stopping || this.running[index] !== central || how !== "SIGKILL") return;
        this.crashPointKills[armed.point] += 1;
        const restart = this.launch(index, port, undefined);
        this.restarting.set(index, restart);
        const done = () => {
          if (this.restarting.get(index) === restart) this.restarting.delete(index);
        };
        void restart.then(done, done);
      });
    }
    // A restart under load (a Pi-sized CI machine) can take longer than the usual 15 s.
    return String((await central.waitForLog((line) => line.event === "listening", 60_000)).url);
  }
}
