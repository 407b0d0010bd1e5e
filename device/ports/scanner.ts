/**
 * The scanner port: whatever the hardware, a scanner emits cleaned codes and its link state.
 */
import type { EventEmitter } from "node:events";

import type { ScannerKind } from "./deviceKinds.js";

export type ScannerState = "connected" | "disconnected" | "none";

export interface ScannedCode {
  readonly code: string;
  /** `scan` for a scanner (or a keyboard burst), `manual` for a person typing. */
  readonly source: "scan" | "manual";
}

export interface ScannerEvents {
  scan: [ScannedCode];
  state: [ScannerState];
}

export interface Scanner extends EventEmitter<ScannerEvents> {
  readonly kind: ScannerKind;
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): ScannerState;
}
