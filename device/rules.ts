/**
 * The redemption rules of docs/domain.md §1, one pure function shared by the kiosk (against its local
 * snapshot plus its unacknowledged journal entries) and the central service (against its own
 * records), so both judge a ticket the same way.
 */
import { type RefusalReason, type Ticket, ticketCodePattern } from "./domain.js";

export interface RuleContext {
  /** The store this device redeems for. */
  readonly storeId: string;
  readonly now: Date;
  /** Units asked for; 1 when only inspecting a ticket before the quantity is chosen. */
  readonly quantity: number;
  /** Units redeemed locally that the snapshot does not include yet (unacknowledged journal entries). */
  readonly pendingUnits: number;
}

export type RuleVerdict =
  | { readonly outcome: "ok"; readonly remaining: number }
  | { readonly outcome: Exclude<RefusalReason, "offline_refused">; readonly remaining: number | undefined };

/** remaining = total − redeemed (snapshot) − local unacknowledged, never below zero. */
export function remainingUnits(ticket: Ticket, pendingUnits: number): number {
  return Math.max(0, ticket.totalUnits - ticket.redeemedUnits - pendingUnits);
}

/**
 * Judges one redemption. Checks run from the most fundamental to the most specific, so a voided,
 * expired ticket reads "voided": the reason a clerk can act on least comes first.
 */
export function checkRedemption(code: string, ticket: Ticket | undefined, context: RuleContext): RuleVerdict {
  if (!ticketCodePattern.test(code)) return { outcome: "invalid_code", remaining: undefined };
  if (ticket === undefined) return { outcome: "not_found", remaining: undefined };
  const remaining = remainingUnits(ticket, context.pendingUnits);
  if (ticket.status === "voided") return { outcome: "voided", remaining };
  if (ticket.status === "refunded") return { outcome: "refunded", remaining };
  if (ticket.storeIds !== undefined && !ticket.storeIds.includes(context.storeId)) {
    return { outcome: "wrong_store", remaining };
  }
  const nowMs = context.now.getTime();
  if (ticket.validFrom !== undefined && nowMs < Date.parse(ticket.validFrom)) {
    return { outcome: "not_yet_valid", remaining };
  }
  if (ticket.validUntil !== undefined && nowMs > Date.parse(ticket.validUntil)) {
    return { outcome: "expired", remaining };
  }
  if (remaining === 0) return { outcome: "fully_redeemed", remaining };
  if (context.quantity > remaining) return { outcome: "quantity_exceeds_remaining", remaining };
  return { outcome: "ok", remaining };
}
