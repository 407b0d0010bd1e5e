/**
 * How far a first or full ticket download has come (issue 19): tickets stored out of the total the
 * central service gives on the first page (docs/protocol.md, `GET /v1/tickets`), and the time left
 * at the rate so far. `GET /status`, the status bar and 裝置狀態 show it; the log gets a line every
 * few seconds rather than one per page.
 */
import type { DownloadFigures } from "../device/kioskStatus.js";

/** A progress line in the log at most this often: a million tickets are 500 pages. */
const logIntervalMs = 5000;

export class DownloadProgress {
  private done = 0;
  private loggedAtMs: number;

  constructor(
    private readonly total: number,
    private readonly startedAtMs: number,
  ) {
    this.loggedAtMs = startedAtMs;
  }

  /**
   * Counts stored tickets. A ticket changed during the download comes again with its new revision,
   * so the count may pass the total; the figures stop at it.
   */
  advance(tickets: number): void {
    this.done += tickets;
  }

  figures(nowMs: number): DownloadFigures {
    const done = Math.min(this.done, this.total);
    const elapsedMs = nowMs - this.startedAtMs;
    const etaS =
      done === 0 || elapsedMs <= 0 ? null : Math.ceil(((this.total - done) * elapsedMs) / done / 1000);
    return { done, total: this.total, etaS };
  }

  /** True when a progress line is due; the next is due an interval later. */
  logDue(nowMs: number): boolean {
    if (nowMs - this.loggedAtMs < logIntervalMs) return false;
    this.loggedAtMs = nowMs;
    return true;
  }
}
