/**
 * 核銷紀錄: the chain's redemptions as the viewer may see them, newest first, filtered by store,
 * device, clerk, product, date, state, offline and conflict; paged by key (the arrival number of
 * the last row shown), so redemptions arriving while someone reads never shift the next page; with
 * the total the filter matches, and as a CSV file.
 */
import type { Readable } from "node:stream";
import type { RedemptionQuery, RedemptionState, SequencedRecord } from "../../store/consoleData.js";
import { redemptionState, redemptionTime } from "../../store/redemptionQuery.js";
import type { ConsoleLedgerStore } from "./consoleStores.js";
import { csvStream } from "./csv.js";
import { type KeyedPage, keyedPage } from "./keyedPage.js";
import { storesInView, type Viewer } from "./viewer.js";

/** A page's filter: one store at most (the viewer's stores otherwise), the rest as the store's query. */
export type RedemptionFilter = Omit<RedemptionQuery, "storeIds"> & { readonly storeId?: string };

export interface RedemptionRow {
  readonly id: string;
  /** What the slip prints as 核銷編號 Ref (drivers/printer/slipLayout.ts). */
  readonly slipRef: string;
  readonly redeemedAt: string;
  readonly receivedAt: string;
  readonly storeId: string;
  readonly deviceId: string;
  readonly clerkId: string | undefined;
  readonly ticketCode: string;
  readonly productName: string | undefined;
  readonly quantity: number;
  readonly state: RedemptionState;
  readonly offline: boolean;
  readonly flags: readonly string[];
}

export type RedemptionListPage = KeyedPage<RedemptionRow, number>;

export function queryInView(viewer: Viewer, filter: RedemptionFilter): RedemptionQuery {
  const { storeId, ...rest } = filter;
  const storeIds = storesInView(viewer, storeId);
  return storeIds === undefined ? rest : { ...rest, storeIds };
}

export function redemptionRow({ record, productName }: SequencedRecord): RedemptionRow {
  const { redemption } = record;
  return {
    id: redemption.id,
    slipRef: redemption.id.slice(0, 8),
    redeemedAt: redemptionTime(record),
    receivedAt: record.receivedAt,
    storeId: redemption.storeId,
    deviceId: redemption.deviceId,
    clerkId: redemption.clerkId,
    ticketCode: redemption.ticketCode,
    productName,
    quantity: redemption.quantity,
    state: redemptionState(record),
    offline: redemption.offline,
    flags: record.flags ?? [],
  };
}

export async function listRedemptions(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  filter: RedemptionFilter,
  page: { readonly before?: number; readonly limit: number },
): Promise<RedemptionListPage> {
  const found = await recordsPage(store, queryInView(viewer, filter), page);
  return { ...found, rows: found.rows.map(redemptionRow) };
}

/** A page of the records a query (already in the viewer's view) matches, keyed by arrival number. */
export function recordsPage(
  store: ConsoleLedgerStore,
  query: RedemptionQuery,
  page: { readonly before?: number; readonly limit: number },
): Promise<KeyedPage<SequencedRecord, number>> {
  return keyedPage(
    page.limit,
    async (limit) => {
      const { records, hasMore } = await store.findRedemptions(query, page.before, limit);
      return { items: records, hasMore };
    },
    () => store.countRedemptions(query),
    (sequenced) => sequenced.seq,
  );
}

/** Every record of a query in view, newest first, a page of the store at a time. */
export async function* allInView(
  store: ConsoleLedgerStore,
  query: RedemptionQuery,
): AsyncGenerator<SequencedRecord> {
  let before: number | undefined;
  for (;;) {
    const page = await store.findRedemptions(query, before, 500);
    yield* page.records;
    const last = page.records[page.records.length - 1];
    if (!page.hasMore || last === undefined) return;
    before = last.seq;
  }
}

export const redemptionCsvHeader = [
  "id",
  "slip_ref",
  "redeemed_at",
  "received_at",
  "store_id",
  "device_id",
  "clerk_id",
  "ticket_code",
  "product_name",
  "quantity",
  "state",
  "offline",
  "flags",
] as const;

export function redemptionsCsv(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  filter: RedemptionFilter,
): Readable {
  async function* rows() {
    for await (const sequenced of allInView(store, queryInView(viewer, filter))) {
      const row = redemptionRow(sequenced);
      yield [
        row.id,
        row.slipRef,
        row.redeemedAt,
        row.receivedAt,
        row.storeId,
        row.deviceId,
        row.clerkId,
        row.ticketCode,
        row.productName,
        row.quantity,
        row.state,
        row.offline,
        row.flags.join(" "),
      ];
    }
  }
  return csvStream(redemptionCsvHeader, rows());
}
