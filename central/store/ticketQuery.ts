/**
 * The meaning of a console ticket search (consoleData.ts `TicketSearch`) as a predicate: what the
 * LevelDB store filters its scan with, and what PostgreSQL's indexed query implements
 * (pgLedgerStore.ts, 006_console_data.sql). Prefixes, not substrings, so both can use an index.
 */
import type { Ticket } from "../../device/domain.js";
import type { TicketSearch } from "./consoleData.js";
import { isTicketOfStore } from "./recordFilter.js";

/** A phone number's digits: `0912-345-678` and `0912345678` are one number. */
export function phoneDigits(phone: string): string {
  return phone.replace(/[^0-9]/g, "");
}

export function matchesTicketSearch(
  search: TicketSearch,
  storeIds: readonly string[] | undefined,
): (ticket: Ticket) => boolean {
  const inView = (ticket: Ticket) =>
    storeIds === undefined || storeIds.some((storeId) => isTicketOfStore(ticket, storeId));
  const { term } = search;
  switch (search.kind) {
    case "code":
      return (ticket) => ticket.code.startsWith(term) && inView(ticket);
    case "order":
      return (ticket) => ticket.orderNumber === term && inView(ticket);
    case "phone":
      return (ticket) => phoneDigits(ticket.customer.phone).endsWith(term) && inView(ticket);
    case "name":
      return (ticket) => ticket.customer.name.startsWith(term) && inView(ticket);
  }
}
