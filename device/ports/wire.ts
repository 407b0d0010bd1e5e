/**
 * The central HTTP API of docs/protocol.md as schemas: the kiosk validates every answer with them and
 * the reference central service validates every request. Field names are the contract.
 */
import { createHash } from "node:crypto";
import * as v from "valibot";
import { clerkRoles, isoInstant, redemptionSchema, refusalReasons, ticketSchema } from "../domain.js";

/** Upload batches are bounded so one request never carries an unbounded backlog. */
export const maxUploadBatch = 200;
export const maxTicketsPage = 5000;

export const uploadRequestSchema = v.strictObject({
  redemptions: v.pipe(v.array(redemptionSchema), v.minLength(1), v.maxLength(maxUploadBatch)),
});
export type UploadRequest = v.InferOutput<typeof uploadRequestSchema>;

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
export const conflictPartySchema = v.strictObject({
  id: v.string(),
  deviceId: v.string(),
  quantity: v.pipe(v.number(), v.integer()),
  redeemedAt: isoInstant,
  offline: v.boolean(),
});
export type ConflictParty = v.InferOutput<typeof conflictPartySchema>;

/**
 * The devices of a conflict's parties, each once, in the order the server gave them: a kiosk that
 * redeemed the ticket twice is one device to ask (issue 11 saw "kiosk-01, kiosk-01, kiosk-02").
 */
export function conflictDevices(parties: readonly ConflictParty[] | undefined): string[] {
  return [...new Set((parties ?? []).map((party) => party.deviceId))];
}

export const redemptionResultSchema = v.strictObject({
  id: v.string(),
  status: v.picklist(resultStatuses),
  reason: v.optional(v.picklist(rejectionReasons)),
  /** For `duplicate`: the verdict the id got the first time, which stands. */
  original: v.optional(v.picklist(["accepted", "conflict", "rejected"])),
  /** For `conflict` (and a duplicate of one): the redemptions that used the units first, so both devices are named. */
  conflictWith: v.optional(v.array(conflictPartySchema)),
  /** The ticket as the server holds it after this result. */
  ticket: v.optional(ticketSchema),
});
export type RedemptionResult = v.InferOutput<typeof redemptionResultSchema>;

export const uploadResponseSchema = v.strictObject({
  results: v.array(redemptionResultSchema),
});
export type UploadResponse = v.InferOutput<typeof uploadResponseSchema>;

export const ticketsPageSchema = v.strictObject({
  tickets: v.array(ticketSchema),
  cursor: v.string(),
  hasMore: v.boolean(),
  /**
   * On the first page only (no `since`): how many tickets the store has, so a first or full
   * download can say how far it has come. Optional: a server that leaves it out still works.
   */
  total: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});
export type TicketsPage = v.InferOutput<typeof ticketsPageSchema>;

/**
 * A void (取消核銷). A clerk's void carries `clerkId` and that supervisor's `pin`, which the server
 * checks against the clerk's verifier (docs/security.md "What the server checks"): the kiosk sends
 * it once with the request and never journals or logs it, so a void is only ever made online. A
 * device cancelling an intent it never confirmed to anyone (offline refusal after a lost answer,
 * crash before the decision) sends reason `abandoned` without a clerk: the server voids it if it
 * had accepted it and otherwise keeps a tombstone, so a late copy of the original request from the
 * same device is refused as `cancelled`.
 */
export const voidRequestSchema = v.strictObject({
  reason: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
  clerkId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  pin: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  at: isoInstant,
});
export type VoidRequest = v.InferOutput<typeof voidRequestSchema>;

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

export const voidResultSchema = v.strictObject({
  id: v.string(),
  status: v.picklist(["voided", "duplicate", "cancelled", "rejected"]),
  reason: v.optional(v.picklist(voidRejectionReasons)),
  ticket: v.optional(ticketSchema),
});
export type VoidResult = v.InferOutput<typeof voidResultSchema>;

