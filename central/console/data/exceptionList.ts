/**
 * 例外清單: what a supervisor should look at, open or resolved. Two lists, as the central keeps them:
 * redemption records (conflicts, offline redemptions the server refused, records flagged
 * clock_suspect or unknown_clerk, and offline redemptions that reached it late: after the void window,
 * when nobody at the kiosk can undo them any more), and uploads refused whole, whose entries stay
 * open on their kiosk until its setup is fixed. Each is marked resolved with a note
 * (exceptionResolve.ts).
 */
import type { Readable } from "node:stream";
import { defaultVoidWindowHours } from "../../ledger.js";
import type { RedemptionRecord } from "../../redemptionRecord.js";
import type { RefusedUpload, Resolution } from "../../store/consoleData.js";
import { isLateOffline } from "../../store/redemptionQuery.js";
import type { ConsoleLedgerStore } from "./consoleStores.js";
import { csvStream } from "./csv.js";
import { type KeyedPage, keyedPage } from "./keyedPage.js";
import { allInView, queryInView, type RedemptionRow, recordsPage, redemptionRow } from "./redemptionList.js";
import { storesInView, type Viewer } from "./viewer.js";

export type ExceptionKind =
  | "conflict"
  | "offline_refused"
  | "late_offline"
  | "clock_suspect"
  | "unknown_clerk";

export const defaultLateAfterMs = defaultVoidWindowHours * 3_600_000;

export interface ExceptionFilter {
  readonly storeId?: string;
  /** Open (not resolved) or resolved only; absent = both. */
  readonly status?: "open" | "resolved";
  /** How long after it was made an offline redemption's arrival counts as late; the void window unless given. */
  readonly lateAfterMs?: number;
}

export interface ExceptionRow {
  readonly redemption: RedemptionRow;
  readonly kinds: readonly ExceptionKind[];
  readonly resolution: Resolution | undefined;
}

export type ExceptionPage = KeyedPage<ExceptionRow, number>;

export function exceptionKinds(record: RedemptionRecord, lateAfterMs: number): ExceptionKind[] {
  const kinds: ExceptionKind[] = [];
  if (record.status === "conflict") kinds.push("conflict");
  if (record.status === "rejected" && record.redemption.offline) kinds.push("offline_refused");
  if (isLateOffline(record, lateAfterMs)) kinds.push("late_offline");
  for (const flag of record.flags ?? []) kinds.push(flag);
  return kinds;
}

function exceptionQuery(viewer: Viewer, filter: ExceptionFilter) {
  const lateAfterMs = filter.lateAfterMs ?? defaultLateAfterMs;
  const query = queryInView(viewer, filter.storeId === undefined ? {} : { storeId: filter.storeId });
  return {
    lateAfterMs,
    query: {
      ...query,
      exceptions: { lateAfterMs },
      ...(filter.status === undefined ? {} : { resolved: filter.status === "resolved" }),
    },
  };
}

export async function listExceptions(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  filter: ExceptionFilter,
  page: { readonly before?: number; readonly limit: number },
): Promise<ExceptionPage> {
  const { query, lateAfterMs } = exceptionQuery(viewer, filter);
  const found = await recordsPage(store, query, page);
  return {
    ...found,
    rows: found.rows.map((sequenced) => ({
      redemption: redemptionRow(sequenced),
      kinds: exceptionKinds(sequenced.record, lateAfterMs),
      resolution: sequenced.resolution,
    })),
  };
}

const resolutionCells = (resolution: Resolution | undefined) => [
  resolution === undefined ? "open" : "resolved",
  resolution?.by,
  resolution?.at,
  resolution?.note,
];

export function exceptionsCsv(store: ConsoleLedgerStore, viewer: Viewer, filter: ExceptionFilter): Readable {
  const { query, lateAfterMs } = exceptionQuery(viewer, filter);
  async function* rows() {
    for await (const sequenced of allInView(store, query)) {
      const row = redemptionRow(sequenced);
      yield [
        row.id,
        row.redeemedAt,
        row.receivedAt,
        row.storeId,
        row.deviceId,
        row.ticketCode,
        row.productName,
        row.state,
        exceptionKinds(sequenced.record, lateAfterMs).join(" "),
        ...resolutionCells(sequenced.resolution),
      ];
    }
  }
  const header = ["id", "redeemed_at", "received_at", "store_id", "device_id", "ticket_code", "product_name"];
  return csvStream([...header, "state", "kinds", "status", "resolved_by", "resolved_at", "note"], rows());
}

export interface RefusedUploadRow {
  readonly upload: RefusedUpload;
  readonly resolution: Resolution | undefined;
}

export type RefusedUploadList = KeyedPage<RefusedUploadRow, string>;

function refusedQuery(viewer: Viewer, filter: ExceptionFilter) {
  const storeIds = storesInView(viewer, filter.storeId);
  return {
    ...(storeIds === undefined ? {} : { storeIds }),
    ...(filter.status === undefined ? {} : { resolved: filter.status === "resolved" }),
  };
}

export async function listRefusedUploads(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  filter: ExceptionFilter,
  page: { readonly before?: string; readonly limit: number },
): Promise<RefusedUploadList> {
  const query = refusedQuery(viewer, filter);
  return keyedPage(
    page.limit,
    async (limit) => {
      const { uploads, hasMore } = await store.refusedUploads(query, page.before, limit);
      return { items: uploads, hasMore };
    },
    () => store.countRefusedUploads(query),
    (row) => row.upload.id,
  );
}

export function refusedUploadsCsv(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  filter: ExceptionFilter,
): Readable {
  const query = refusedQuery(viewer, filter);
  async function* rows() {
    let before: string | undefined;
    for (;;) {
      const page = await store.refusedUploads(query, before, 500);
      for (const { upload, resolution } of page.uploads)
        yield [
          upload.id,
          upload.storeId,
          upload.deviceId,
          upload.status,
          upload.code,
          upload.message,
          ...resolutionCells(resolution),
        ];
      before = page.uploads[page.uploads.length - 1]?.upload.id;
      if (!page.hasMore || before === undefined) return;
    }
  }
  const header = ["received_at", "store_id", "device_id", "http_status", "code", "message"];
  return csvStream([...header, "status", "resolved_by", "resolved_at", "note"], rows());
}
