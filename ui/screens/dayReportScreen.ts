/**
 * 日結 (docs/domain.md §2): one store day as this kiosk saw it — units and redemptions by product, then
 * voids, reprints, offline redemptions, conflicts and what still waits to sync — on screen, and
 * printed with Enter. ←→ go a day back or forward (never past today).
 */
import type { DayReport } from "../../device/backOffice.js";
import { dayReportCells, dayReportColumns, dayReportFigures } from "../../device/dayReportTerms.js";
import { type BackOfficeMessages, backOfficeCatalogues } from "../backOfficeMessages.js";
import { safeText, truncate } from "../displayText.js";
import type { Key } from "../keys.js";
import { catalogues } from "../messages.js";
import { titled } from "../presenters.js";
import { layoutTable } from "../table.js";
import { formatDate } from "../timeText.js";
import type { Block, ScreenView } from "../view.js";
import { PrintAction } from "./printAction.js";
import type { Nav, Screen, ViewContext } from "./screen.js";
import { Task } from "./task.js";

const dayMs = 86_400_000;

export class DayReportScreen implements Screen {
  /** Days before today (0: today). */
  private daysBack = 0;
  private report: DayReport | undefined;
  private readonly load: Task;
  private readonly print: PrintAction;

  constructor(private readonly nav: Nav) {
    this.load = new Task(() => nav.changed());
    this.print = new PrintAction(() => nav.changed());
  }

  resume(): void {
    const day = this.day();
    this.load.run(
      () => this.nav.backOffice.dayReport(day),
      (report) => {
        this.report = report;
      },
    );
  }

  key(key: Key): boolean {
    switch (key.kind) {
      case "left":
      case "right": {
        const next = Math.max(0, this.daysBack + (key.kind === "left" ? 1 : -1));
        if (next !== this.daysBack) {
          this.daysBack = next;
          this.print.forget();
          this.report = undefined;
          this.resume();
        }
        return true;
      }
      case "enter":
        if (this.report !== undefined) {
          const day = this.day();
          this.print.run(() => this.nav.backOffice.printDayReport(day));
        }
        return true;
      default:
        return false;
    }
  }

  view(context: ViewContext): ScreenView {
    const b = backOfficeCatalogues[context.locale];
    const m = catalogues[context.locale];
    const { columns } = context;
    const day = formatDate(this.day(), context.timeZone);
    const store = safeText(this.nav.status().storeName);
    const blocks: Block[] = [{ kind: "lines", lines: [truncate(b.dayReport.heading(day, store), columns)] }];
    const { report } = this;
    const error = this.load.error();
    if (report === undefined) {
      blocks.push(
        error === undefined
          ? { kind: "lines", lines: [b.common.loading], spinner: true }
          : { kind: "lines", lines: [truncate(b.common.failed(error), columns)], tone: "refused" },
      );
    } else {
      blocks.push(...reportBlocks(report, b, columns));
    }
    const notice = this.print.notice(b, b.dayReport.printed, columns);
    if (notice !== undefined) blocks.push(notice);
    return {
      title: titled(m, b.dayReport.title),
      blocks,
      keys: truncate(b.dayReport.keys, columns),
      busy: this.load.running() || this.print.running(),
    };
  }

  private day(): Date {
    return new Date(this.nav.now().getTime() - this.daysBack * dayMs);
  }
}

/** The day's figures in two lines (they must fit beside the products at 80×24), then the table by product. */
function reportBlocks(report: DayReport, b: BackOfficeMessages, columns: number): Block[] {
  const terms = b.dayReport.terms;
  const table = layoutTable(
    [
      { header: terms.product, flex: true },
      ...dayReportColumns.map((column) => ({ header: terms[column], align: "right" as const })),
    ],
    [
      ...report.byProduct.map((row) => [safeText(row.productName), ...dayReportCells(row)]),
      [terms.total, ...dayReportCells({ units: report.totalUnits, redemptions: report.redemptions })],
    ],
    Math.min(columns, 60),
  );
  const figures = dayReportFigures.map((figure) => `${terms.figures[figure]} ${report[figure]}`);
  return [
    {
      kind: "lines",
      lines: [figures.slice(0, 3).join("   "), figures.slice(3).join("   ")].map((line) =>
        truncate(line, columns),
      ),
    },
    { kind: "list", header: table.header, rows: table.rows.map((text) => ({ text })), selected: undefined },
  ];
}