export const serverRedemptionSchema = v.strictObject({
  redemption: redemptionSchema,
  status: v.picklist(["accepted", "conflict", "rejected", "cancelled"]),
  reason: v.optional(v.picklist(rejectionReasons)),
  conflictWith: v.optional(v.array(conflictPartySchema)),
  /**
   * What a supervisor should look at in a record that stands: `unknown_clerk`, an offline
   * redemption by a clerk the store no longer has (it happened; it is recorded, and listed);
   * `clock_suspect`, an offline redemption whose claimed time is before the device's last contact
   * with the server (less a tolerance) or after the server's now (plus it): it was judged at the
   * nearest time the device could honestly claim (`judgedAt`), and listed.
   */
  flags: v.optional(v.array(v.picklist(["unknown_clerk", "clock_suspect"]))),
  receivedAt: isoInstant,
  /**
   * The time the server judged it at (central/judgeUpload.ts): its own now for an online
   * redemption, the claimed `redeemedAt` within bounds for an offline one. The void window starts
   * here. Absent on records of older servers.
   */
  judgedAt: v.optional(isoInstant),
  /** `at` is the device's time of the void; `receivedAt` the server's, at which its window was judged. */
  voided: v.optional(
    v.strictObject({
      reason: v.string(),
      clerkId: v.optional(v.string()),
      at: isoInstant,
      receivedAt: v.optional(isoInstant),
    }),
  ),
});
export type ServerRedemption = v.InferOutput<typeof serverRedemptionSchema>;

export const redemptionListSchema = v.strictObject({
  redemptions: v.array(serverRedemptionSchema),
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
export const ownRedemptionsPageSchema = v.strictObject({
  redemptions: v.array(serverRedemptionSchema),
  cursor: v.string(),
  hasMore: v.boolean(),
});
export type OwnRedemptionsPage = v.InferOutput<typeof ownRedemptionsPageSchema>;

export const errorBodySchema = v.strictObject({
  error: v.strictObject({ code: v.string(), message: v.string() }),
});
export type ErrorBody = v.InferOutput<typeof errorBodySchema>;

/**
 * The kiosk's heartbeat (`POST /v1/heartbeat`), sent with every sync pass: what an administrator
 * needs to see a fleet at a glance (last seen, backlog, version).
 */
export const heartbeatSchema = v.strictObject({
  version: v.pipe(v.string(), v.maxLength(40)),
  pendingSync: v.pipe(v.number(), v.integer(), v.minValue(0)),
  oldestPendingAgeS: v.nullable(v.pipe(v.number(), v.minValue(0))),
  lastSyncAt: v.nullable(isoInstant),
  online: v.boolean(),
  scanner: v.pipe(v.string(), v.maxLength(20)),
  printer: v.pipe(v.string(), v.maxLength(20)),
  clockSynced: v.boolean(),
  exceptions: v.pipe(v.number(), v.integer(), v.minValue(0)),
  deviceTime: isoInstant,
});
export type Heartbeat = v.InferOutput<typeof heartbeatSchema>;

/**
 * Where a ticket of another store may be used (`GET /v1/tickets/:code/stores`, issue 11): the
 * stores' ids and names only — never the ticket's customer, order or units, which belong to the
 * other store. 404 when no store has the code.
 */
const storeNameSchema = v.strictObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  name: v.pipe(v.string(), v.maxLength(200)),
});

export const ticketStoresSchema = v.strictObject({ stores: v.array(storeNameSchema) });
export type TicketStores = v.InferOutput<typeof ticketStoresSchema>;

/**
 * The tickets of other stores as a kiosk keeps them for offline (`GET /v1/other-store-codes`,
 * paged like `/v1/tickets`): each code only as `codeHash`, with the ids of the stores it is for,
 * and the stores' names — enough to say 限 XX 店使用 without the network, and nothing a kiosk could
 * redeem with or learn a customer from.
 */
export const otherStoreCodesPageSchema = v.strictObject({
  codes: v.array(
    v.strictObject({
      hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/)),
      storeIds: v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
    }),
  ),
  stores: v.array(storeNameSchema),
  cursor: v.string(),
  hasMore: v.boolean(),
});
export type OtherStoreCodesPage = v.InferOutput<typeof otherStoreCodesPageSchema>;

/** A code as `/v1/other-store-codes` lists it: the first 64 bits of its SHA-256, in hex. */
export function codeHash(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex").slice(0, 16);
}

/**
 * Clerks of the device's store (`GET /v1/clerks`): each PIN's salted slow hash sealed under the
 * device's PIN key (device/pinVerifier.ts), never in clear.
 */
export const clerkSchema = v.strictObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  name: v.pipe(v.string(), v.maxLength(100)),
  role: v.picklist(clerkRoles),
  pinVerifier: v.pipe(v.string(), v.maxLength(500)),
  updatedAt: isoInstant,
});
export type Clerk = v.InferOutput<typeof clerkSchema>;

export const clerkListSchema = v.strictObject({ clerks: v.array(clerkSchema) });

/** 409 on `GET /v1/clerks` for a device token made without a PIN key: issue a new token. */
export const noPinKeyCode = "no_pin_key";
export const noPinKeyMessage =
  "this device token was made without a PIN key: make a new one (ticket-kiosk central token) and install both";
