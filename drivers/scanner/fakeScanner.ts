/**
 * A scanner driven by code, for tests and demos: `emitCode` is a scan, `setState` an unplug or a
 * replug. It emits codes exactly as given, as a real scanner emits codes already cleaned, and
 * like a real one it is silent unless started.
 */
import { EventEmitter } from "node:events";
import type { ScannerKind } from "../../device/ports/deviceKinds.js";
import type { ScannedCode, Scanner, ScannerEvents, ScannerState } from "../../device/ports/scanner.js";

export class FakeScanner extends EventEmitter<ScannerEvents> implements Scanner {
  private current: ScannerState = "disconnected";
  private running = false;

  /** `kind` is the scanner this one stands in for. */
  constructor(readonly kind: ScannerKind = "serial") {
    super();
  }

  async start(): Promise<void> {
    this.running = true;
    this.setState("connected");
  }

  async stop(): Promise<void> {
    this.running = false;
    this.setState("disconnected");
  }

  state(): ScannerState {
    return this.current;
  }

  /** Emits a scan; false (and nothing emitted) when the scanner is not started. */
  emitCode(code: string, source: ScannedCode["source"] = "scan"): boolean {
    if (!this.running) return false;
    this.emit("scan", { code, source });
    return true;
  }

  setState(state: ScannerState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit("state", state);
  }
}
