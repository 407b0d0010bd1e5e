/**
 * A list with a filter form above it in spirit (票券訂單's 進階搜尋, 核銷紀錄's filters): the list
 * shows at once, a page at a time; Tab opens the form, Enter applies it and goes back to the list,
 * Esc leaves the form as it was applied. The heading says which filters are in force, in the
 * language on screen. Enter (or a click) on a row opens it.
 */
import type { Page, PageRequest } from "../../device/backOffice.js";
import { type BackOfficeMessages, backOfficeCatalogues } from "../backOfficeMessages.js";
import { truncate } from "../displayText.js";
import type { Key } from "../keys.js";
import { catalogues } from "../messages.js";
import { titled } from "../presenters.js";
import type { TableText } from "../table.js";
import type { Block, Click, RowTone, ScreenView } from "../view.js";
import { type FieldSpec, type FormProblem, FormState } from "./form.js";
import { PagedList, pagedListChrome } from "./pagedList.js";
import type { Nav, Screen, ViewContext } from "./screen.js";

export interface FilteredListSpec<Row, Filters extends object> {
  readonly title: (b: BackOfficeMessages) => string;
  readonly formTitle: (b: BackOfficeMessages) => string;
  /** The heading without filters, and with them. */
  readonly unfiltered: (b: BackOfficeMessages) => string;
  readonly filtered: (b: BackOfficeMessages, summary: string) => string;
  readonly keys: (b: BackOfficeMessages) => string;
  readonly formKeys: (b: BackOfficeMessages) => string;
  readonly fields: (b: BackOfficeMessages) => FieldSpec[];
  /** The form's values as filters, or what is wrong with them. */
  readonly filters: (form: FormState) => Filters | FormProblem;
  readonly fetch: (filters: Filters, request: PageRequest) => Promise<Page<Row>>;
  readonly table: (rows: readonly Row[], b: BackOfficeMessages, context: ViewContext) => TableText;
  readonly tones: (rows: readonly Row[], context: ViewContext) => (RowTone | undefined)[];
  readonly open: (row: Row) => void;
}

/** The heading line and the blank line under it. */
const chromeRows = 2 + pagedListChrome;

export class FilteredListScreen<Row, Filters extends object> implements Screen {
  private mode: "list" | "form" = "list";
  private readonly form = new FormState();
  private filters: Filters;
  private problem: FormProblem | undefined;
  /** The form's values when it was last applied, by field id (a choice by its index). */
  private applied = new Map<string, string | number>();
  private readonly list: PagedList<Row>;

  constructor(
    private readonly nav: Nav,
    private readonly spec: FilteredListSpec<Row, Filters>,
    initial: Filters,
  ) {
    this.filters = initial;
    this.list = new PagedList(
      (request) => spec.fetch(this.filters, request),
      () => nav.listRows(chromeRows),
      () => nav.changed(),
    );
  }

  resume(): void {
    this.list.reload();
  }

  key(key: Key): boolean {
    return this.mode === "form" ? this.formKey(key) : this.listKey(key);
  }

  click(click: Click): void {
    if (click.target === "row" && this.mode === "list") {
      this.list.select(click.index);
      this.openSelected();
    } else if (click.target === "field" && this.mode === "form") {
      this.form.focusOn(click.index, this.spec.fields(this.messages()));
    }
  }

  view(context: ViewContext): ScreenView {
    const b = backOfficeCatalogues[context.locale];
    const m = catalogues[context.locale];
    const { columns } = context;
    const { spec } = this;
    if (this.mode === "form") {
      const blocks: Block[] = [
        { kind: "list", rows: this.form.rows(spec.fields(b), columns), selected: this.form.focused() },
      ];
      if (this.problem !== undefined) {
        blocks.push({
          kind: "lines",
          lines: [truncate(problemText(b, this.problem), columns)],
          tone: "refused",
        });
      }
      return {
        title: titled(m, spec.formTitle(b)),
        blocks,
        keys: truncate(spec.formKeys(b), columns),
        busy: false,
      };
    }
    const rows = this.list.items();
    const summary = this.summary(b);
    return {
      title: titled(m, spec.title(b)),
      blocks: [
        {
          kind: "lines",
          lines: [truncate(summary === "" ? spec.unfiltered(b) : spec.filtered(b, summary), columns)],
        },
        ...this.list.blocks(spec.table(rows, b, context), spec.tones(rows, context), b, columns),
      ],
      keys: truncate(spec.keys(b), columns),
      busy: this.list.task.running(),
    };
  }

  private messages(): BackOfficeMessages {
    return backOfficeCatalogues[this.nav.locale()];
  }

  private openSelected(): void {
    const row = this.list.current();
    if (row !== undefined) this.spec.open(row);
  }

  private listKey(key: Key): boolean {
    if (this.list.key(key)) return true;
    switch (key.kind) {
      case "tab":
        this.mode = "form";
        return true;
      case "enter":
        this.openSelected();
        return true;
      default:
        return false;
    }
  }

  private formKey(key: Key): boolean {
    const fields = this.spec.fields(this.messages());
    switch (key.kind) {
      case "enter": {
        const filters = this.spec.filters(this.form);
        if (typeof filters === "string") {
          this.problem = filters;
          return true;
        }
        this.filters = filters;
        this.applied = new Map(
          fields.map((field) => [
            field.id,
            field.kind === "choice" ? this.form.choice(field.id) : this.form.text(field.id),
          ]),
        );
        this.problem = undefined;
        this.mode = "list";
        this.list.restart();
        return true;
      }
      case "escape":
        this.problem = undefined;
        this.mode = "list";
        return true;
      default:
        this.problem = undefined;
        return this.form.key(key, fields);
    }
  }

  /** The filters in force, as "label value" pairs in the current language (empty: none). */
  private summary(b: BackOfficeMessages): string {
    const parts: string[] = [];
    for (const field of this.spec.fields(b)) {
      const value = this.applied.get(field.id);
      if (field.kind === "choice" && typeof value === "number" && value > 0) {
        parts.push(`${field.label} ${field.choices[value] ?? ""}`);
      } else if (typeof value === "string" && value !== "") {
        parts.push(`${field.label} ${value}`);
      }
    }
    return parts.join(" / ");
  }
}

function problemText(b: BackOfficeMessages, problem: FormProblem): string {
  switch (problem) {
    case "phoneTooShort":
      return b.orders.phoneTooShort;
    case "badDate":
      return b.common.badDate;
    case "badRange":
      return b.common.badRange;
  }
}
