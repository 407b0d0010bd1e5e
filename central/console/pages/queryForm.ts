/**
 * The GET filter forms of 核銷紀錄, 例外清單 and 日結對帳: reading their fields from a query string
 * (anything malformed is as if absent, never an error page), writing them back into links, and
 * their select fields. A form works as a plain GET without JavaScript; with htmx it swaps only the
 * results (`resultsTarget`) and keeps the address bar in step.
 */
import { storeDay } from "../../../device/storeDay.js";
import { type Html, html } from "../html.js";

export type Query = Readonly<Record<string, unknown>>;

/** A trimmed text field, bounded; undefined when blank. */
export function textParam(query: Query, name: string, max = 100): string | undefined {
  const value = query[name];
  if (typeof value !== "string") return undefined;
  const text = value.trim().slice(0, max);
  return text === "" ? undefined : text;
}

/** A YYYY-MM-DD field naming a real day. */
export function dayParam(query: Query, name: string): string | undefined {
  const value = textParam(query, name, 10);
  return value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
    ? value
    : undefined;
}

/** A non-negative whole number field: a paging key. */
export function seqParam(query: Query, name: string): number | undefined {
  const value = textParam(query, name, 15);
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** One of `choices`, or undefined. */
export function choiceParam<T extends string>(
  query: Query,
  name: string,
  choices: readonly T[],
): T | undefined {
  const value = textParam(query, name);
  return choices.find((choice) => choice === value);
}

/** "yes" / "no" as a boolean; anything else undefined. */
export function yesNoParam(query: Query, name: string): boolean | undefined {
  const value = choiceParam(query, name, ["yes", "no"] as const);
  return value === undefined ? undefined : value === "yes";
}

/** Where a day starts and ends in a time zone, as instants. */
export function dayBounds(day: string, timeZone: string): { readonly from: string; readonly until: string } {
  // Noon UTC lies within the named day in every zone from UTC-12 to UTC+11.
  const bounds = storeDay(new Date(`${day}T12:00:00Z`), timeZone);
  return { from: bounds.from.toISOString(), until: bounds.to.toISOString() };
}

/** Today as YYYY-MM-DD in a time zone. */
export function today(now: Date, timeZone: string): string {
  return storeDay(now, timeZone).day;
}

/** A query string of the fields that have a value, `?` first; empty when none has. */
export function queryString(fields: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export function selectField(
  label: string,
  name: string,
  choices: readonly Choice[],
  selected: string | undefined,
): Html {
  return html`<label>${label}<select name="${name}">
${choices.map(
  (choice) =>
    html`<option value="${choice.value}"${choice.value === (selected ?? "") ? html` selected` : ""}>${choice.label}</option>`,
)}
</select></label>`;
}

export function textField(label: string, name: string, value: string | undefined, type = "text"): Html {
  return html`<label>${label}<input name="${name}" type="${type}" value="${value ?? ""}"></label>`;
}

export const resultsId = "results";

/** The attributes that make a GET form or link swap only the results with htmx. */
export const resultsTarget = html`hx-target="#${resultsId}" hx-select="#${resultsId}" hx-swap="outerHTML" hx-push-url="true"`;
