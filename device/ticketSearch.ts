/**
 * 進階搜尋 over the local snapshot, offline. The most selective field given picks the index to scan
 * (a code prefix, then order number — with or without its `#` — phone digits, customer name,
 * product); every other field filters what that scan yields. Without one, tickets come newest order
 * first. Scanning stops as soon as the page is full, so a broad query over a million tickets costs
 * one page of reads, not a million.
 */
import type { Page, TicketQuery, TicketRow } from "./backOffice.js";
import type { Ticket } from "./domain.js";
import type { Journal } from "./journal.js";
import { remainingUnits } from "./rules.js";
import type { TicketCache } from "./ticketCache.js";
import { normalise, orderNumberKey, orderNumberRanges, phoneKey, range } from "./ticketIndex.js";

type Snapshot = Pick<TicketCache, "indexedCodes" | "getTickets" | "ticketsFrom" | "productNames">;
/** Units redeemed here that the snapshot does not include yet, for the units left. */
type Pending = Pick<Journal, "pendingUnits">;

/** Tickets fetched per read while scanning an index. */
const chunk = 100;

export async function searchTickets(
  snapshot: Snapshot,
  pending: Pending,
  query: TicketQuery,
): Promise<Page<TicketRow>> {
  const accepts = matcher(pending, query);
  const skip = query.page * query.pageSize;
  const rows: TicketRow[] = [];
  let matched = 0;
  for await (const ticket of candidates(snapshot, query)) {
    const row = accepts(ticket);
    if (row === undefined) continue;
    matched += 1;
    if (matched <= skip) continue;
    if (rows.length === query.pageSize) return { rows, page: query.page, hasMore: true };
    rows.push(row);
  }
  return { rows, page: query.page, hasMore: false };
}

function matcher(pending: Pending, query: TicketQuery): (ticket: Ticket) => TicketRow | undefined {
  const name = query.customerName === undefined ? undefined : normalise(query.customerName);
  const phone = query.phoneDigits === undefined ? undefined : phoneKey(query.phoneDigits);
  const product = query.product === undefined ? undefined : normalise(query.product);
  const order = query.orderNumber === undefined ? undefined : orderNumberKey(query.orderNumber);
  const fromMs = query.from?.getTime();
  const toMs = query.to?.getTime();
  return (ticket) => {
    if (query.codePrefix !== undefined && !ticket.code.startsWith(query.codePrefix)) return undefined;
    if (order !== undefined && !orderNumberKey(ticket.orderNumber).startsWith(order)) return undefined;
    if (name !== undefined && !normalise(ticket.customer.name).startsWith(name)) return undefined;
    if (phone !== undefined && !phoneKey(ticket.customer.phone).startsWith(phone)) return undefined;
    if (product !== undefined && !normalise(ticket.productName).includes(product)) return undefined;
    const created = ticket.orderCreatedAt === undefined ? undefined : Date.parse(ticket.orderCreatedAt);
    if (fromMs !== undefined && (created === undefined || created < fromMs)) return undefined;
    if (toMs !== undefined && (created === undefined || created > toMs)) return undefined;
    const remaining = remainingUnits(ticket, pending.pendingUnits(ticket.code));
    if (!statusMatches(query.status, ticket, remaining)) return undefined;
    return { ticket, remaining };
  };
}

function statusMatches(status: TicketQuery["status"], ticket: Ticket, remaining: number): boolean {
  switch (status) {
    case undefined:
      return true;
    case "redeemable":
      return ticket.status === "active" && remaining > 0;
    case "used_up":
      return ticket.status === "active" && remaining === 0;
    default:
      return ticket.status === status;
  }
}

/** The tickets to look at, from the most selective source the query allows. */
async function* candidates(snapshot: Snapshot, query: TicketQuery): AsyncIterable<Ticket> {
  if (query.codePrefix !== undefined) {
    yield* snapshot.ticketsFrom(query.codePrefix);
  } else if (query.orderNumber !== undefined) {
    yield* indexed(snapshot, orderNumberRanges(query.orderNumber));
  } else if (query.phoneDigits !== undefined) {
    yield* indexed(snapshot, [range("p", phoneKey(query.phoneDigits))]);
  } else if (query.customerName !== undefined) {
    yield* indexed(snapshot, [range("n", normalise(query.customerName))]);
  } else if (query.product !== undefined) {
    const wanted = normalise(query.product);
    const names = (await snapshot.productNames()).filter((name) => normalise(name).includes(wanted)).sort();
    yield* indexed(
      snapshot,
      names.map((name) => range("r", name, true)),
    );
  } else {
    // No selective field: 票券訂單's list, newest orders first, by the order-date index; tickets
    // without an order date come after them.
    const all = range("d", "");
    const from = query.from === undefined ? all.gte : `${all.gte}${query.from.toISOString()}`;
    const to = query.to === undefined ? all.lt : `${all.gte}${query.to.toISOString()}\uffff`;
    yield* indexed(snapshot, [{ gte: from, lt: to, reverse: true }]);
    if (query.from === undefined && query.to === undefined) {
      for await (const ticket of snapshot.ticketsFrom(""))
        if (ticket.orderCreatedAt === undefined) yield ticket;
    }
  }
}

/** An order found under two ranges (two of its products) is read once. */
async function* indexed(
  snapshot: Snapshot,
  ranges: readonly { gte: string; lt: string; reverse?: boolean }[],
): AsyncIterable<Ticket> {
  const seen = new Set<string>();
  let codes: string[] = [];
  for (const span of ranges) {
    for await (const code of snapshot.indexedCodes(span)) {
      if (seen.has(code)) continue;
      seen.add(code);
      codes.push(code);
      if (codes.length === chunk) {
        yield* present(await snapshot.getTickets(codes));
        codes = [];
      }
    }
  }
  yield* present(await snapshot.getTickets(codes));
}

function* present(tickets: readonly (Ticket | undefined)[]): Iterable<Ticket> {
  for (const ticket of tickets) if (ticket !== undefined) yield ticket;
}
