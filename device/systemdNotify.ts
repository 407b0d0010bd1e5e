/**
 * The service manager's side of a `Type=notify` unit (sd_notify(3); systemd/ticket-kiosk.service,
 * issue 6): READY=1 once the kiosk can redeem, WATCHDOG=1 at half of `WATCHDOG_USEC` while it is
 * healthy, STATUS= lines for `systemctl status`, STOPPING=1 when a stop begins. Only `main.ts` uses
 * this: the process and its dealings with systemd belong to the entry point.
 *
 * How a message gets there: the protocol is one AF_UNIX datagram to `$NOTIFY_SOCKET`, and Node has
 * no unix datagram sockets (`dgram` is UDP only). A native module would need a prebuild per Pi
 * architecture; socat or python3 are not on every Pi; `systemd-notify` ships in the `systemd`
 * package wherever systemd runs, so we spawn it. What that implies:
 * - The datagram comes from a child, not the main process: the units say `NotifyAccess=all`.
 * - systemd attributes a message to a unit by the sender's cgroup, looked up after the message
 *   arrives. `systemd-notify` (v246+) then sends BARRIER=1 and waits until systemd has processed
 *   everything, so the sender is still alive when systemd looks. We never pass `--no-block`, which
 *   would bring that race back.
 * - `systemd-notify` reads `$NOTIFY_SOCKET` itself, abstract names (`@…`) included.
 * - Spawning costs a few milliseconds; messages are few (a ping every WatchdogSec/2, status changes).
 *
 * READY carries MAINPID=<this process>: under the screen setup (systemd/console.conf) the process
 * systemd started is cage, two processes above the kiosk. Naming the kiosk as the main process makes
 * `KillMode=mixed` send SIGTERM to it alone (cage and foot keep drawing while the redemption in
 * progress finishes), and makes the kiosk's exit status the one `Restart=on-failure` judges.
 */
import { spawn } from "node:child_process";
import type { KioskStatus } from "./kioskStatus.js";
import type { Logger } from "./logger.js";

/**
 * How long a stop may take before `main` gives up and exits non-zero: 5 s inside the units'
 * `TimeoutStopSec=45s`, after which systemd would SIGKILL. The longest legitimate stop is a
 * redemption waiting out `central.timeoutMs` (at most 30 s) before its offline decision.
 */
export const stopDeadlineMs = 40_000;

/** Delivers one notification: `VAR=VALUE` assignments sent as one datagram. */
export interface NotifySender {
  send(assignments: readonly string[]): Promise<void>;
}

/** Runs a command to completion; rejects when it cannot start, fails or outlives `timeoutMs`. */
export type CommandRunner = (command: string, args: readonly string[], timeoutMs: number) => Promise<void>;

