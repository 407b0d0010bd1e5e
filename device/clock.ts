/**
 * Wall time and whether it can be trusted. A Raspberry Pi has no battery-backed clock: until NTP
 * has synchronised, `new Date()` may be days off. Each redemption records the answer, and the
 * central service judges validity at its own time for redemptions made with an unsynchronised clock.
 */
import { existsSync } from "node:fs";

export interface Clock {
  now(): Date;
  /** True when the system clock is known to be synchronised. */
  synced(): boolean;
}

/** systemd-timesyncd creates this file once it has synchronised the clock. */
const timesyncFlag = "/run/systemd/timesync/synchronized";

export class SystemClock implements Clock {
  private checkedAtMs = 0;
  private lastAnswer = false;

  constructor(private readonly flagPath = timesyncFlag) {}

  now(): Date {
    return new Date();
  }

  /** Looks at the flag at most once a minute: a scan must not wait on the file system. */
  synced(): boolean {
    const nowMs = Date.now();
    if (nowMs - this.checkedAtMs > 60_000) {
      this.lastAnswer = existsSync(this.flagPath);
      this.checkedAtMs = nowMs;
    }
    return this.lastAnswer;
  }
}

/** A clock tests can set and move. */
export class FakeClock implements Clock {
  constructor(
    private current: Date,
    private isSynced = true,
  ) {}

  now(): Date {
    return new Date(this.current);
  }
  synced(): boolean {
    return this.isSynced;
  }
  set(at: Date, synced = this.isSynced): void {
    this.current = at;
    this.isSynced = synced;
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
