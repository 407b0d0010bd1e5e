/**
 * The kiosk's health in one object: what the status bar shows and what `GET /status` returns
 * (docs/protocol.md names the fields other programs rely on).
 */

import type { OfflineReason } from "./connectivity.js";
import type { PrinterState } from "./ports/printer.js";
import type { ScannerState } from "./ports/scanner.js";
import type { DamageSummary } from "./storeIntegrity.js";

/** How far a first or full ticket download has come (sync/downloadProgress.ts counts it). */
export interface DownloadFigures {
  readonly done: number;
  readonly total: number;
  /** Seconds left at the rate so far; null before the first page is stored. */
  readonly etaS: number | null;
}

export interface KioskStatus {
  readonly ready: boolean;
  readonly version: string;
  readonly deviceId: string;
  readonly storeId: string;
  readonly storeName: string;
  readonly mode: "counter" | "self-service";
  readonly online: boolean;
  /** Why the kiosk is offline (`unauthorized` means syncing has stopped until the token is fixed). */
  readonly offlineReason: OfflineReason | null;
  readonly offlineDetail: string | null;
  readonly pendingSync: number;
  readonly oldestPendingAgeS: number | null;
  readonly lastSyncAt: string | null;
  /** Redemptions the server answered with a conflict or a rejection (the exceptions list). */
  readonly exceptions: number;
  readonly scanner: ScannerState;
  readonly printer: PrinterState;
  readonly clockSynced: boolean;
  readonly now: string;
  /** The clerk logged in on the screen (counter mode), by name; null when nobody is. */
  readonly clerk: string | null;
  /** Scans waiting for the one being looked up or decided (device/kioskSession.ts). */
  readonly waitingScans: number;
  /**
   * What the journal's integrity check found (docs/reliability.md, "Corruption"), each finding in a
   * sentence; null while the journal is intact. While not null, nothing is redeemed.
   */
  readonly journalDamage: DamageSummary | null;
  /** Slips a crash left unqueued, queued again at start and not printed yet. */
  readonly recoveredSlips: number;
  /** While a first or full ticket download runs: how far it has come (issue 19); null otherwise. */
  readonly download: DownloadFigures | null;
}