export const runCommand: CommandRunner = (command, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], timeout: timeoutMs });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code ?? signal}: ${stderr.trim()}`));
    });
  });

/** `systemd-notify VAR=VALUE…`; it inherits `$NOTIFY_SOCKET` from this process. */
export class SystemdNotifyCommand implements NotifySender {
  /** systemd-notify gives up on its barrier after 5 s; anything longer is stuck. */
  private static readonly timeoutMs = 10_000;

  constructor(private readonly run: CommandRunner = runCommand) {}

  send(assignments: readonly string[]): Promise<void> {
    return this.run("systemd-notify", assignments, SystemdNotifyCommand.timeoutMs);
  }
}

/**
 * Queues notifications so they arrive in order (READY before the first WATCHDOG, STOPPING last).
 * A failed delivery is logged, never thrown: systemd acts on what does not arrive (a start timeout,
 * a missed watchdog), which is the right outcome for a kiosk that cannot reach it.
 */
export class SystemdNotifier {
  private queue: Promise<void> = Promise.resolve();
  private lastStatus: string | undefined;
  private pingQueued = false;
  private failures = 0;

  constructor(
    private readonly sender: NotifySender,
    private readonly logger: Logger,
    private readonly pid: number = process.pid,
  ) {}

  /** A notifier when systemd started us with `Type=notify` (it sets `NOTIFY_SOCKET`), else undefined. */
  static fromEnv(env: NodeJS.ProcessEnv, logger: Logger): SystemdNotifier | undefined {
    return env.NOTIFY_SOCKET ? new SystemdNotifier(new SystemdNotifyCommand(), logger) : undefined;
  }

  ready(): void {
    this.enqueue(["READY=1", `MAINPID=${this.pid}`]);
  }

  /** One line for `systemctl status`; an unchanged line is not sent again. */
  status(text: string): void {
    const line = oneLine(text);
    if (line === this.lastStatus) return;
    this.lastStatus = line;
    this.enqueue([`STATUS=${line}`]);
  }

  /** At most one ping waits in the queue: a slow delivery must not pile up a backlog of them. */
  watchdog(): void {
    if (this.pingQueued) return;
    this.pingQueued = true;
    this.enqueue(["WATCHDOG=1"], () => {
      this.pingQueued = false;
    });
  }

  stopping(text: string): void {
    this.lastStatus = oneLine(text);
    this.enqueue(["STOPPING=1", `STATUS=${this.lastStatus}`]);
  }

  /** The watchdog systemd asked for (`WatchdogSec=`), pinging through us; undefined when none. */
  createWatchdog(
    healthy: () => Promise<boolean>,
    env: NodeJS.ProcessEnv = process.env,
  ): Watchdog | undefined {
    const intervalMs = watchdogIntervalMs(env, this.pid);
    if (intervalMs === undefined) return undefined;
    return new Watchdog({ intervalMs, healthy, ping: () => this.watchdog(), logger: this.logger });
  }

  /** Resolves once everything queued so far has been delivered or has failed. */
  flush(): Promise<void> {
    return this.queue;
  }

  private enqueue(assignments: readonly string[], sent?: () => void): void {
    this.queue = this.queue
      .then(() => this.sender.send(assignments))
      .catch((error: unknown) => {
        this.failures += 1;
        // The first failure says why; repeats (every watchdog ping) would only flood the journal.
        if (this.failures === 1 || this.failures % 100 === 0) {
          this.logger.error("could not notify systemd", { error, failures: this.failures, assignments });
        }
      })
      .finally(sent);
  }
}

/** STATUS= is one line; a newline would start another assignment. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ").slice(0, 200);
}

/**
 * The watchdog period: half of `WATCHDOG_USEC`, as sd_watchdog_enabled(3) advises; undefined when
 * there is no watchdog or it is meant for another process (`WATCHDOG_PID` names the main process
 * systemd started, so a kiosk run below cage must have it removed: systemd/console-session).
 */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid: number = process.pid): number | undefined {
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isSafeInteger(usec) || usec <= 0) return undefined;
  if (env.WATCHDOG_PID !== undefined && Number(env.WATCHDOG_PID) !== pid) return undefined;
  return Math.max(1, Math.floor(usec / 2000));
}

export interface WatchdogOptions {
  readonly intervalMs: number;
  /**
   * Whether the process can still do its job. The event loop is checked by the ping itself (a stuck
   * loop runs no timer); this checks what the loop depends on, such as the journal answering.
   * A check that never settles stops the pings too, which is what systemd needs to see.
   */
  readonly healthy: () => Promise<boolean>;
  readonly ping: () => void;
  readonly logger: Logger;
}

/** Pings now and every `intervalMs` while healthy; stops pinging (systemd restarts us) when not. */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private wasHealthy = true;

  constructor(private readonly options: WatchdogOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    // At once: systemd may have started counting when it started the process, not at READY.
    void this.tick();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    let healthy = false;
    let error: unknown;
    try {
      healthy = await this.options.healthy();
    } catch (caught) {
      error = caught;
    }
    if (!this.running) return;
    if (healthy) this.options.ping();
    if (healthy !== this.wasHealthy) {
      if (healthy) this.options.logger.info("healthy again: watchdog pings resume");
      else this.options.logger.error("unhealthy: watchdog pings stop, systemd will restart us", { error });
      this.wasHealthy = healthy;
    }
    this.timer = setTimeout(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }
}

/** The kiosk's state in one line for `systemctl status`. */
export function kioskStatusLine(status: KioskStatus): string {
  const link = status.online ? "online" : `offline (${status.offlineReason ?? "unknown"})`;
  const pending =
    status.pendingSync === 0
      ? "nothing to sync"
      : `${status.pendingSync} to sync, oldest ${status.oldestPendingAgeS ?? 0} s`;
  const damaged = status.journalDamage === null ? "" : "JOURNAL DAMAGED, not redeeming; ";
  return `${damaged}${status.ready ? "ready" : "not ready"}; ${link}; ${pending}; scanner ${status.scanner}; printer ${status.printer}`;
}
