/**
 * The 日結 (end-of-day) slip: units redeemed by product, then the day's voids, reprints, offline
 * entries, conflicts and what still waits to sync, for the supervisor's records.
 */
import type { SlipLine } from "./slipLayout.js";
import { formatSlipTime, SlipLayout } from "./slipLayout.js";

export interface DayReportSlip {
  readonly storeName: string;
  readonly deviceId: string;
  readonly clerkName: string | undefined;
  readonly day: string;
  readonly printedAt: Date;
  readonly timeZone: string;
  readonly byProduct: readonly {
    readonly productName: string;
    readonly units: number;
    readonly redemptions: number;
  }[];
  readonly totalUnits: number;
  readonly redemptions: number;
  readonly voids: number;
  readonly reprints: number;
  readonly offlineEntries: number;
  readonly conflicts: number;
  readonly pendingSync: number;
}

export function layoutDayReport(report: DayReportSlip, columns: number): SlipLine[] {
  const layout = new SlipLayout(columns);
  layout.paragraph(report.storeName, true, "center", "large");
  layout.add("日結 Day report", "center", "tall", true);
  layout.rule("=");
  layout.field("營業日 Day", report.day);
  layout.field("列印 Printed", formatSlipTime(report.printedAt, report.timeZone));
  layout.field("裝置 Device", report.deviceId);
  if (report.clerkName !== undefined) layout.field("店員 Clerk", report.clerkName);
  layout.rule("-");
  layout.add("商品 Product / 張數 Count / 單位 Units");
  if (report.byProduct.length === 0) layout.add("（無 none）");
  for (const line of report.byProduct) {
    layout.paragraph(line.productName);
    layout.field("", `${line.redemptions} / ${line.units}`);
  }
  layout.rule("-");
  layout.field("核銷總數 Units", String(report.totalUnits));
  layout.field("核銷筆數 Redemptions", String(report.redemptions));
  layout.field("取消核銷 Voids", String(report.voids));
  layout.field("補印 Reprints", String(report.reprints));
  layout.field("離線核銷 Offline", String(report.offlineEntries));
  layout.field("衝突 Conflicts", String(report.conflicts));
  layout.field("待同步 Pending sync", String(report.pendingSync));
  layout.rule("=");
  return layout.lines;
}
