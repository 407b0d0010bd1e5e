/**
 * Secondary keys over the local ticket snapshot, so 進階搜尋 answers from LevelDB range scans
 * instead of reading a million tickets. Keys are per order, not per ticket (ticket cache format 2):
 * the fields a clerk searches by are the order's, and a chain's orders carry one to a few tickets,
 * so a first download writes fewer keys (docs/performance.md, "First download, second round").
 * - `o|<order number>|` → the codes of the order's tickets in the snapshot
 * - `p|<phone digits reversed>|<order number>` — "last digits" becomes a prefix scan
 * - `n|<customer name>|<order number>` — a surname finds the family
 * - `r|<product name>|<order number>` — products are few, listed in their own sublevel for substring search
 * - `d|<order created at, UTC>|<order number>` — date ranges
 * An order whose tickets differ in a field has a key for each value; a search filters the tickets
 * it reads, so a key only has to lead to every ticket that may match. A code prefix needs no
 * index: tickets are keyed by code.
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

/** The key that lists an order's tickets. */
export function orderKey(orderNumber: string): string {
  return key("o", orderNumber, "");
}

/** The search keys that lead to one ticket's order (its `o` key aside). */
export function searchKeys(ticket: Ticket): string[] {
  const order = ticket.orderNumber;
  const keys = [key("n", normalise(ticket.customer.name), order), key("r", ticket.productName, order)];
  const phone = phoneKey(ticket.customer.phone);
  if (phone !== "") keys.push(key("p", phone, order));
  if (ticket.orderCreatedAt !== undefined)
    keys.push(key("d", new Date(ticket.orderCreatedAt).toISOString(), order));
  return keys;
}

export function key(field: IndexField, value: string, order: string): string {
  return `${field}${separator}${value}${separator}${order}`;
}

/** The order number at the end of a search key. */
export function orderOf(indexKey: string): string {
  return indexKey.slice(indexKey.lastIndexOf(separator) + 1);
}

/** Whether an index key is an order's list of tickets rather than a search key. */
export function isOrderKey(indexKey: string): boolean {
  return indexKey.startsWith(`o${separator}`);
}

/** The range of keys whose value starts with `prefix` (whole value when `exact`). */
export function range(field: IndexField, prefix: string, exact = false): { gte: string; lt: string } {
  const start = `${field}${separator}${prefix}${exact ? separator : ""}`;
  return { gte: start, lt: `${start}${highest}` };
}
