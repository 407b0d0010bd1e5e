/**
 * The answers of the central service's admin routes (`/v1/admin/…`, admin token) as schemas, for
 * a back office to validate them the way kiosks validate theirs (device/ports/wire.ts).
 */
import * as v from "valibot";
import { isoInstant } from "../device/domain.js";
import { heartbeatSchema, serverRedemptionSchema } from "../device/ports/wire.js";

/** A device as its tokens and its last heartbeat describe it. */
export const deviceSummarySchema = v.strictObject({
  deviceId: v.string(),
  /** The store of its newest token (a device moved to another store gets a new token). */
  storeId: v.string(),
  /** When its first token was made. */
  createdAt: isoInstant,
  /** True when no token of it is live any more. */
  revoked: v.boolean(),
  /** The server's time of its last heartbeat; null before the first. */
  lastSeenAt: v.nullable(isoInstant),
  heartbeat: v.nullable(heartbeatSchema),
});
export type DeviceSummary = v.InferOutput<typeof deviceSummarySchema>;

export const deviceListSchema = v.strictObject({ devices: v.array(deviceSummarySchema) });

/** Pass `cursor` back to get the next page; `hasMore` says whether one may follow. */
export const adminRedemptionsPageSchema = v.strictObject({
  redemptions: v.array(serverRedemptionSchema),
  cursor: v.string(),
  hasMore: v.boolean(),
});
export type AdminRedemptionsPage = v.InferOutput<typeof adminRedemptionsPageSchema>;

/** A conflict, or an offline redemption refused, with every device involved (its own first). */
export const exceptionRecordSchema = v.strictObject({
  ...serverRedemptionSchema.entries,
  devices: v.array(v.string()),
});
export type ExceptionRecord = v.InferOutput<typeof exceptionRecordSchema>;

export const conflictsPageSchema = v.strictObject({
  conflicts: v.array(exceptionRecordSchema),
  cursor: v.string(),
  hasMore: v.boolean(),
});
export type ConflictsPage = v.InferOutput<typeof conflictsPageSchema>;

export const revokedSchema = v.strictObject({ revoked: v.pipe(v.number(), v.integer(), v.minValue(0)) });
