/**
 * The kiosk's one scanner: the configured scanner plus the keys typed into the kiosk's terminal,
 * with repeats of a code within the debounce window dropped.
 *
 * - Keys: whatever `scanner.kind` says, the terminal has a keyboard (or a keypad, or a wedge
 *   scanner typing into it). When the configured scanner is a keyboard scanner its keys are the
 *   terminal's; otherwise a second `KeyboardScanner` reads them, so a code typed beside a serial
 *   scanner is still a manual entry and a wedge scanner's burst still a scan.
 * - Manual entry (a person typing a code, docs/domain.md §2 step 1) counts only where `manualEntry` is on
 *   (counter mode); in self-service mode only scans count, so a customer cannot try codes by hand.
 *   Manual codes are never debounced: each Enter was meant.
 * - Scans are debounced per code (`CodeDebouncer`): a scanner repeating a code in view is one scan.
 */
import { EventEmitter } from "node:events";
import type { Logger } from "../../device/logger.js";
import type { ScannerKind } from "../../device/ports/deviceKinds.js";
import type { ScannedCode, Scanner, ScannerEvents, ScannerState } from "../../device/ports/scanner.js";
import type { CodeDebouncer } from "./codeDebouncer.js";
import type { KeyboardScanner } from "./keyboardScanner.js";

export interface DebouncedScannerOptions {
  readonly debouncer: CodeDebouncer;
  /** The terminal's keys: `inner` itself when it is a keyboard scanner. */
  readonly keys: KeyboardScanner;
  /** Whether codes typed by hand count (counter mode) or are dropped (self-service). */
  readonly manualEntry: boolean;
  readonly logger: Logger;
}

export class DebouncedScanner extends EventEmitter<ScannerEvents> implements Scanner {
  private readonly onScan = (scanned: ScannedCode): void => {
    const { debouncer, manualEntry, logger } = this.options;
    if (scanned.source === "manual") {
      if (manualEntry) this.emit("scan", scanned);
      else logger.info("a code typed by hand was ignored: self-service mode takes scans only");
      return;
    }
    if (debouncer.accept(scanned.code)) this.emit("scan", scanned);
  };
  private readonly onState = (state: ScannerState): void => {
    this.emit("state", state);
  };

  constructor(
    readonly inner: Scanner,
    private readonly options: DebouncedScannerOptions,
  ) {
    super();
  }

  get kind(): ScannerKind {
    return this.inner.kind;
  }

  async start(): Promise<void> {
    for (const source of this.sources()) source.off("scan", this.onScan).on("scan", this.onScan);
    this.inner.off("state", this.onState).on("state", this.onState);
    await this.inner.start();
  }

  async stop(): Promise<void> {
    await this.inner.stop();
    for (const source of this.sources()) source.off("scan", this.onScan);
    this.inner.off("state", this.onState);
  }

  state(): ScannerState {
    return this.inner.state();
  }

  /** One key typed into the terminal (see `KeyboardScanner.feedKey`). */
  feedKey(ch: string, atMs: number): void {
    this.options.keys.feedKey(ch, atMs);
  }

  /** Drops a half-typed code. */
  clear(): void {
    this.options.keys.clear();
  }

  private sources(): Scanner[] {
    const { keys } = this.options;
    return keys === this.inner ? [this.inner] : [this.inner, keys];
  }
}
