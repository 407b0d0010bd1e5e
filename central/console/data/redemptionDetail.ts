/**
 * One redemption as 核銷紀錄 opens it: the record, its ticket and order, the slip's reference, how
 * and when it reached the server, and its void. `not_found` also for a record of a store the viewer
 * does not see (viewer.ts).
 */
import type { Ticket } from "../../../device/domain.js";
import type { RedemptionRecord, VoidMark } from "../../redemptionRecord.js";
import type { ConsoleLedgerStore } from "./consoleStores.js";
import { type RedemptionRow, redemptionRow } from "./redemptionList.js";
import { canSee, type Viewer } from "./viewer.js";

export interface SyncState {
  /** Decided by the kiosk without the server (and uploaded later), or by the server online. */
  readonly offline: boolean;
  /** The kiosk's own clock at the redemption, and whether that clock was synchronised. */
  readonly deviceTime: string;
  readonly clockSynced: boolean;
  readonly receivedAt: string;
  /** How long after the redemption the server received it, in seconds (0 for one made online). */
  readonly delayS: number;
}

export interface RedemptionDetail {
  readonly row: RedemptionRow;
  readonly record: RedemptionRecord;
  /** The ticket as the server holds it now; undefined when the server has no such ticket. */
  readonly ticket: Ticket | undefined;
  readonly order: { readonly orderNumber: string; readonly createdAt: string | undefined } | undefined;
  readonly sync: SyncState;
  readonly voided: VoidMark | undefined;
}

export type RedemptionDetailOutcome =
  | { readonly kind: "found"; readonly detail: RedemptionDetail }
  | { readonly kind: "not_found" };

export async function redemptionDetail(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  id: string,
): Promise<RedemptionDetailOutcome> {
  const record = await store.getRedemption(id);
  if (record === undefined || !canSee(viewer, record.redemption.storeId)) return { kind: "not_found" };
  const ticket = (await store.getTicket(record.redemption.ticketCode))?.ticket;
  const { redemption } = record;
  const row = redemptionRow({ seq: 0, record, productName: ticket?.productName, resolution: undefined });
  return {
    kind: "found",
    detail: {
      row,
      record,
      ticket,
      order:
        ticket === undefined
          ? undefined
          : { orderNumber: ticket.orderNumber, createdAt: ticket.orderCreatedAt },
      sync: {
        offline: redemption.offline,
        deviceTime: redemption.redeemedAt,
        clockSynced: redemption.clockSynced,
        receivedAt: record.receivedAt,
        delayS: Math.max(0, Math.round((Date.parse(record.receivedAt) - Date.parse(row.redeemedAt)) / 1000)),
      },
      voided: record.voided,
    },
  };
}
