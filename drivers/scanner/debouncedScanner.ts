/**
 * Any scanner, with repeats of a code within the debounce window dropped. Codes a person keyed
 * in (`manual`) always pass: each Enter was meant.
 */
import { EventEmitter } from "node:events";
import type { CodeDebouncer } from "./codeDebouncer.js";
import { KeyboardScanner } from "./keyboardScanner.js";
import type { ScannedCode, Scanner, ScannerEvents, ScannerKind, ScannerState } from "./scanner.js";

export class DebouncedScanner extends EventEmitter<ScannerEvents> implements Scanner {
  private readonly onScan = (scanned: ScannedCode): void => {
    if (scanned.source === "manual" || this.debouncer.accept(scanned.code)) this.emit("scan", scanned);
  };
  private readonly onState = (state: ScannerState): void => {
    this.emit("state", state);
  };

  constructor(
    readonly inner: Scanner,
    private readonly debouncer: CodeDebouncer,
  ) {
    super();
  }

  get kind(): ScannerKind {
    return this.inner.kind;
  }

  async start(): Promise<void> {
    this.inner.off("scan", this.onScan).on("scan", this.onScan);
    this.inner.off("state", this.onState).on("state", this.onState);
    await this.inner.start();
  }

  async stop(): Promise<void> {
    await this.inner.stop();
    this.inner.off("scan", this.onScan);
    this.inner.off("state", this.onState);
  }

  state(): ScannerState {
    return this.inner.state();
  }

  /**
   * Hands a key to a keyboard scanner (see `KeyboardScanner.feedKey`). False when this scanner
   * takes no keys, so the UI keeps the key for itself.
   */
  feedKey(ch: string, atMs: number): boolean {
    if (!(this.inner instanceof KeyboardScanner)) return false;
    this.inner.feedKey(ch, atMs);
    return true;
  }

  /** Drops a half-typed keyboard code. */
  clear(): void {
    if (this.inner instanceof KeyboardScanner) this.inner.clear();
  }
}
