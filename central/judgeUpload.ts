/**
 * The server's verdict on one uploaded redemption (docs/protocol.md), as a pure function of what the
 * server holds: the record already stored under the id, a tombstone, and the ticket. (An upload
 * with an entry for another device or store than the token's never gets here: it is refused whole,
 * bearerAuth.ts.) In order:
 * - an id seen before is a replay: the same body (ignoring `offline`, which only says how the
 *   kiosk decided) is a `duplicate` carrying the first verdict; another body is `id_reused`; an id
 *   recorded as cancelled stays cancelled. One exception: an online refusal whose answer never
 *   reached the kiosk (the service stopped, the line dropped), uploaded again as offline. The kiosk
 *   then redeemed it offline, so the customer was served: it is judged again as the offline
 *   redemption it became, and its record replaced (a conflict when the units ran out), not left a
 *   refusal that counts no units and lists nothing;
 * - an id this device cancelled before it arrived (its tombstone) is recorded and refused
 *   `cancelled`; a tombstone of another device or store does not touch it: a device may only take
 *   back its own intents;
 * - a clerk the store does not have (never had, or deleted since): online, the redemption is
 *   recorded and refused `unknown_clerk`; offline it already happened, so it is judged as any other
 *   and its record flagged `unknown_clerk`, which puts it on the exceptions list;
 * - otherwise the shared rules judge it at `judgedTime`: an online redemption at the server's now
 *   (a device's claim of when it asked is no evidence: a backdated `redeemedAt` must not revive an
 *   expired ticket, docs/security.md); an offline one at its `redeemedAt` when the kiosk's clock
 *   was synchronised (late uploads of old events stand), bounded by what the device can honestly
 *   claim: not before its last contact with the server less the tolerance (it uploads what it
 *   holds at each contact), not after the server's now plus it. A time outside is judged at the
 *   nearest bound and the record flagged `clock_suspect`, so it is listed, not silently taken or
 *   lost. An unsynchronised clock's claim is judged at the server's now. Online refusals are recorded as
 *   `rejected`. An offline redemption already happened: when only the units ran out it is recorded
 *   as `conflict` and its units still count, so over-redemption shows instead of vanishing. The
 *   conflict names the redemptions that used the units first (`nameConflict`), so both devices
 *   are known, and a replay of it returns the same names.
 */
import type { Redemption, Ticket } from "../device/domain.js";
import type { ConflictParty, RedemptionResult } from "../device/ports/wire.js";
import { checkRedemption } from "../device/rules.js";
import { canonicalJson } from "./canonicalJson.js";
import type { RedemptionRecord } from "./redemptionRecord.js";

export interface DeviceScope {
  readonly deviceId: string;
  readonly storeId: string;
}

export interface UploadContext {
  readonly scope: DeviceScope;
  /** When the server last heard from the device before this upload (its last heartbeat). */
  readonly lastContactAt: string | undefined;
  /** How far an offline redemption's claimed time may stray outside its honest bounds. */
  readonly clockToleranceMs: number;
  /** False when the redemption names a clerk who is not a clerk of the store. */
  readonly clerkKnown: boolean;
  readonly existing: RedemptionRecord | undefined;
  /** The device and store whose tombstone holds the id, when one does. */
  readonly tombstonedBy: DeviceScope | undefined;
  readonly ticket: Ticket | undefined;
  readonly now: Date;
}

export type Answer = Omit<RedemptionResult, "id" | "ticket">;

export interface UploadWrite {
  readonly record: RedemptionRecord;
  /** The units the record adds to its ticket. */
  readonly unitsDelta: number;
  /** The record this one replaces under the same id, which counted no units: see the top. */
  readonly replaces?: RedemptionRecord;
}

export interface UploadVerdict {
  readonly answer: Answer;
  /** What to store, when this upload is new or replaces an online refusal. */
  readonly write?: UploadWrite;
}

export function judgeUpload(redemption: Redemption, context: UploadContext): UploadVerdict {
  const { scope, existing, now } = context;
  if (existing !== undefined) {
    if (!redeemedOfflineAfterRefusal(existing, redemption))
      return { answer: replayAnswer(existing, redemption) };
    const again = judgeUpload(redemption, { ...context, existing: undefined });
    if (again.write === undefined) return again;
    // Received when the online request came, where it stays in the arrival order.
    const record = { ...again.write.record, receivedAt: existing.receivedAt };
    return { answer: answerOf(record), write: { ...again.write, record, replaces: existing } };
  }

  const times = { receivedAt: now.toISOString(), judgedAt: now.toISOString() };
  const { tombstonedBy } = context;
  if (tombstonedBy?.deviceId === scope.deviceId && tombstonedBy.storeId === scope.storeId) {
    return record({ redemption, status: "cancelled", reason: "cancelled", ...times }, 0);
  }
  if (!context.clerkKnown && !redemption.offline) {
    return record({ redemption, status: "rejected", reason: "unknown_clerk", ...times }, 0);
  }
  const judged = judgedTime(redemption, context);
  const flagged = [
    ...(context.clerkKnown ? [] : ["unknown_clerk" as const]),
    ...(judged.suspect ? ["clock_suspect" as const] : []),
  ];
  const flags = flagged.length === 0 ? {} : { flags: flagged };
  const receivedAt = times.receivedAt;
  const judgedAt = judged.at.toISOString();
  const verdict = checkRedemption(redemption.ticketCode, context.ticket, {
    storeId: scope.storeId,
    now: judged.at,
    quantity: redemption.quantity,
    pendingUnits: 0,
  });
  if (verdict.outcome === "ok")
    return record({ redemption, status: "accepted", receivedAt, judgedAt, ...flags }, redemption.quantity);
  const ranOut = verdict.outcome === "fully_redeemed" || verdict.outcome === "quantity_exceeds_remaining";
  if (redemption.offline && ranOut) {
    return record(
      { redemption, status: "conflict", reason: verdict.outcome, receivedAt, judgedAt, ...flags },
      redemption.quantity,
    );
  }
  return record(
    { redemption, status: "rejected", reason: verdict.outcome, receivedAt, judgedAt, ...flags },
    0,
  );
}

