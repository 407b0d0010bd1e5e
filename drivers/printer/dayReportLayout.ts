/**
 * The 日結 (end-of-day) slip: units redeemed by product, then the day's voids, reprints, offline
 * entries, conflicts and what still waits to sync, for the supervisor's records.
 */
import {
  type DayReportTerms,
  dayReportCells,
  dayReportColumns,
  dayReportFigures,
  dayReportTerms,
} from "../../device/dayReportTerms.js";
import type { DayReportSlip } from "../../device/ports/slipQueue.js";
import { printedWidth } from "./big5Text.js";
import type { SlipLine } from "./slipLayout.js";
import { formatSlipTime, SlipLayout } from "./slipLayout.js";

/** `商品 Product`: a slip prints both languages of the screen's word. */
const both = (pick: (terms: DayReportTerms) => string): string =>
  `${pick(dayReportTerms["zh-TW"])} ${pick(dayReportTerms.en)}`;

/**
 * What the 日結 screen shows, in its order and under its words in both languages: the day's
 * figures, then the table (product, its number columns, then the total).
 * A number column is as wide as its heading, so the heading fits 58 mm paper (32 columns) on a
 * line of its own and a product's numbers go under its name.
 */
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
  for (const figure of dayReportFigures) {
    layout.field(
      both((terms) => terms.figures[figure]),
      String(report[figure]),
    );
  }
  layout.rule("-");
  const headings = dayReportColumns.map((column) => both((terms) => terms[column]));
  const rows = [
    ...report.byProduct.map((line) => dayReportCells(line)),
    dayReportCells({ units: report.totalUnits, redemptions: report.redemptions }),
  ];
  const widths = headings.map((heading, i) =>
    Math.max(printedWidth(heading), ...rows.map((cells) => printedWidth(cells[i] ?? ""))),
  );
  layout.tableRow(
    both((terms) => terms.product),
    headings,
    widths,
    true,
  );
  if (report.byProduct.length === 0) layout.add("（無 none）");
  report.byProduct.forEach((line, i) => {
    layout.tableRow(line.productName, rows[i] ?? [], widths);
  });
  layout.tableRow(
    both((terms) => terms.total),
    rows.at(-1) ?? [],
    widths,
    true,
  );
  layout.rule("=");
  return layout.lines;
}
