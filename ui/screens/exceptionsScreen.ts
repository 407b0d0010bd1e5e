/**
 * 例外清單 (docs/domain.md §2 step 6): redemptions the customer was told were made and the central service
 * did not simply accept — conflicts (another kiosk used the units first, named) and rejections
 * (with the server's reason) — newest first. Enter opens one, to void or reprint it; `*` prints the
 * list for a supervisor to hand on (issue 11).
 */
import type { HistoryRow } from "../../device/backOffice.js";
import { type BackOfficeMessages, backOfficeCatalogues } from "../backOfficeMessages.js";
import { safeText, truncate } from "../displayText.js";
import type { Key } from "../keys.js";
import { catalogues } from "../messages.js";
import { titled } from "../presenters.js";
import { layoutTable } from "../table.js";
import { formatShortDateTime } from "../timeText.js";
import type { Block, Click, ScreenView } from "../view.js";
import { PagedList, pagedListChrome } from "./pagedList.js";
import { PrintAction } from "./printAction.js";
import { RedemptionScreen } from "./redemptionScreen.js";
import { historyTone, productCell, stateCell } from "./rowCells.js";
import type { Nav, Screen, ViewContext } from "./screen.js";

/** `*` is on every keypad; `p` for a keyboard. */
const printKeys = new Set(["*", "p", "P"]);

function exceptionDetails(row: HistoryRow, b: BackOfficeMessages): string {
  if (row.attention !== undefined)
    return b.exceptions.attention[row.attention.problem](safeText(row.attention.detail));
  if (row.conflictWith.length > 0) return b.exceptions.usedFirstBy(row.conflictWith.map(safeText).join(", "));
  return row.reason === undefined ? "-" : safeText(row.reason);
}

export class ExceptionsScreen implements Screen {
  private readonly list: PagedList<HistoryRow>;
  private readonly print: PrintAction;

  constructor(private readonly nav: Nav) {
    this.print = new PrintAction(() => nav.changed());
    this.list = new PagedList(
      (request) => nav.backOffice.exceptions(request),
      () => nav.listRows(pagedListChrome),
      () => nav.changed(),
    );
  }

  resume(): void {
    this.list.reload();
  }

  key(key: Key): boolean {
    if (this.list.key(key)) return true;
    if (key.kind === "char" && printKeys.has(key.ch)) {
      this.print.run(() => this.nav.backOffice.printExceptions());
      return true;
    }
    if (key.kind !== "enter") return false;
    this.openSelected();
    return true;
  }

  click(click: Click): void {
    if (click.target !== "row") return;
    this.list.select(click.index);
    this.openSelected();
  }

  view(context: ViewContext): ScreenView {
    const b = backOfficeCatalogues[context.locale];
    const m = catalogues[context.locale];
    const rows = this.list.items();
    const c = b.history.columns;
    const table = layoutTable(
      [
        { header: c.time },
        { header: c.product, flex: true },
        { header: c.quantity, align: "right" },
        { header: c.state, max: 14 },
        { header: b.exceptions.columns.details, max: 30 },
      ],
      rows.map((row) => [
        formatShortDateTime(new Date(row.redemption.redeemedAt), context.timeZone),
        productCell(row),
        String(row.redemption.quantity),
        stateCell(row, b),
        exceptionDetails(row, b),
      ]),
      context.columns,
    );
    const none = !this.list.task.running() && this.list.task.error() === undefined && rows.length === 0;
    const blocks: Block[] = none
      ? [{ kind: "lines", lines: [truncate(b.exceptions.none, context.columns)], tone: "ok" }]
      : this.list.blocks(table, rows.map(historyTone), b, context.columns);
    const notice = this.print.notice(b, b.exceptions.printed, context.columns);
    if (notice !== undefined) blocks.push(notice);
    return {
      title: titled(m, b.exceptions.title),
      blocks,
      keys: truncate(b.exceptions.keys, context.columns),
      busy: this.list.task.running() || this.print.running(),
    };
  }

  private openSelected(): void {
    const row = this.list.current();
    if (row !== undefined) this.nav.open(new RedemptionScreen(this.nav, row));
  }
}
