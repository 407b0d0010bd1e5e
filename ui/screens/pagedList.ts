/**
 * A list read from the back office a page at a time (票券訂單, 核銷紀錄, 例外清單): the page size is
 * what fits on the screen, ↑↓ move the cursor (across a page edge to the next or previous page),
 * ←→ and PgUp/PgDn turn pages. The list keeps the rows it has while the next page loads.
 */
import type { Page, PageRequest } from "../../device/backOffice.js";
import type { BackOfficeMessages } from "../backOfficeMessages.js";
import { truncate } from "../displayText.js";
import type { Key } from "../keys.js";
import type { TableText } from "../table.js";
import type { Block, RowTone } from "../view.js";
import { Task } from "./task.js";

/** Lines a paged list takes besides its rows: the table header, a blank line and the page line. */
export const pagedListChrome = 3;

export class PagedList<Row> {
  readonly task: Task;
  private rows: readonly Row[] = [];
  private page = 0;
  private more = false;
  private cursor = 0;
  private loaded = false;

  constructor(
    private readonly fetch: (request: PageRequest) => Promise<Page<Row>>,
    private readonly pageSize: () => number,
    changed: () => void,
  ) {
    this.task = new Task(changed);
  }

  /** Loads a page; the cursor goes to `cursorAt` (the last row for "last"). */
  load(page = 0, cursorAt: number | "last" = 0): void {
    this.task.run(
      () => this.fetch({ page, pageSize: this.pageSize() }),
      (result) => {
        this.rows = result.rows;
        this.page = result.page;
        this.more = result.hasMore;
        this.loaded = true;
        const last = Math.max(0, result.rows.length - 1);
        this.cursor = cursorAt === "last" ? last : Math.min(cursorAt, last);
      },
    );
  }

  /** A new query's first page: the old rows go at once, so they never show under the new heading. */
  restart(): void {
    this.rows = [];
    this.page = 0;
    this.more = false;
    this.loaded = false;
    this.load(0);
  }

  /** The same page again, the cursor kept (after a void, a redemption or a resize). */
  reload(): void {
    this.load(this.page, this.cursor);
  }

  current(): Row | undefined {
    return this.rows[this.cursor];
  }

  select(index: number): void {
    if (index >= 0 && index < this.rows.length) this.cursor = index;
  }

  key(key: Key): boolean {
    switch (key.kind) {
      case "up":
        if (this.cursor > 0) this.cursor -= 1;
        else if (this.page > 0) this.load(this.page - 1, "last");
        return true;
      case "down":
        if (this.cursor < this.rows.length - 1) this.cursor += 1;
        else if (this.more) this.load(this.page + 1);
        return true;
      case "left":
      case "pageup":
        if (this.page > 0) this.load(this.page - 1);
        return true;
      case "right":
      case "pagedown":
        if (this.more) this.load(this.page + 1);
        return true;
      default:
        return false;
    }
  }

  /** The table and, under it, the page line, the error or "nothing found". */
  blocks(
    table: TableText,
    tones: readonly (RowTone | undefined)[],
    m: BackOfficeMessages,
    columns: number,
  ): Block[] {
    const rows = table.rows.map((text, index) => ({
      text,
      tone: tones[index],
      click: { target: "row", index },
    }));
    const error = this.task.error();
    const footer =
      error !== undefined
        ? { text: m.common.failed(error), tone: "refused" as const }
        : this.task.running()
          ? { text: m.common.loading, tone: undefined }
          : this.loaded && this.rows.length === 0
            ? { text: m.common.empty, tone: undefined }
            : { text: m.common.page(this.page + 1, this.more), tone: undefined };
    return [
      { kind: "list", header: table.header, rows, selected: this.rows.length > 0 ? this.cursor : undefined },
      {
        kind: "lines",
        lines: [truncate(footer.text, columns)],
        tone: footer.tone,
        spinner: this.task.running(),
      },
    ];
  }

  items(): readonly Row[] {
    return this.rows;
  }
}
