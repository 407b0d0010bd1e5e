/**
 * The domain of docs/domain.md §1: tickets, redemptions, voids and clerks, as schemas shared by the
 * kiosk, the sync protocol and the reference central service. Types are derived from the schemas
 * so the wire format and the code cannot drift apart.
 */
import { z } from "zod";

/** ISO 8601 with an explicit offset: validity is an instant, judged the same in every time zone. */
export const isoInstant = z.iso.datetime({ offset: true });

export const ticketStatuses = ["active", "voided", "refunded"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** What a QR carries. Letters, digits and dashes; anything else is refused as `invalid_code`. */
export const ticketCodePattern = /^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/;

export const customerSchema = z.strictObject({
  name: z.string().max(200),
  phone: z.string().max(40),
});
export type Customer = z.infer<typeof customerSchema>;

export const ticketSchema = z.strictObject({
  code: z.string().regex(ticketCodePattern),
  orderNumber: z.string().min(1).max(64),
  orderCreatedAt: isoInstant.optional(),
  productName: z.string().min(1).max(200),
  variantName: z.string().max(200).optional(),
  totalUnits: z.number().int().min(1).max(100_000),
  redeemedUnits: z.number().int().min(0),
  validFrom: isoInstant.optional(),
  validUntil: isoInstant.optional(),
  status: z.enum(ticketStatuses),
  storeIds: z.array(z.string().min(1)).optional(),
  customer: customerSchema,
  updatedAt: isoInstant,
});
export type Ticket = z.infer<typeof ticketSchema>;

export const redemptionSources = ["scan", "manual", "order-detail"] as const;
export type RedemptionSource = (typeof redemptionSources)[number];

/**
 * One redemption intent. `id` is made once, before the first attempt, and reused for the online
 * call, the offline decision and every upload: it is the idempotency key at the server.
 * `seq` is the device's monotonic sequence, which orders events even when the wall clock lies.
 */
export const redemptionSchema = z.strictObject({
  id: z.uuid(),
  ticketCode: z.string().regex(ticketCodePattern),
  quantity: z.number().int().min(1).max(1000),
  redeemedAt: isoInstant,
  clockSynced: z.boolean(),
  seq: z.number().int().min(1),
  deviceId: z.string().min(1).max(64),
  storeId: z.string().min(1).max(64),
  clerkId: z.string().min(1).max(64).optional(),
  source: z.enum(redemptionSources),
  offline: z.boolean(),
});
export type Redemption = z.infer<typeof redemptionSchema>;

export const clerkRoles = ["redeem", "supervisor"] as const;
export type ClerkRole = (typeof clerkRoles)[number];

/** Refusals the rules can give, before or at the server (docs/domain.md §1). */
export const refusalReasons = [
  "not_found",
  "invalid_code",
  "not_yet_valid",
  "expired",
  "voided",
  "refunded",
  "fully_redeemed",
  "wrong_store",
  "quantity_exceeds_remaining",
  "offline_refused",
] as const;
export type RefusalReason = (typeof refusalReasons)[number];

/**
/**
 * Every outcome a decision can show: the refusals, `ok`, the two that come back from sync; the two
 * the central service gives when it does not judge at all: `not_authorized` (the token is refused,
 * for another device or store, or missing: nothing may be redeemed, not even offline) and
 * `central_error` (it found the request malformed, a fault to show, not to hide as offline); and
 * `busy`: a scan turned away because the scans waiting behind the one being decided were already
 * as many as the kiosk keeps (device/kioskSession.ts), said and logged instead of dropped.
 */
export const outcomes = [
  "ok",
  ...refusalReasons,
  "conflict",
  "rejected",
  "not_authorized",
  "central_error",
  "busy",
] as const;
export type Outcome = (typeof outcomes)[number];

/** Masks all but the last four characters, so logs and screens never carry a whole code. */
export function maskCode(code: string): string {
  const visible = code.slice(-4);
  return `${"*".repeat(Math.max(0, code.length - 4))}${visible}`;
}

/** Masks a phone number to its last three digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return digits.length <= 3 ? digits : `${"*".repeat(digits.length - 3)}${digits.slice(-3)}`;
}

/** Masks a name to its first character (王**), the usual form on Taiwanese receipts. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${"*".repeat(chars.length - 1)}`;
}
