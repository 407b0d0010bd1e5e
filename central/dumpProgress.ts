/**
 * How far `ticket-kiosk central export` or `restore` has come, on stderr, as `central import`
 * reports (importProgress.ts): on a terminal one line redrawn in place at most every second; on a
 * pipe or a file (systemd, a script, CI) a JSON line every `lineEvery` records and one at the end,
 * so the same lines whatever the machine's speed. A dump's size is not known before it is read, so
 * this counts records, with the rate.
 */
import type { Writable } from "node:stream";

const redrawIntervalMs = 1000;
const lineEvery = 100_000;

export class DumpProgressReport {
  private readonly startedAtMs: number;
  private shownAtMs = Number.NEGATIVE_INFINITY;
  private records = 0;
  private lastLineAt = 0;

  constructor(
    private readonly phase: "export" | "restore",
    private readonly out: Writable & { readonly isTTY?: boolean },
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.startedAtMs = nowMs();
  }

  /** The listener to hand to the dump or the load: the records done so far. */
  readonly listener = (records: number): void => {
    this.records = records;
    const now = this.nowMs();
    if (this.out.isTTY === true) {
      if (now - this.shownAtMs < redrawIntervalMs) return;
      this.shownAtMs = now;
      this.out.write(`\r${this.phase} ${records} records ${this.rate(now)}/s`);
      return;
    }
    if (records - this.lastLineAt < lineEvery) return;
    this.lastLineAt = records - (records % lineEvery);
    this.writeLine(now, false);
  };

  /** The final figures: the line redrawn and ended, or the last JSON line. */
  finish(): void {
    const now = this.nowMs();
    if (this.out.isTTY === true) {
      this.out.write(`\r${this.phase} ${this.records} records ${this.rate(now)}/s\n`);
      return;
    }
    this.writeLine(now, true);
  }

  private writeLine(now: number, done: boolean): void {
    const event = `${this.phase}_${done ? "done" : "progress"}`;
    this.out.write(`${JSON.stringify({ event, records: this.records, ratePerS: this.rate(now) })}\n`);
  }

  private rate(now: number): number {
    const elapsedMs = now - this.startedAtMs;
    return elapsedMs <= 0 ? 0 : Math.round((this.records * 1000) / elapsedMs);
  }
}
