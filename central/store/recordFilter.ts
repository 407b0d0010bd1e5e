/**
 * Which tickets and records belong to a store, device or time, as predicates: what the LevelDB
 * store filters its scans with, and the meaning PostgreSQL's queries implement (pgLedgerStore.ts).
 */
import type { Ticket } from "../../device/domain.js";
import type { RedemptionRecord } from "../redemptionRecord.js";
import type { RecordFilter } from "./ledgerStore.js";

/** A ticket belongs to a store when it names no stores or names that one (docs/domain.md §1). */
export function isTicketOfStore(ticket: Ticket, storeId: string): boolean {
  return ticket.storeIds === undefined || ticket.storeIds.includes(storeId);
}

export function matchesFilter(filter: RecordFilter): (record: RedemptionRecord) => boolean {
  const sinceMs =
    filter.receivedSince === undefined ? Number.NEGATIVE_INFINITY : Date.parse(filter.receivedSince);
  return ({ redemption, receivedAt }) =>
    (filter.storeId === undefined || redemption.storeId === filter.storeId) &&
    (filter.deviceId === undefined || redemption.deviceId === filter.deviceId) &&
    Date.parse(receivedAt) >= sinceMs;
}
