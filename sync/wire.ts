/**
 * The central HTTP API of PRODUCT.md §4 as schemas: the kiosk validates every answer with them and
 * the reference central service validates every request. Field names are the contract.
 */
import { z } from "zod";
import { clerkRoles, isoInstant, redemptionSchema, refusalReasons, ticketSchema } from "../device/domain.js";

/** Upload batches are bounded so one request never carries an unbounded backlog. */
export const maxUploadBatch = 200;
export const maxTicketsPage = 5000;

export const uploadRequestSchema = z.strictObject({
  redemptions: z.array(redemptionSchema).min(1).max(maxUploadBatch),
});
export type UploadRequest = z.infer<typeof uploadRequestSchema>;

export const resultStatuses = ["accepted", "duplicate", "conflict", "rejected"] as const;
export type ResultStatus = (typeof resultStatuses)[number];

/**
 * Why the server refused a redemption: a rule (the same set as the kiosk's), a malformed entry,
 * an id already used for another body, or an id the device cancelled before it arrived.
 */
export const rejectionReasons = [
  ...refusalReasons.filter((reason) => reason !== "offline_refused"),
  "id_reused",
  "invalid",
  "cancelled",
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

/** Another redemption of the same ticket that the server counted before a conflicting one. */
export const conflictPartySchema = z.strictObject({
  id: z.string(),
  deviceId: z.string(),
  quantity: z.number().int(),
  redeemedAt: isoInstant,
  offline: z.boolean(),
});
export type ConflictParty = z.infer<typeof conflictPartySchema>;

export const redemptionResultSchema = z.strictObject({
  id: z.string(),
  status: z.enum(resultStatuses),
  reason: z.enum(rejectionReasons).optional(),
  /** For `duplicate`: the verdict the id got the first time, which stands. */
  original: z.enum(["accepted", "conflict", "rejected"]).optional(),
  /** For `conflict` (and a duplicate of one): the redemptions that used the units first, so both devices are named. */
  conflictWith: z.array(conflictPartySchema).optional(),
  /** The ticket as the server holds it after this result. */
  ticket: ticketSchema.optional(),
});
export type RedemptionResult = z.infer<typeof redemptionResultSchema>;

export const uploadResponseSchema = z.strictObject({
  results: z.array(redemptionResultSchema),
});
export type UploadResponse = z.infer<typeof uploadResponseSchema>;

export const ticketsPageSchema = z.strictObject({
  tickets: z.array(ticketSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type TicketsPage = z.infer<typeof ticketsPageSchema>;

/**
 * A void (取消核銷). A clerk's void carries `clerkId`; a device cancelling an intent it never
 * confirmed to anyone (offline refusal after a lost answer, crash before the decision) sends
 * reason `abandoned` without a clerk: the server voids it if it had accepted it and otherwise keeps
 * a tombstone, so a late copy of the original request is refused as `cancelled`.
 */
export const voidRequestSchema = z.strictObject({
  reason: z.string().min(1).max(500),
  clerkId: z.string().min(1).max(64).optional(),
  at: isoInstant,
});
export type VoidRequest = z.infer<typeof voidRequestSchema>;

export const abandonedReason = "abandoned";

/**
 * Why the server refused a void: the clerk is not a supervisor of the store (or an `abandoned` void
 * names another device's redemption), the window after the redemption has passed, or the record
 * was itself refused and has no units to give back.
 */
export const voidRejectionReasons = ["not_permitted", "void_window_passed", "not_redeemed"] as const;
export type VoidRejectionReason = (typeof voidRejectionReasons)[number];

export const voidResultSchema = z.strictObject({
  id: z.string(),
  status: z.enum(["voided", "duplicate", "cancelled", "rejected"]),
  reason: z.enum(voidRejectionReasons).optional(),
  ticket: ticketSchema.optional(),
});
export type VoidResult = z.infer<typeof voidResultSchema>;

export const serverRedemptionSchema = z.strictObject({
  redemption: redemptionSchema,
  status: z.enum(["accepted", "conflict", "rejected", "cancelled"]),
  reason: z.enum(rejectionReasons).optional(),
  conflictWith: z.array(conflictPartySchema).optional(),
  receivedAt: isoInstant,
  /** `at` is the device's time of the void; `receivedAt` the server's, at which its window was judged. */
  voided: z
    .strictObject({
      reason: z.string(),
      clerkId: z.string().optional(),
      at: isoInstant,
      receivedAt: isoInstant.optional(),
    })
    .optional(),
});
export type ServerRedemption = z.infer<typeof serverRedemptionSchema>;

export const redemptionListSchema = z.strictObject({
  redemptions: z.array(serverRedemptionSchema),
});

/**
 * `GET /v1/devices/self/redemptions`: the central service's records of the asking device, in
 * arrival order, a page at a time (`cursor` for the next page), for `journal recover`.
 */
export const ownRedemptionsPageSchema = z.strictObject({
  redemptions: z.array(serverRedemptionSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type OwnRedemptionsPage = z.infer<typeof ownRedemptionsPageSchema>;

export const errorBodySchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * The kiosk's heartbeat (`POST /v1/heartbeat`), sent with every sync pass: what an administrator
 * needs to see a fleet at a glance (last seen, backlog, version).
 */
export const heartbeatSchema = z.strictObject({
  version: z.string().max(40),
  pendingSync: z.number().int().min(0),
  oldestPendingAgeS: z.number().min(0).nullable(),
  lastSyncAt: isoInstant.nullable(),
  online: z.boolean(),
  scanner: z.string().max(20),
  printer: z.string().max(20),
  clockSynced: z.boolean(),
  exceptions: z.number().int().min(0),
  deviceTime: isoInstant,
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** Clerks of the device's store (`GET /v1/clerks`), with PINs only as salted slow hashes. */
export const clerkSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().max(100),
  role: z.enum(clerkRoles),
  pinHash: z.string().max(300),
  updatedAt: isoInstant,
});
export type Clerk = z.infer<typeof clerkSchema>;

export const clerkListSchema = z.strictObject({ clerks: z.array(clerkSchema) });
