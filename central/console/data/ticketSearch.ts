/**
 * 票券與訂單: tickets found by a code's start, an order number, a phone number's last digits or a
 * customer name's start, among the tickets of the viewer's stores (a ticket of no store list is
 * every store's); and one ticket with its units and its history of redemptions at the viewer's
 * stores.
 */
import type { Ticket } from "../../../device/domain.js";
import type { TicketSearch } from "../../store/consoleData.js";
import { isTicketOfStore } from "../../store/recordFilter.js";
import { phoneDigits } from "../../store/ticketQuery.js";
import type { ConsoleLedgerStore } from "./consoleStores.js";
import { maxPageSize } from "./keyedPage.js";
import { type RedemptionRow, redemptionRow } from "./redemptionList.js";
import { canSee, storesInView, type Viewer } from "./viewer.js";

/** A phone's last digits name few enough customers from this many on. */
export const minPhoneDigits = 3;

export type TicketSearchOutcome =
  | { readonly kind: "found"; readonly tickets: Ticket[]; readonly next: string | undefined }
  /** Empty, or for a phone fewer than `minPhoneDigits` digits. */
  | { readonly kind: "term_too_short" };

export async function searchTickets(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  search: TicketSearch,
  page: { readonly after?: string; readonly limit: number },
): Promise<TicketSearchOutcome> {
  const term = search.kind === "phone" ? phoneDigits(search.term) : search.term.trim();
  if (term.length < (search.kind === "phone" ? minPhoneDigits : 1)) return { kind: "term_too_short" };
  const limit = Math.max(1, Math.min(page.limit, maxPageSize));
  const found = await store.searchTickets(
    { kind: search.kind, term },
    storesInView(viewer),
    page.after,
    limit,
  );
  return { kind: "found", tickets: found.tickets.map((record) => record.ticket), next: found.next };
}

export interface TicketDetail {
  readonly ticket: Ticket;
  readonly units: {
    readonly total: number;
    readonly redeemed: number;
    /** Redeemed before the import (by the ticket issuer), apart from those redeemed at kiosks. */
    readonly imported: number;
    readonly atKiosks: number;
    readonly remaining: number;
  };
  /** The ticket's redemptions at the viewer's stores, oldest first. */
  readonly history: RedemptionRow[];
}

export type TicketDetailOutcome =
  | { readonly kind: "found"; readonly detail: TicketDetail }
  | { readonly kind: "not_found" };

export async function ticketDetail(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  code: string,
): Promise<TicketDetailOutcome> {
  const held = await store.getTicket(code);
  const stores = storesInView(viewer);
  if (held === undefined) return { kind: "not_found" };
  const { ticket, importedUnits } = held;
  if (stores !== undefined && !stores.some((storeId) => isTicketOfStore(ticket, storeId)))
    return { kind: "not_found" };
  const records = await store.redemptionsOfTicket(code);
  return {
    kind: "found",
    detail: {
      ticket,
      units: {
        total: ticket.totalUnits,
        redeemed: ticket.redeemedUnits,
        imported: importedUnits,
        atKiosks: ticket.redeemedUnits - importedUnits,
        remaining: Math.max(0, ticket.totalUnits - ticket.redeemedUnits),
      },
      history: records
        .filter((record) => canSee(viewer, record.redemption.storeId))
        .map((record) =>
          redemptionRow({ seq: 0, record, productName: ticket.productName, resolution: undefined }),
        ),
    },
  };
}