/** An offline redemption of a synced clock is judged at the time it claims, within its bounds. */
export function claimsOwnTime(redemption: Redemption): boolean {
  return redemption.offline && redemption.clockSynced;
}

/**
 * The time an upload is judged at, and whether the device's claim was outside what it can honestly
 * claim (see the top of this file).
 */
export function judgedTime(
  redemption: Redemption,
  context: Pick<UploadContext, "lastContactAt" | "clockToleranceMs" | "now">,
): { readonly at: Date; readonly suspect: boolean } {
  const { now, lastContactAt, clockToleranceMs } = context;
  if (!claimsOwnTime(redemption)) return { at: now, suspect: false };
  const claimed = Date.parse(redemption.redeemedAt);
  const earliest =
    lastContactAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(lastContactAt) - clockToleranceMs;
  const at = Math.min(Math.max(claimed, earliest), now.getTime() + clockToleranceMs);
  return { at: new Date(at), suspect: at !== claimed };
}

/** How many redemptions a conflict names at most: the latest ones, which used the last units. */
export const maxConflictParties = 20;

/**
 * A new conflict names the redemptions of its ticket the server counted before it (`counted`,
 * oldest first): they are what used the units the offline kiosk believed were left.
 */
export function nameConflict(verdict: UploadVerdict, counted: readonly RedemptionRecord[]): UploadVerdict {
  if (verdict.write === undefined || verdict.write.record.status !== "conflict") return verdict;
  const named = { ...verdict.write.record, conflictWith: counted.slice(-maxConflictParties).map(partyOf) };
  return { answer: answerOf(named), write: { ...verdict.write, record: named } };
}

/** Records whose units count against their ticket: accepted or conflict, and not voided. */
export function countsUnits(stored: RedemptionRecord): boolean {
  return (stored.status === "accepted" || stored.status === "conflict") && stored.voided === undefined;
}

/**
 * Records a supervisor should look at: conflicts, offline redemptions the server refused for
 * another reason (expired, voided ticket…), which the customer was nevertheless given, and records
 * flagged (an offline redemption by a clerk the store does not have, or at a suspect time).
 */
export function isException(stored: RedemptionRecord): boolean {
  return (
    stored.status === "conflict" ||
    (stored.status === "rejected" && stored.redemption.offline) ||
    stored.flags !== undefined
  );
}

/** The answer a stored record gives the upload that created it. */
export function answerOf(stored: RedemptionRecord): Answer {
  switch (stored.status) {
    case "accepted":
      return { status: "accepted" };
    case "conflict":
    case "rejected":
      return { status: stored.status, ...reasons(stored) };
    case "cancelled":
      return { status: "rejected", reason: "cancelled" };
  }
}

function partyOf({ redemption }: RedemptionRecord): ConflictParty {
  const { id, deviceId, quantity, redeemedAt, offline } = redemption;
  return { id, deviceId, quantity, redeemedAt, offline };
}

/** The reason and the conflict's names a stored record carries, for its answers. */
function reasons(stored: RedemptionRecord): Pick<Answer, "reason" | "conflictWith"> {
  return {
    ...(stored.reason === undefined ? {} : { reason: stored.reason }),
    ...(stored.conflictWith === undefined ? {} : { conflictWith: stored.conflictWith }),
  };
}

function record(stored: RedemptionRecord, unitsDelta: number): UploadVerdict {
  return { answer: answerOf(stored), write: { record: stored, unitsDelta } };
}

/**
 * The same redemption refused online and now uploaded as offline: the kiosk never had the refusal
 * (it would have told the customer no, and never redeemed it) and decided offline instead.
 */
function redeemedOfflineAfterRefusal(existing: RedemptionRecord, redemption: Redemption): boolean {
  return (
    existing.status === "rejected" &&
    !existing.redemption.offline &&
    redemption.offline &&
    withoutOffline(existing.redemption) === withoutOffline(redemption)
  );
}

function replayAnswer(existing: RedemptionRecord, redemption: Redemption): Answer {
  if (existing.status === "cancelled") return answerOf(existing);
  if (withoutOffline(existing.redemption) !== withoutOffline(redemption)) {
    return { status: "rejected", reason: "id_reused" };
  }
  return { status: "duplicate", original: existing.status, ...reasons(existing) };
}

function withoutOffline(redemption: Redemption): string {
  const { offline: _howDecided, ...body } = redemption;
  return canonicalJson(body);
}
