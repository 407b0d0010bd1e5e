/**
 * The meaning of a console query (consoleData.ts `RedemptionQuery`) as a predicate: what the
 * LevelDB store filters its scan with, and what PostgreSQL's query implements (pgLedgerStore.ts).
 */
import { isException } from "../judgeUpload.js";
import type { RedemptionRecord } from "../redemptionRecord.js";
import type {
  RedemptionQuery,
  RedemptionState,
  RefusedUpload,
  RefusedUploadQuery,
  Resolution,
} from "./consoleData.js";

export function redemptionState(record: RedemptionRecord): RedemptionState {
  return record.voided === undefined ? record.status : "voided";
}

/**
 * When a redemption happened as the server holds it: the time it was judged at (judgeUpload.ts:
 * the kiosk's claim within its honest bounds), or on records of older servers the kiosk's time.
 */
export function redemptionTime(record: RedemptionRecord): string {
  return record.judgedAt ?? record.redemption.redeemedAt;
}

/**
 * `productName`: the name of the record's ticket, undefined when the server has no such ticket;
 * `resolved`: whether it is marked resolved.
 */
export function matchesQuery(
  query: RedemptionQuery,
): (record: RedemptionRecord, productName: string | undefined, resolved: boolean) => boolean {
  const fromMs = query.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(query.from);
  const untilMs = query.until === undefined ? Number.POSITIVE_INFINITY : Date.parse(query.until);
  return (record, productName, resolved) => {
    const { redemption } = record;
    const atMs = Date.parse(redemptionTime(record));
    return (
      (query.storeIds === undefined || query.storeIds.includes(redemption.storeId)) &&
      (query.deviceId === undefined || redemption.deviceId === query.deviceId) &&
      (query.clerkId === undefined || redemption.clerkId === query.clerkId) &&
      (query.productName === undefined || productName === query.productName) &&
      (query.state === undefined || redemptionState(record) === query.state) &&
      (query.offline === undefined || redemption.offline === query.offline) &&
      (query.conflict === undefined || (record.status === "conflict") === query.conflict) &&
      atMs >= fromMs &&
      atMs < untilMs &&
      (query.exceptions === undefined || isConsoleException(record, query.exceptions.lateAfterMs)) &&
      (query.resolved === undefined || resolved === query.resolved)
    );
  };
}

/** An offline redemption the server received more than `lateAfterMs` after it was made. */
export function isLateOffline(record: RedemptionRecord, lateAfterMs: number): boolean {
  return (
    record.redemption.offline &&
    Date.parse(record.receivedAt) - Date.parse(redemptionTime(record)) > lateAfterMs
  );
}

export function isConsoleException(record: RedemptionRecord, lateAfterMs: number): boolean {
  return isException(record) || isLateOffline(record, lateAfterMs);
}

export function matchesRefusedUpload(
  query: RefusedUploadQuery,
  { upload, resolution }: { readonly upload: RefusedUpload; readonly resolution: Resolution | undefined },
): boolean {
  return (
    (query.storeIds === undefined || query.storeIds.includes(upload.storeId)) &&
    (query.resolved === undefined || (resolution !== undefined) === query.resolved)
  );
}
