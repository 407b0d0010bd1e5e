/**
 * A form of one-line fields (進階搜尋, the 核銷紀錄 filter, a void's own reason): ↑↓ Tab move between
 * fields, typing and Backspace edit a text field, ←→ change a choice. Labels come from the
 * catalogue at each draw, so a language switch relabels a half-filled form; values are kept by id.
 */
import { displayWidth, padEnd, safeText, truncateStart } from "../displayText.js";
import type { Key } from "../keys.js";
import { parseDay } from "../timeText.js";
import type { ListRow } from "../view.js";

export type FieldSpec =
  | {
      readonly id: string;
      readonly label: string;
      readonly kind: "text";
      readonly maxChars: number;
      /** Characters the field takes (e.g. digits for a phone); any printable one when absent. */
      readonly accepts?: RegExp | undefined;
      /** Shown beside an empty field: the format expected. */
      readonly hint?: string | undefined;
    }
  | {
      readonly id: string;
      readonly label: string;
      readonly kind: "choice";
      readonly choices: readonly string[];
    };

export class FormState {
  private readonly texts = new Map<string, string>();
  private readonly choices = new Map<string, number>();
  private focus = 0;

  text(id: string): string {
    return (this.texts.get(id) ?? "").trim();
  }

  choice(id: string): number {
    return this.choices.get(id) ?? 0;
  }

  setChoice(id: string, index: number): void {
    this.choices.set(id, index);
  }

  focused(): number {
    return this.focus;
  }

  focusOn(index: number, specs: readonly FieldSpec[]): void {
    if (index >= 0 && index < specs.length) this.focus = index;
  }

  /** The keys a form uses; false for any other (Enter, Esc: the screen's). */
  key(key: Key, specs: readonly FieldSpec[]): boolean {
    const spec = specs[this.focus];
    if (spec === undefined) return false;
    switch (key.kind) {
      case "up":
      case "backtab":
        this.focus = (this.focus + specs.length - 1) % specs.length;
        return true;
      case "down":
      case "tab":
        this.focus = (this.focus + 1) % specs.length;
        return true;
      case "left":
      case "right":
        if (spec.kind !== "choice") return false;
        this.choices.set(
          spec.id,
          (this.choice(spec.id) + (key.kind === "right" ? 1 : spec.choices.length - 1)) % spec.choices.length,
        );
        return true;
      case "backspace":
        if (spec.kind === "text")
          this.texts.set(spec.id, [...(this.texts.get(spec.id) ?? "")].slice(0, -1).join(""));
        return true;
      case "char": {
        if (spec.kind !== "text") return true;
        const current = this.texts.get(spec.id) ?? "";
        const ch = safeText(key.ch);
        if (ch !== "" && (spec.accepts?.test(ch) ?? true) && [...current].length < spec.maxChars) {
          this.texts.set(spec.id, `${current}${ch}`);
        }
        return true;
      }
      default:
        return false;
    }
  }

  /** One row per field: the label padded to one width, the value, a cursor on the focused field. */
  rows(specs: readonly FieldSpec[], columns: number): ListRow[] {
    const labelWidth = Math.max(...specs.map((spec) => displayWidth(spec.label)));
    const valueWidth = Math.max(4, columns - labelWidth - 3);
    return specs.map((spec, index) => {
      const focused = index === this.focus;
      let value: string;
      if (spec.kind === "choice") value = `< ${spec.choices[this.choice(spec.id)] ?? ""} >`;
      else {
        const text = this.texts.get(spec.id) ?? "";
        const shown = `${text}${focused ? "_" : ""}`;
        value = text === "" && spec.hint !== undefined ? `${shown}  (${spec.hint})` : shown;
      }
      return {
        text: `${padEnd(spec.label, labelWidth)}  ${truncateStart(value, valueWidth)}`,
        click: { target: "field", index },
      };
    });
  }
}

/** What is wrong with a form as filled in, for the line under it. */
export type FormProblem = "phoneTooShort" | "badDate" | "badRange";

/** Two date fields as the instants of a range of store days (from's start to to's end). */
export function dateRange(
  form: FormState,
  fromId: string,
  toId: string,
  timeZone: string,
): { readonly from: Date | undefined; readonly to: Date | undefined } | FormProblem {
  const from = form.text(fromId);
  const to = form.text(toId);
  const fromDay = from === "" ? undefined : parseDay(from, timeZone);
  const toDay = to === "" ? undefined : parseDay(to, timeZone);
  if ((from !== "" && fromDay === undefined) || (to !== "" && toDay === undefined)) return "badDate";
  if (fromDay !== undefined && toDay !== undefined && fromDay.start > toDay.start) return "badRange";
  return { from: fromDay?.start, to: toDay?.end };
}

/** A text field's value for a query: absent when empty. */
export function optionalText(form: FormState, id: string): string | undefined {
  const text = form.text(id);
  return text === "" ? undefined : text;
}
