/**
 * The answers of the central service's admin routes (`/v1/admin/…`, admin token) as schemas, for
 * a back office to validate them the way kiosks validate theirs (device/ports/wire.ts).
 */
import { z } from "zod";
import { isoInstant } from "../device/domain.js";
import { heartbeatSchema, serverRedemptionSchema } from "../device/ports/wire.js";

/** A device as its tokens and its last heartbeat describe it. */
export const deviceSummarySchema = z.strictObject({
  deviceId: z.string(),
  /** The store of its newest token (a device moved to another store gets a new token). */
  storeId: z.string(),
  /** When its first token was made. */
  createdAt: isoInstant,
  /** True when no token of it is live any more. */
  revoked: z.boolean(),
  /** The server's time of its last heartbeat; null before the first. */
  lastSeenAt: isoInstant.nullable(),
  heartbeat: heartbeatSchema.nullable(),
});
export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

export const deviceListSchema = z.strictObject({ devices: z.array(deviceSummarySchema) });

/** Pass `cursor` back to get the next page; `hasMore` says whether one may follow. */
export const adminRedemptionsPageSchema = z.strictObject({
  redemptions: z.array(serverRedemptionSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type AdminRedemptionsPage = z.infer<typeof adminRedemptionsPageSchema>;

/** A conflict, or an offline redemption refused, with every device involved (its own first). */
export const exceptionRecordSchema = serverRedemptionSchema.extend({ devices: z.array(z.string()) });
export type ExceptionRecord = z.infer<typeof exceptionRecordSchema>;

export const conflictsPageSchema = z.strictObject({
  conflicts: z.array(exceptionRecordSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type ConflictsPage = z.infer<typeof conflictsPageSchema>;

export const revokedSchema = z.strictObject({ revoked: z.number().int().min(0) });
