/**
 * The words and order of 日結, shared by its screen (ui/screens/dayReportScreen.ts) and its slip
 * (drivers/printer/dayReportLayout.ts), so the two cannot drift apart: issue 11 found the slip's
 * columns in another order and under other words than the screen's. The screen shows one language;
 * the slip prints both, Chinese first, as every slip label does.
 */
import type { DayReport } from "./backOffice.js";

export type DayReportFigure = "voids" | "reprints" | "offlineEntries" | "conflicts" | "pendingSync";

/** The day's figures under the table, in the order both the screen and the slip give them. */
export const dayReportFigures: readonly DayReportFigure[] = [
  "voids",
  "reprints",
  "offlineEntries",
  "conflicts",
  "pendingSync",
];

/** The table's number columns, after the product's, in order. */
export const dayReportColumns = ["units", "redemptions"] as const;

export interface DayReportTerms {
  readonly product: string;
  readonly units: string;
  readonly redemptions: string;
  readonly total: string;
  readonly figures: Readonly<Record<DayReportFigure, string>>;
}

export const dayReportTerms: Readonly<Record<"zh-TW" | "en", DayReportTerms>> = {
  "zh-TW": {
    product: "商品",
    units: "核銷單位",
    redemptions: "筆數",
    total: "合計",
    figures: {
      voids: "取消核銷",
      reprints: "補印",
      offlineEntries: "離線核銷",
      conflicts: "衝突",
      pendingSync: "待同步",
    },
  },
  en: {
    product: "Product",
    units: "Units",
    redemptions: "Redemptions",
    total: "Total",
    figures: {
      voids: "Voids",
      reprints: "Reprints",
      offlineEntries: "Offline redemptions",
      conflicts: "Conflicts",
      pendingSync: "Pending sync",
    },
  },
};

/** A table row's numbers, in `dayReportColumns` order. */
export function dayReportCells(line: Pick<DayReport, "redemptions"> & { readonly units: number }): string[] {
  return dayReportColumns.map((column) => String(line[column]));
}
