/**
 * Wall time and whether it can be trusted. A Raspberry Pi has no battery-backed clock: until NTP
 * has synchronised, `new Date()` may be days off (fake-hwclock restores the last shutdown time).
 * Each redemption records the answer, and the central service judges validity at its own time for
 * redemptions made with an unsynchronised clock.
 *
 * The rule: the clock counts as synchronised when systemd-timesyncd says so, or when it agrees
 * within 5 s with the central service's clock (its HTTP `Date` header) seen in the last 24 hours.
 */
import { existsSync } from "node:fs";

export interface Clock {
  now(): Date;
  /**
   * Milliseconds on a clock that only moves forward at a steady pace, whatever NTP or a person does
   * to the wall clock: for waiting (retry delays), never for dates.
   */
  monotonicMs(): number;
  /** True when the system clock is known to be synchronised. */
  synced(): boolean;
  /** The central service's clock read `serverMs` when the local clock read `localMs`. */
  observeServerTime?(serverMs: number, localMs: number): void;
}

/** The `Date` header has whole seconds: agreement within 5 s means the clock is right. */
const agreementMs = 5000;
const observationLifetimeMs = 24 * 60 * 60_000;

/** systemd-timesyncd creates this file once it has synchronised the clock. */
const timesyncFlag = "/run/systemd/timesync/synchronized";

export class SystemClock implements Clock {
  private checkedAtMs = 0;
  private ntpSynced = false;
  private agreedAtMonotonicMs: number | undefined;

  constructor(private readonly flagPath = timesyncFlag) {}

  now(): Date {
    return new Date();
  }

  monotonicMs(): number {
    return performance.now();
  }

  /** Looks at the flag at most once a minute: a scan must not wait on the file system. */
  synced(): boolean {
    const nowMs = Date.now();
    if (nowMs - this.checkedAtMs > 60_000) {
      this.ntpSynced = existsSync(this.flagPath);
      this.checkedAtMs = nowMs;
    }
    const agreed = this.agreedAtMonotonicMs;
    // Measured on the monotonic clock: a wall clock that jumps cannot extend its own credit.
    return this.ntpSynced || (agreed !== undefined && performance.now() - agreed < observationLifetimeMs);
  }

  observeServerTime(serverMs: number, localMs: number): void {
    // The header is truncated to the second, so the server's true time is up to 1 s later.
    const offsetMs = serverMs + 500 - localMs;
    if (Math.abs(offsetMs) <= agreementMs) this.agreedAtMonotonicMs = performance.now();
    else this.agreedAtMonotonicMs = undefined;
  }
}

/**
 * A clock tests can set and move: `set` steps the wall clock (as NTP or a person does) and leaves
 * the monotonic clock alone; `advance` is time passing, and moves both.
 */
export class FakeClock implements Clock {
  private elapsedMs = 0;

  constructor(
    private current: Date,
    private isSynced = true,
  ) {}

  now(): Date {
    return new Date(this.current);
  }
  monotonicMs(): number {
    return this.elapsedMs;
  }
  synced(): boolean {
    return this.isSynced;
  }
  set(at: Date, synced = this.isSynced): void {
    this.current = at;
    this.isSynced = synced;
  }
  advance(ms: number): void {
    this.elapsedMs += ms;
    this.current = new Date(this.current.getTime() + ms);
  }
}
