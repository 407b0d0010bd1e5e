/**
 * The domain of docs/domain.md §1: tickets, redemptions, voids and clerks, as schemas shared by the
 * kiosk, the sync protocol and the reference central service. Types are derived from the schemas
 * so the wire format and the code cannot drift apart.
 */
import * as v from "valibot";

/**
 * RFC 3339 date-time with seconds and an explicit offset (`Z` or `+08:00`): validity is an instant,
 * judged the same in every time zone. The day is checked against its month (no 2 月 30 日).
 */
const isoInstantPattern =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** A million of these are checked in a first download, so the calendar is asked only past the 28th. */
function isIsoInstant(text: string): boolean {
  if (!isoInstantPattern.test(text)) return false;
  const day = Number(text.slice(8, 10));
  if (day <= 28) return true;
  const date = new Date(Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, day));
  return date.getUTCDate() === day;
}

export const isoInstant = v.pipe(
  v.string(),
  v.check(isIsoInstant, "not a date-time with seconds and an offset (2026-01-31T09:30:00+08:00)"),
);

export const ticketStatuses = ["active", "voided", "refunded"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** What a QR carries. Letters, digits and dashes; anything else is refused as `invalid_code`. */
export const ticketCodePattern = /^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/;

export const customerSchema = v.strictObject({
  name: v.pipe(v.string(), v.maxLength(200)),
  phone: v.pipe(v.string(), v.maxLength(40)),
});
export type Customer = v.InferOutput<typeof customerSchema>;

export const ticketSchema = v.strictObject({
  code: v.pipe(v.string(), v.regex(ticketCodePattern)),
  orderNumber: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  orderCreatedAt: v.optional(isoInstant),
  productName: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  variantName: v.optional(v.pipe(v.string(), v.maxLength(200))),
  totalUnits: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
  redeemedUnits: v.pipe(v.number(), v.integer(), v.minValue(0)),
  validFrom: v.optional(isoInstant),
  validUntil: v.optional(isoInstant),
  status: v.picklist(ticketStatuses),
  storeIds: v.optional(v.array(v.pipe(v.string(), v.minLength(1)))),
  customer: customerSchema,
  updatedAt: isoInstant,
});
export type Ticket = v.InferOutput<typeof ticketSchema>;

export const redemptionSources = ["scan", "manual", "order-detail"] as const;
export type RedemptionSource = (typeof redemptionSources)[number];

/**
 * One redemption intent. `id` is made once, before the first attempt, and reused for the online
 * call, the offline decision and every upload: it is the idempotency key at the server.
 * `seq` is the device's monotonic sequence, which orders events even when the wall clock lies.
 */
export const redemptionSchema = v.strictObject({
  id: v.pipe(v.string(), v.uuid()),
  ticketCode: v.pipe(v.string(), v.regex(ticketCodePattern)),
  quantity: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)),
  redeemedAt: isoInstant,
  clockSynced: v.boolean(),
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  deviceId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  storeId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  clerkId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  source: v.picklist(redemptionSources),
  offline: v.boolean(),
});
export type Redemption = v.InferOutput<typeof redemptionSchema>;

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
