/**
 * The same code seen again within a window is one scan (docs/domain.md §2 step 1): scanners in continuous
 * mode repeat a code while it stays in view, and a nervous hand scans twice.
 *
 * The window slides: it restarts each time the code is seen, so a ticket held under a scanner
 * for ten seconds is still one scan. Every code has its own window, so two tickets in the field
 * of view (the scanner alternating A, B, A, B) are two scans, not a stream of them.
 */

export const defaultDebounceWindowMs = 1500;

export interface CodeDebouncerOptions {
  readonly windowMs?: number | undefined;
  /** Monotonic milliseconds; wall time jumps when a Pi without a battery clock synchronises. */
  readonly now?: (() => number) | undefined;
}

export class CodeDebouncer {
  private readonly windowMs: number;
  private readonly now: () => number;
  /** Code → when it was last seen. Only codes seen within the window are kept. */
  private readonly lastSeen = new Map<string, number>();

  constructor(options: CodeDebouncerOptions = {}) {
    this.windowMs = options.windowMs ?? defaultDebounceWindowMs;
    this.now = options.now ?? (() => performance.now());
  }

  /** True when `code` is a new scan, false when it repeats one seen within the window. */
  accept(code: string): boolean {
    const at = this.now();
    this.forgetOlderThan(at - this.windowMs);
    const repeat = this.lastSeen.has(code);
    // Delete first so the map stays in order of last sighting, which `forgetOlderThan` relies on.
    this.lastSeen.delete(code);
    this.lastSeen.set(code, at);
    return !repeat;
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [code, seenAt] of this.lastSeen) {
      if (seenAt > cutoff) return;
      this.lastSeen.delete(code);
    }
  }
}
