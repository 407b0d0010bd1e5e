/**
 * 核銷明細: one redemption in full (from 核銷紀錄, 已核銷 or 例外清單), with what a supervisor may do
 * about it: 取消核銷 (void), 補印 (reprint the slip, marked 補印 REPRINT), and 詳細訂單內容. A clerk
 * with the `redeem` role sees the details only. Shown again (after a void), it reads the
 * redemption afresh so its state is the journal's.
 */
import type { HistoryRow, ReprintOutcome } from "../../device/backOffice.js";
import { maskCode } from "../../device/domain.js";
import { type BackOfficeMessages, backOfficeCatalogues } from "../backOfficeMessages.js";
import { safeText, truncate } from "../displayText.js";
import type { Key } from "../keys.js";
import { listKey } from "../menu.js";
import { catalogues } from "../messages.js";
import { fieldRows, titled } from "../presenters.js";
import { formatDateTime } from "../timeText.js";
import type { Block, Click, ScreenView, Tone } from "../view.js";
import { clerkCell, productCell, stateCell } from "./rowCells.js";
import type { Nav, Screen, ViewContext } from "./screen.js";
import { Task } from "./task.js";
import { VoidScreen } from "./voidScreen.js";

type Action = "void" | "reprint" | "order";

/** How many redemptions of the ticket to read to find this one again. */
const refreshRows = 100;

export class RedemptionScreen implements Screen {
  private cursor = 0;
  private reprinted: ReprintOutcome | undefined;
  private readonly task: Task;

  constructor(
    private readonly nav: Nav,
    private row: HistoryRow,
  ) {
    this.task = new Task(() => nav.changed());
  }

  resume(): void {
    const { redemption } = this.row;
    this.task.run(
      () =>
        this.nav.backOffice.history({ ticketCode: redemption.ticketCode, page: 0, pageSize: refreshRows }),
      (page) => {
        const fresh = page.rows.find((row) => row.redemption.id === redemption.id);
        // Another kiosk's redemption is not in this kiosk's history: keep what was shown.
        if (fresh !== undefined)
          this.row = { ...fresh, productName: fresh.productName ?? this.row.productName };
        this.cursor = Math.min(this.cursor, Math.max(0, this.actions().length - 1));
      },
    );
  }

  key(key: Key): boolean {
    const actions = this.actions();
    const move = listKey(key, this.cursor, actions.length, true);
    if (move === undefined) return false;
    this.cursor = move.cursor;
    if (move.enter) this.act(actions[this.cursor]);
    return true;
  }

  click(click: Click): void {
    const action = this.actions()[click.index];
    if (click.target !== "action" || action === undefined) return;
    this.cursor = click.index;
    this.act(action);
  }

  view(context: ViewContext): ScreenView {
    const b = backOfficeCatalogues[context.locale];
    const m = catalogues[context.locale];
    const { columns } = context;
    const actions = this.actions();
    const blocks: Block[] = [fieldRows(this.fields(b, context.timeZone), columns)];
    if (actions.length > 0) {
      blocks.push({
        kind: "list",
        rows: actions.map((action, index) => ({
          text: truncate(`${index + 1}  ${b.redemption.actions[action]}`, columns),
          click: { target: "action", index },
        })),
        selected: this.cursor,
      });
    }
    const notice = this.notice(b);
    if (notice !== undefined) {
      blocks.push({
        kind: "lines",
        lines: [truncate(notice.text, columns)],
        tone: notice.tone,
        spinner: this.task.running(),
      });
    }
    return {
      title: titled(m, b.redemption.title),
      blocks,
      keys: truncate(actions.length > 0 ? b.redemption.keys : b.redemption.viewKeys, columns),
      busy: this.task.running(),
    };
  }

  private actions(): Action[] {
    if (this.nav.clerk()?.role !== "supervisor") return [];
    const { row } = this;
    const actions: Action[] = [];
    if (row.disposition === "redeemed" && row.state !== "voided") actions.push("void");
    // A voided redemption's slip would show units that no longer count.
    if (row.disposition === "redeemed" && row.state !== "voided") actions.push("reprint");
    if (row.orderNumber !== undefined) actions.push("order");
    return actions;
  }

  private act(action: Action | undefined): void {
    if (this.task.running()) return;
    switch (action) {
      case "void":
        this.reprinted = undefined;
        this.nav.open(new VoidScreen(this.nav, this.row));
        return;
      case "reprint":
        this.task.run(
          () => this.nav.backOffice.reprint(this.row.redemption.id),
          (outcome) => {
            this.reprinted = outcome;
          },
        );
        return;
      case "order":
        if (this.row.orderNumber !== undefined) this.nav.openOrder(this.row.orderNumber);
        return;
      case undefined:
        return;
    }
  }

  private notice(b: BackOfficeMessages): { text: string; tone: Tone | undefined } | undefined {
    const error = this.task.error();
    if (this.task.running()) return { text: b.common.working, tone: undefined };
    if (error !== undefined) return { text: b.common.failed(error), tone: "refused" };
    if (this.reprinted === undefined) return undefined;
    return {
      text: b.redemption.reprint[this.reprinted],
      tone: this.reprinted === "queued" ? "ok" : "refused",
    };
  }

  private fields(b: BackOfficeMessages, timeZone: string): [string, string][] {
    const { row } = this;
    const { redemption } = row;
    const f = b.redemption.fields;
    const time = formatDateTime(new Date(redemption.redeemedAt), timeZone);
    const rows: [string, string][] = [
      [f.time, redemption.clockSynced ? time : `${time}${b.redemption.clockUnsynced}`],
      [f.product, productCell(row)],
      [f.order, row.orderNumber === undefined ? "-" : safeText(row.orderNumber)],
      [f.code, maskCode(safeText(redemption.ticketCode))],
      [f.quantity, String(redemption.quantity)],
      [f.clerk, clerkCell(row)],
      [f.device, safeText(redemption.deviceId)],
      [f.source, b.source[redemption.source]],
      [f.state, stateCell(row, b)],
    ];
    if (row.conflictWith.length > 0) rows.push([f.conflictWith, row.conflictWith.map(safeText).join(", ")]);
    if (row.voided !== undefined) {
      const { reason, clerkId, at } = row.voided;
      const clerk = this.nav.backOffice.clerks().find((c) => c.id === clerkId)?.name ?? clerkId;
      rows.push([
        f.voided,
        b.redemption.voidedBy(safeText(reason), safeText(clerk), formatDateTime(new Date(at), timeZone)),
      ]);
    }
    rows.push([f.id, redemption.id.slice(0, 8)]);
    return rows;
  }
}
