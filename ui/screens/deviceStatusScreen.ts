/**
 * 裝置狀態: everything the kiosk knows about its own health (KioskStatus, the same figures as
 * `GET /status`), live: it redraws whenever the status changes.
 */
import type { KioskStatus } from "../../device/kioskStatus.js";
import { backOfficeCatalogues } from "../backOfficeMessages.js";
import { safeText, truncate } from "../displayText.js";
import type { Key } from "../keys.js";
import { catalogues } from "../messages.js";
import { downloadText, fieldRows, titled } from "../presenters.js";
import { formatAge, formatDateTime } from "../timeText.js";
import type { ScreenView } from "../view.js";
import type { Screen, ViewContext } from "./screen.js";

export class DeviceStatusScreen implements Screen {
  constructor(private readonly status: () => KioskStatus) {}

  key(_key: Key): boolean {
    return false;
  }

  view(context: ViewContext): ScreenView {
    const b = backOfficeCatalogues[context.locale];
    const m = catalogues[context.locale];
    const f = b.device.fields;
    const s = this.status();
    const time = (iso: string | null) =>
      iso === null ? m.status.never : formatDateTime(new Date(iso), context.timeZone);
    const connection = s.online
      ? m.status.online
      : m.status.offlineBecause(m.offlineShort[s.offlineReason ?? "starting"]);
    const rows: [string, string][] = [
      [f.ready, s.ready ? b.common.yes : b.common.no],
      [f.version, safeText(s.version)],
      [f.deviceId, safeText(s.deviceId)],
      [f.store, `${safeText(s.storeName)} (${safeText(s.storeId)})`],
      [f.mode, b.device.mode[s.mode]],
      [f.connection, connection],
    ];
    if (s.offlineDetail !== null && s.offlineDetail !== "")
      rows.push([f.offlineDetail, safeText(s.offlineDetail)]);
    rows.push(
      [f.pendingSync, String(s.pendingSync)],
      [f.oldestPending, s.oldestPendingAgeS === null ? "-" : formatAge(s.oldestPendingAgeS)],
      [f.lastSync, time(s.lastSyncAt)],
      [f.exceptions, String(s.exceptions)],
      ...(s.download === null ? [] : [[m.download.label, downloadText(m, s.download)] as [string, string]]),
      [f.scanner, m.scannerState[s.scanner]],
      [f.printer, m.printerState[s.printer]],
      [f.clock, s.clockSynced ? b.device.clockSynced : b.device.clockUnsynced],
      [f.now, time(s.now)],
      [f.clerk, s.clerk === null ? b.device.nobody : safeText(s.clerk)],
    );
    return {
      title: titled(m, b.device.title),
      blocks: [fieldRows(rows, context.columns)],
      keys: truncate(b.device.keys, context.columns),
      busy: false,
    };
  }
}
