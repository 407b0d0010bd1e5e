/**
 * 詳細訂單內容 (docs/domain.md §2): the order's heading, then two tabs — 未核銷, its tickets with units
 * left, where Enter redeems the chosen ticket through the usual confirm screen (source
 * `order-detail`); and 已核銷, the redemptions of its tickets, where Enter opens one (void, reprint),
 * then, per ticket, the units used where this kiosk has no record of them (他處核銷), so a ticket
 * used up elsewhere is in 已核銷 too (issue 11).
 * It reloads whenever it is shown again, so a redemption or a void just made is there.
 */
import type { HistoryRow, OrderDetail, TicketRow, UnlistedUse } from "../../device/backOffice.js";
import { type BackOfficeMessages, backOfficeCatalogues } from "../backOfficeMessages.js";
import { safeText, truncate } from "../displayText.js";
import type { Key } from "../keys.js";
import { catalogues } from "../messages.js";
import { fieldRows, productName, titled } from "../presenters.js";
import { layoutTable, type TableText, visibleWindow } from "../table.js";
import { formatDateTime, formatShortDateTime } from "../timeText.js";
import type { Block, Click, RowTone, ScreenView } from "../view.js";
import { RedemptionScreen } from "./redemptionScreen.js";
import {
  clerkCell,
  codeCell,
  customerCell,
  historyTone,
  orderTicketCells,
  productCell,
  standingTone,
  stateCell,
  ticketStanding,
} from "./rowCells.js";
import type { Nav, Screen, ViewContext } from "./screen.js";
import { Task } from "./task.js";

type Tab = "unredeemed" | "redeemed";

/** A line of 已核銷: a redemption this kiosk knows, or a ticket's units used without a record here. */
type RedeemedLine =
  | { readonly kind: "redemption"; readonly row: HistoryRow }
  | { readonly kind: "unlisted"; readonly use: UnlistedUse };

/** The heading's three lines, the tabs, the units line and the table header, with blank lines between (已核銷 adds a line). */
const chromeRows = 9;

export class OrderDetailScreen implements Screen {
  private readonly task: Task;
  private detail: OrderDetail | undefined;
  private missing = false;
  private tab: Tab = "unredeemed";
  private readonly cursor: Record<Tab, number> = { unredeemed: 0, redeemed: 0 };

  constructor(
    private readonly nav: Nav,
    private readonly orderNumber: string,
  ) {
    this.task = new Task(() => nav.changed());
  }

  resume(): void {
    this.task.run(
      () => this.nav.backOffice.orderDetail(this.orderNumber),
      (detail) => {
        this.detail = detail;
        this.missing = detail === undefined;
        this.clampCursors();
      },
    );
  }

  key(key: Key): boolean {
    switch (key.kind) {
      case "left":
      case "right":
      case "tab":
      case "backtab":
        this.tab = this.tab === "unredeemed" ? "redeemed" : "unredeemed";
        return true;
      case "up":
      case "down": {
        const count = this.rowCount(this.tab);
        this.cursor[this.tab] = Math.max(
          0,
          Math.min(count - 1, this.cursor[this.tab] + (key.kind === "up" ? -1 : 1)),
        );
        return true;
      }
      case "enter":
        this.activate();
        return true;
      default:
        return false;
    }
  }

  click(click: Click): void {
    if (click.target === "tab") this.tab = click.index === 0 ? "unredeemed" : "redeemed";
    else if (click.target === "row" && click.index < this.rowCount(this.tab)) {
      this.cursor[this.tab] = click.index;
      this.activate();
    }
  }

  view(context: ViewContext): ScreenView {
    const b = backOfficeCatalogues[context.locale];
    const m = catalogues[context.locale];
    const { columns } = context;
    const title = titled(m, b.order.title);
    const keys = truncate(this.tab === "unredeemed" ? b.order.unredeemedKeys : b.order.redeemedKeys, columns);
    const busy = this.task.running();
    const error = this.task.error();
    const { detail } = this;
    if (detail === undefined) {
      const line =
        error !== undefined
          ? { lines: [truncate(b.common.failed(error), columns)], tone: "refused" as const }
          : this.missing
            ? { lines: [truncate(b.order.notFound, columns)], tone: "refused" as const }
            : { lines: [b.common.loading], tone: undefined };
      return { title, blocks: [{ kind: "lines", ...line, spinner: busy }], keys, busy };
    }
    const unredeemed = this.unredeemed();
    const total = detail.tickets.reduce((sum, row) => sum + row.ticket.totalUnits, 0);
    const left = detail.tickets.reduce((sum, row) => sum + Math.max(0, row.remaining), 0);
    const visible = this.nav.listRows(chromeRows + (this.tab === "redeemed" ? 1 : 0));
    const blocks: Block[] = [
      fieldRows(
        [
          [b.order.fields.order, safeText(detail.orderNumber)],
          [
            b.order.fields.created,
            detail.createdAt === undefined
              ? "-"
              : formatDateTime(new Date(detail.createdAt), context.timeZone),
          ],
          [b.order.fields.customer, customerCell(detail.customer)],
        ],
        columns,
      ),
      {
        kind: "tabs",
        tabs: [
          {
            label: b.order.unredeemedTab(unredeemed.length),
            active: this.tab === "unredeemed",
            click: { target: "tab", index: 0 },
          },
          {
            label: b.order.redeemedTab(this.redeemedLines().length),
            active: this.tab === "redeemed",
            click: { target: "tab", index: 1 },
          },
        ],
      },
      {
        kind: "lines",
        lines: (this.tab === "redeemed"
          ? [b.order.unitsUsed(total - left, total), b.order.redeemedNote]
          : [b.order.unitsUsed(total - left, total)]
        ).map((line) => truncate(line, columns)),
        spinner: busy,
      },
    ];
    if (this.tab === "unredeemed") {
      const table = this.unredeemedTable(b, unredeemed, context);
      const tones = unredeemed.map((row) =>
        standingTone(ticketStanding(row.ticket, row.remaining, context.now)),
      );
      blocks.push(windowed(table, tones, this.cursor.unredeemed, visible, b));
    } else {
      const lines = this.redeemedLines();
      const tones = lines.map((line) => (line.kind === "redemption" ? historyTone(line.row) : undefined));
      blocks.push(windowed(this.redeemedTable(b, lines, context), tones, this.cursor.redeemed, visible, b));
    }
    if (error !== undefined)
      blocks.push({ kind: "lines", lines: [truncate(b.common.failed(error), columns)], tone: "refused" });
    return { title, blocks, keys, busy };
  }

