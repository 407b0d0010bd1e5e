/**
 * Secondary keys over the local ticket snapshot, so 進階搜尋 answers from LevelDB range scans
 * instead of reading a million tickets. One key per field a clerk searches by:
 * - `o|<order number>|<code>`
 * - `p|<phone digits reversed>|<code>` — "last digits" becomes a prefix scan
 * - `n|<customer name>|<code>` — a surname finds the family
 * - `r|<product name>|<code>` — products are few, listed in their own sublevel for substring search
 * - `d|<order created at, UTC>|<code>` — date ranges
 * A code prefix needs no index: tickets are keyed by code.
 */
import type { Ticket } from "./domain.js";

export type IndexField = "o" | "p" | "n" | "r" | "d";

/** Separates key parts; below every printable character, so `a|` sorts before `ab|`. */
export const separator = "\u0001";
/** The end of a prefix range. */
export const highest = "\uffff";

/** Names compare without case and width differences (全形 letters, stray spaces). */
export function normalise(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase();
}

/**
 * An order number as a clerk types it: shops print `#100317`, a keypad has no `#` (issue 11), so
 * the leading marks are not part of what is compared.
 */
export function orderNumberKey(orderNumber: string): string {
  return orderNumber.trim().replace(/^#+/, "");
}

/**
 * The index ranges that hold the order numbers starting with `typed`, with or without a leading
 * `#`: the index keeps the number as the store wrote it, so both spellings are scanned.
 */
export function orderNumberRanges(typed: string): { gte: string; lt: string }[] {
  const bare = orderNumberKey(typed);
  return [range("o", bare), range("o", `#${bare}`)];
}

export function phoneKey(phone: string): string {
  return [...phone.replace(/\D/g, "")].reverse().join("");
}

/** The index keys of one ticket. */
export function indexKeys(ticket: Ticket): string[] {
  const keys = [
    key("o", ticket.orderNumber, ticket.code),
    key("n", normalise(ticket.customer.name), ticket.code),
    key("r", ticket.productName, ticket.code),
  ];
  const phone = phoneKey(ticket.customer.phone);
  if (phone !== "") keys.push(key("p", phone, ticket.code));
  if (ticket.orderCreatedAt !== undefined)
    keys.push(key("d", new Date(ticket.orderCreatedAt).toISOString(), ticket.code));
  return keys;
}

export function key(field: IndexField, value: string, code: string): string {
  return `${field}${separator}${value}${separator}${code}`;
}

/** The code at the end of an index key. */
export function codeOf(indexKey: string): string {
  return indexKey.slice(indexKey.lastIndexOf(separator) + 1);
}

/** The range of keys whose value starts with `prefix` (whole value when `exact`). */
export function range(field: IndexField, prefix: string, exact = false): { gte: string; lt: string } {
  const start = `${field}${separator}${prefix}${exact ? separator : ""}`;
  return { gte: start, lt: `${start}${highest}` };
}
