/** Records what a scanner emits, and waits (with a deadline) until it has emitted enough. */
import type { ScannedCode, Scanner, ScannerState } from "../../device/ports/scanner.js";

export class ScanRecorder {
  readonly scans: ScannedCode[] = [];
  readonly states: ScannerState[] = [];

  constructor(scanner: Scanner) {
    scanner.on("scan", (scanned) => this.scans.push(scanned));
    scanner.on("state", (state) => this.states.push(state));
  }

  get codes(): string[] {
    return this.scans.map((scanned) => scanned.code);
  }

  waitForScans(count: number, timeoutMs = 2000): Promise<void> {
    return waitUntil(
      () => this.scans.length >= count,
      () => this.describe(`${count} scan(s)`),
      timeoutMs,
    );
  }

  /** Waits until `state` has been emitted `times` times in all. */
  waitForState(state: ScannerState, times = 1, timeoutMs = 2000): Promise<void> {
    const seen = () => this.states.filter((s) => s === state).length;
    return waitUntil(
      () => seen() >= times,
      () => this.describe(`state ${state} ×${times}`),
      timeoutMs,
    );
  }

  private describe(what: string): string {
    return `${what}; scans ${JSON.stringify(this.codes)}, states ${JSON.stringify(this.states)}`;
  }
}

/** Polls `done` until it holds; after `timeoutMs` throws, saying what it waited for. */
export async function waitUntil(
  done: () => boolean,
  what: string | (() => string),
  timeoutMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    }
    await sleep(5);
  }
}

/** Lets timers of `ms` fire; for asserting that nothing more happened. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
