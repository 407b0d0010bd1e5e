/**
 * 詳細訂單內容 accounts for every unit of an order (issue 11: a ticket used up elsewhere was in
 * neither tab). The listed redemptions are this kiosk's and, when the central service answered,
 * the other kiosks'; what the snapshot counts as used beyond them was redeemed where this kiosk
 * cannot see the record — another kiosk while this one was offline, before this kiosk's journal
 * began, or at the central service itself — and is listed per ticket as a sum.
 */
import type { HistoryRow, TicketRow, UnlistedUse } from "./backOffice.js";

/** Redemptions that hold units: a voided one gave them back, a rejected one never took them. */
function holdsUnits(row: HistoryRow): boolean {
  return row.state !== "voided" && row.state !== "rejected";
}

export function unlistedUses(tickets: readonly TicketRow[], redeemed: readonly HistoryRow[]): UnlistedUse[] {
  const listed = new Map<string, number>();
  for (const row of redeemed) {
    if (!holdsUnits(row)) continue;
    const code = row.redemption.ticketCode;
    listed.set(code, (listed.get(code) ?? 0) + row.redemption.quantity);
  }
  return tickets.flatMap(({ ticket, remaining }) => {
    const used = ticket.totalUnits - Math.max(0, remaining);
    const units = used - (listed.get(ticket.code) ?? 0);
    return units > 0 ? [{ ticket, units }] : [];
  });
}
