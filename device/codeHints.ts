/**
 * The demo's code hints as they stand now. A hint written for the catalogue as imported ("5 units
 * left") is stale once a unit is redeemed, here or elsewhere, and after a restart: a code the rules
 * would redeem, or one used up, shows its units from the kiosk's own records instead. Other hints
 * (expired, voided, another store's…) stand as written.
 */
import type { Journal } from "./journal.js";
import { checkRedemption, remainingUnits } from "./rules.js";
import type { TicketCache } from "./ticketCache.js";

/** A demo code, what the catalogue says of it, and (once known) the units it has left now. */
export interface CodeHint {
  readonly code: string;
  readonly hint: Readonly<Record<"zh-TW" | "en", string>>;
  readonly units?: { readonly left: number; readonly total: number } | undefined;
}

export function liveCodeHints(
  hints: readonly CodeHint[],
  tickets: Pick<TicketCache, "getTicket">,
  journal: Pick<Journal, "pendingUnits">,
  context: { readonly storeId: string; readonly now: Date },
): Promise<CodeHint[]> {
  return Promise.all(
    hints.map(async (hint) => {
      const ticket = await tickets.getTicket(hint.code);
      const pendingUnits = journal.pendingUnits(hint.code);
      const verdict = checkRedemption(hint.code, ticket, { ...context, quantity: 1, pendingUnits });
      if (ticket === undefined || (verdict.outcome !== "ok" && verdict.outcome !== "fully_redeemed"))
        return hint;
      return { ...hint, units: { left: remainingUnits(ticket, pendingUnits), total: ticket.totalUnits } };
    }),
  );
}
