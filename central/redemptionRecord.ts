/**
 * A redemption as the central service stores it: the wire record the kiosk reads back, with its
 * status, flags and void mark. Its own file so the store and the judges (judgeUpload.ts,
 * judgeVoid.ts) share it without importing each other.
 */
import type { ServerRedemption } from "../device/ports/wire.js";

export type RedemptionRecord = ServerRedemption;

export type VoidMark = NonNullable<RedemptionRecord["voided"]>;
