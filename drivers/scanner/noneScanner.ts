/** No scanner configured: codes are keyed in through the UI only. Never emits a scan. */
import { EventEmitter } from "node:events";
import type { Scanner, ScannerEvents, ScannerState } from "../../device/ports/scanner.js";

export class NoneScanner extends EventEmitter<ScannerEvents> implements Scanner {
  readonly kind = "none";

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  state(): ScannerState {
    return "none";
  }
}
