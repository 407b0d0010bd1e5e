/**
 * The one reconnect-with-backoff loop every device link uses: the serial scanner, the Firmata IO
 * board and the Pi's GPIO lines (docs/hardware.md). Capped exponential backoff as SignalK server
 * does for its serial inputs: after a failure the link is tried again after `initialMs`, each
 * further wait `factor` times the last, never more than `maxMs`; a success starts over.
 *
 * It owns the count and the waiting timer; the adapter owns what an attempt is and what to say.
 * Failure cases handled:
 * - A failure while a retry already waits (an unplug reported twice: `close` and `error`): one
 *   retry, not two racing opens.
 * - `stop()` while a retry waits: cancelled, and a failure reported afterwards (a late close)
 *   schedules nothing until `start()`.
 * - A flood of failures: `Failure.first` says which one begins a streak, so the adapter warns once
 *   and logs the retries that follow as debug lines.
 */
import type { ReconnectPolicy } from "../device/ports/reconnect.js";
import type { Schedule } from "./feedback/outputPlayer.js";

/** What a failure means for the log line and the retry. */
export interface Failure {
  /** The first failure since the link was last up (or ever): worth a warning; later ones are not. */
  readonly first: boolean;
  /** How long the retry that follows this failure waits. */
  readonly retryInMs: number;
}

/**
 * Real timers, kept referenced: a device being waited for is work the daemon still has to do.
 * (The feedback patterns' `timerSchedule` unreferences its timers; a retry must not be lost.)
 */
const retryTimers: Schedule = (run, delayMs) => {
  const timer = setTimeout(run, delayMs);
  return () => clearTimeout(timer);
};

export class ReconnectingLink {
  /** Failures since the link was last up: the backoff exponent. */
  private failures = 0;
  private active = false;
  private cancelWait: (() => void) | undefined;

  /**
   * `attempt` tries the link once and never rejects; it reports its own outcome with `succeeded()`
   * or `failed()`. `schedule` is real timers unless a test moves time by hand.
   */
  constructor(
    private readonly policy: ReconnectPolicy,
    private readonly attempt: () => Promise<void>,
    private readonly schedule: Schedule = retryTimers,
  ) {}

  /** Allows retries from now on. */
  start(): void {
    this.active = true;
  }

  /** Cancels a waiting retry; failures schedule none until `start()`. The streak is kept. */
  stop(): void {
    this.active = false;
    this.cancelWait?.();
    this.cancelWait = undefined;
  }

  /** The link is up: the next failure begins a new streak and waits `initialMs` again. */
  succeeded(): void {
    this.failures = 0;
  }

  /** The link failed to come up or was lost: counts it and schedules one retry (unless one waits). */
  failed(): Failure {
    const { initialMs, factor, maxMs } = this.policy;
    const retryInMs = Math.min(maxMs, initialMs * factor ** this.failures);
    this.failures++;
    const failure = { first: this.failures === 1, retryInMs };
    if (this.active && this.cancelWait === undefined) {
      this.cancelWait = this.schedule(() => {
        this.cancelWait = undefined;
        // `attempt` never rejects (see the constructor); the loop goes on through its own report.
        void this.attempt();
      }, failure.retryInMs);
    }
    return failure;
  }
}
