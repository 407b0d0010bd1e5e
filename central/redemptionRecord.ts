/**
 * A redemption as the central service stores it: the wire record the kiosk reads back, with its
 * status, flags and void mark. Its own file so the store and the judges (judgeUpload.ts,
 * judgeVoid.ts) share it without importing each other.
 */
import { createHash } from "node:crypto";
import type { ServerRedemption } from "../device/ports/wire.js";
import { canonicalJson } from "./canonicalJson.js";

export type RedemptionRecord = ServerRedemption;

export type VoidMark = NonNullable<RedemptionRecord["voided"]>;

/**
 * The hash a replay is compared on: the body without `offline`, as judgeUpload.ts compares it.
 * PostgreSQL keeps it beside each record; a dump carries it (store/dumpRecord.ts).
 */
export function bodySha256(record: RedemptionRecord): string {
  const { offline: _howDecided, ...body } = record.redemption;
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}
