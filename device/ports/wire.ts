/**
 * The central HTTP API of docs/protocol.md as schemas: the kiosk validates every answer with them and
 * the reference central service validates every request. Field names are the contract.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { clerkRoles, isoInstant, redemptionSchema, refusalReasons, ticketSchema } from "../domain.js";

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
 * an id already used for another body, an id the device cancelled before it arrived, or an online
 * redemption by a clerk the store does not have.
 */
export const rejectionReasons = [
  ...refusalReasons.filter((reason) => reason !== "offline_refused"),
  "id_reused",
  "invalid",
  "cancelled",
  "unknown_clerk",
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

/**
 * The devices of a conflict's parties, each once, in the order the server gave them: a kiosk that
 * redeemed the ticket twice is one device to ask (issue 11 saw "kiosk-01, kiosk-01, kiosk-02").
 */
export function conflictDevices(parties: readonly ConflictParty[] | undefined): string[] {
  return [...new Set((parties ?? []).map((party) => party.deviceId))];
}

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
  /**
   * On the first page only (no `since`): how many tickets the store has, so a first or full
   * download can say how far it has come. Optional: a server that leaves it out still works.
   */
  total: z.number().int().nonnegative().optional(),
});
export type TicketsPage = z.infer<typeof ticketsPageSchema>;

/**
 * A void (取消核銷). A clerk's void carries `clerkId` and that supervisor's `pin`, which the server
 * checks against the clerk's verifier (docs/security.md "What the server checks"): the kiosk sends
 * it once with the request and never journals or logs it, so a void is only ever made online. A
 * device cancelling an intent it never confirmed to anyone (offline refusal after a lost answer,
 * crash before the decision) sends reason `abandoned` without a clerk: the server voids it if it
 * had accepted it and otherwise keeps a tombstone, so a late copy of the original request from the
 * same device is refused as `cancelled`.
 */
export const voidRequestSchema = z.strictObject({
  reason: z.string().min(1).max(500),
  clerkId: z.string().min(1).max(64).optional(),
  pin: z.string().min(1).max(64).optional(),
  at: isoInstant,
});
export type VoidRequest = z.infer<typeof voidRequestSchema>;

export const abandonedReason = "abandoned";

/**
 * Why the server refused a void: the clerk is not a supervisor of the store (or an `abandoned` void
 * names another device's redemption), the clerk is not known at all, the PIN is missing or not the
 * clerk's (`wrong_pin`), too many wrong PINs came from this device for this clerk (`pin_locked`),
 * the window after the redemption has passed, or the record was itself refused and has no units to
 * give back.
 */
export const voidRejectionReasons = [
  "not_permitted",
  "unknown_clerk",
  "wrong_pin",
  "pin_locked",
  "void_window_passed",
  "not_redeemed",
] as const;
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
  /**
   * What a supervisor should look at in a record that stands: `unknown_clerk`, an offline
   * redemption by a clerk the store no longer has (it happened; it is recorded, and listed);
   * `clock_suspect`, an offline redemption whose claimed time is before the device's last contact
   * with the server (less a tolerance) or after the server's now (plus it): it was judged at the
   * nearest time the device could honestly claim (`judgedAt`), and listed.
   */
  flags: z.array(z.enum(["unknown_clerk", "clock_suspect"])).optional(),
  receivedAt: isoInstant,
  /**
   * The time the server judged it at (central/judgeUpload.ts): its own now for an online
   * redemption, the claimed `redeemedAt` within bounds for an offline one. The void window starts
   * here. Absent on records of older servers.
   */
  judgedAt: isoInstant.optional(),
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
 * Headers in which a kiosk says which device and store it is, percent-encoded (an id is any text up
 * to 64 characters, a header only ASCII); the central service refuses a request
 * whose headers (or uploaded redemptions) name another device or store than its token with 403 and
 * this error code, so a kiosk set up with the wrong token stops instead of syncing another's data.
 */
export const deviceIdHeader = "x-device-id";
export const storeIdHeader = "x-store-id";
export const scopeMismatchCode = "scope_mismatch";

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

/**
 * Where a ticket of another store may be used (`GET /v1/tickets/:code/stores`, issue 11): the
 * stores' ids and names only — never the ticket's customer, order or units, which belong to the
 * other store. 404 when no store has the code.
 */
const storeNameSchema = z.strictObject({ id: z.string().min(1).max(64), name: z.string().max(200) });

export const ticketStoresSchema = z.strictObject({ stores: z.array(storeNameSchema) });
export type TicketStores = z.infer<typeof ticketStoresSchema>;

/**
 * The tickets of other stores as a kiosk keeps them for offline (`GET /v1/other-store-codes`,
 * paged like `/v1/tickets`): each code only as `codeHash`, with the ids of the stores it is for,
 * and the stores' names — enough to say 限 XX 店使用 without the network, and nothing a kiosk could
 * redeem with or learn a customer from.
 */
export const otherStoreCodesPageSchema = z.strictObject({
  codes: z.array(
    z.strictObject({
      hash: z.string().regex(/^[0-9a-f]{16}$/),
      storeIds: z.array(z.string().min(1).max(64)),
    }),
  ),
  stores: z.array(storeNameSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type OtherStoreCodesPage = z.infer<typeof otherStoreCodesPageSchema>;

/** A code as `/v1/other-store-codes` lists it: the first 64 bits of its SHA-256, in hex. */
export function codeHash(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex").slice(0, 16);
}

/**
 * Clerks of the device's store (`GET /v1/clerks`): each PIN's salted slow hash sealed under the
 * device's PIN key (device/pinVerifier.ts), never in clear.
 */
export const clerkSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().max(100),
  role: z.enum(clerkRoles),
  pinVerifier: z.string().max(500),
  updatedAt: isoInstant,
});
export type Clerk = z.infer<typeof clerkSchema>;

export const clerkListSchema = z.strictObject({ clerks: z.array(clerkSchema) });

/** 409 on `GET /v1/clerks` for a device token made without a PIN key: issue a new token. */
export const noPinKeyCode = "no_pin_key";
export const noPinKeyMessage =
  "this device token was made without a PIN key: make a new one (ticket-kiosk central token) and install both";
