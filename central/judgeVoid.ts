/**
 * The server's verdict on a void (取消核銷, docs/domain.md §1) of a record it holds, as a pure function
 * of the record, the request, the clerk it names and the server's clock. In order:
 * - a record of another store is not this device's business (`forbidden`, 403);
 * - a record already voided or cancelled is a `duplicate`: voids are idempotent, and a retry whose
 *   first answer was lost must not be refused as late or as another clerk's;
 * - `abandoned` (a kiosk taking back an intent it never confirmed to anyone) is allowed only to the
 *   device that made the redemption, and is exempt from role and window: it undoes something that
 *   never happened for the customer. Any other reason names a clerk the server knows
 *   (`unknown_clerk`), proved by that clerk's PIN checked against the verifier the server holds
 *   (`wrong_pin` when missing or wrong; `pin_locked` while this device is locked out for that
 *   clerk, ledger.ts), who is a `supervisor` of the device's store (`not_permitted`). The PIN comes
 *   before the role, so an unproved request learns nothing of a clerk's role;
 * - a record the server refused gave no units, so there is nothing to give back (`not_redeemed`);
 * - a clerk's void must come within the window after the redemption (`void_window_passed`). It is
 *   judged at the server's time of receipt, not the device's `at`: a kiosk clock may be
 *   unsynchronised, and a void is a supervisor's act now, not a fact that already happened like an
 *   offline redemption. The window starts at the time the redemption was judged at (`judgedAt`,
 *   judgeUpload.ts); on a record of an older server, at `redeemedAt` when the kiosk's clock was
 *   synchronised, else when the server received it.
 */
import { abandonedReason, type VoidRejectionReason, type VoidRequest } from "../device/ports/wire.js";
import type { ClerkRecord } from "./importPlan.js";
import type { DeviceScope } from "./judgeUpload.js";
import type { RedemptionRecord, VoidMark } from "./redemptionRecord.js";

/**
 * How the request's PIN compares with the named clerk's verifier: `missing` when it carries none,
 * `locked` when it was not checked because this device is locked out for that clerk.
 */
export type PinCheck = "matches" | "wrong" | "missing" | "locked";

export interface VoidContext {
  readonly scope: DeviceScope;
  /** The clerk the request names, as the server holds it (undefined when unknown or not named). */
  readonly clerk: ClerkRecord | undefined;
  readonly pin: PinCheck;
  readonly now: Date;
  readonly windowMs: number;
}

export type VoidVerdict =
  | { readonly kind: "forbidden" }
  | { readonly kind: "duplicate" }
  | { readonly kind: "rejected"; readonly reason: VoidRejectionReason }
  | { readonly kind: "void"; readonly mark: VoidMark };

export function judgeVoid(stored: RedemptionRecord, request: VoidRequest, context: VoidContext): VoidVerdict {
  const { scope, clerk, now } = context;
  const { redemption } = stored;
  if (redemption.storeId !== scope.storeId) return { kind: "forbidden" };
  if (isUndone(stored)) return { kind: "duplicate" };
  const abandoned = request.reason === abandonedReason;
  if (!abandoned && clerk === undefined) return { kind: "rejected", reason: "unknown_clerk" };
  if (!abandoned && context.pin !== "matches")
    return { kind: "rejected", reason: context.pin === "locked" ? "pin_locked" : "wrong_pin" };
  const permitted = abandoned
    ? redemption.deviceId === scope.deviceId
    : clerk !== undefined && clerk.role === "supervisor" && clerk.storeIds.includes(scope.storeId);
  if (!permitted) return { kind: "rejected", reason: "not_permitted" };
  const refusal = recordVoidRefusal(stored, now, abandoned ? undefined : context.windowMs);
  if (refusal !== undefined) return { kind: "rejected", reason: refusal };
  const receivedAt = now.toISOString();
  return {
    kind: "void",
    mark:
      request.clerkId === undefined
        ? { reason: request.reason, at: request.at, receivedAt }
        : { reason: request.reason, clerkId: request.clerkId, at: request.at, receivedAt },
  };
}

/** Voided, or cancelled before it arrived: a void of it again is a `duplicate`. */
export function isUndone(stored: RedemptionRecord): boolean {
  return stored.voided !== undefined || stored.status === "cancelled";
}

/**
 * What the record itself says against a void once who asks is settled, for a kiosk's supervisor
 * and the web console alike: a refusal gave no units back to give (`not_redeemed`), and a void
 * comes within `windowMs` of the time the redemption was judged at (undefined: no window).
 */
export function recordVoidRefusal(
  stored: RedemptionRecord,
  now: Date,
  windowMs: number | undefined,
): "not_redeemed" | "void_window_passed" | undefined {
  const { redemption } = stored;
  if (stored.status === "rejected") return "not_redeemed";
  const windowStart = Date.parse(
    stored.judgedAt ?? (redemption.clockSynced ? redemption.redeemedAt : stored.receivedAt),
  );
  if (windowMs !== undefined && now.getTime() - windowStart > windowMs) return "void_window_passed";
  return undefined;
}