  private unredeemedTable(
    b: BackOfficeMessages,
    rows: readonly TicketRow[],
    context: ViewContext,
  ): TableText {
    const c = b.order.columns;
    return layoutTable(
      [
        { header: c.code, max: 20 },
        { header: c.product, flex: true },
        { header: c.left, align: "right" },
        { header: c.validUntil },
        { header: c.standing, max: 10 },
      ],
      rows.map((row) => orderTicketCells(row, b, context.now, context.timeZone)),
      context.columns,
    );
  }

  private redeemedTable(
    b: BackOfficeMessages,
    lines: readonly RedeemedLine[],
    context: ViewContext,
  ): TableText {
    const h = b.history.columns;
    return layoutTable(
      [
        { header: h.time },
        { header: b.order.columns.code, max: 20 },
        { header: h.product, flex: true },
        { header: h.quantity, align: "right" },
        { header: h.clerk, max: 10 },
        { header: h.state, max: 12 },
      ],
      lines.map((line) => {
        if (line.kind === "unlisted") {
          const { ticket, units } = line.use;
          return ["-", codeCell(ticket.code), productName(ticket), String(units), "-", b.order.unlisted];
        }
        const { row } = line;
        return [
          formatShortDateTime(new Date(row.redemption.redeemedAt), context.timeZone),
          codeCell(row.redemption.ticketCode),
          productCell(this.withProduct(row)),
          String(row.redemption.quantity),
          clerkCell(row),
          stateCell(row, b),
        ];
      }),
      context.columns,
    );
  }

  private redeemedLines(): RedeemedLine[] {
    const detail = this.detail;
    if (detail === undefined) return [];
    return [
      ...detail.redeemed.map((row) => ({ kind: "redemption" as const, row })),
      ...detail.unlisted.map((use) => ({ kind: "unlisted" as const, use })),
    ];
  }

  private unredeemed(): TicketRow[] {
    return (this.detail?.tickets ?? []).filter((row) => row.remaining > 0);
  }

  private rowCount(tab: Tab): number {
    return tab === "unredeemed" ? this.unredeemed().length : this.redeemedLines().length;
  }

  private clampCursors(): void {
    for (const tab of ["unredeemed", "redeemed"] as const) {
      this.cursor[tab] = Math.max(0, Math.min(this.cursor[tab], this.rowCount(tab) - 1));
    }
  }

  /** Redemptions other kiosks made come without a product name: the order's own ticket has it. */
  private withProduct(row: HistoryRow): HistoryRow {
    if (row.productName !== undefined) return row;
    const ticket = this.detail?.tickets.find((t) => t.ticket.code === row.redemption.ticketCode)?.ticket;
    return { ...row, productName: ticket === undefined ? undefined : productName(ticket) };
  }

  private activate(): void {
    if (this.tab === "unredeemed") {
      const row = this.unredeemed()[this.cursor.unredeemed];
      if (row !== undefined) this.nav.redeem(row.ticket.code);
      return;
    }
    // Units used elsewhere have no record here to open.
    const line = this.redeemedLines()[this.cursor.redeemed];
    if (line?.kind === "redemption")
      this.nav.open(new RedemptionScreen(this.nav, this.withProduct(line.row)));
  }
}

/** The rows that fit around the cursor; a click's index is the row's own. */
function windowed(
  table: TableText,
  tones: readonly (RowTone | undefined)[],
  cursor: number,
  visible: number,
  b: BackOfficeMessages,
): Block {
  if (table.rows.length === 0)
    return {
      kind: "list",
      header: table.header,
      rows: [{ text: b.common.empty, tone: "muted" }],
      selected: undefined,
    };
  const { start, end } = visibleWindow(table.rows.length, cursor, visible);
  const rows = table.rows.slice(start, end).map((text, i) => ({
    text,
    tone: tones[start + i],
    click: { target: "row", index: start + i },
  }));
  return { kind: "list", header: table.header, rows, selected: cursor - start };
}
