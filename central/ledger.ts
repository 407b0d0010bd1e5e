/**
 * The central service's operations over its store, whatever asks for them (the HTTP API, the admin
 * socket, the CLI on a stopped service): authenticate a device or an administrator, page tickets,
 * judge uploads, void, take heartbeats, list a store's clerks, import, issue and revoke tokens.
 *
 * The store is a port (store/ledgerStore.ts): an upload, a void and an import hand it their pure
 * rule as a callback, applied where the read, the judgement and the write are one step (LevelDB's
 * per-key locks, or a PostgreSQL transaction), so concurrent retries of one id get one record and
 * two kiosks racing for a ticket's last unit get exactly one `accepted`, across processes too.
 * The ledger's own lock, `pin:<device>\0<clerk>`, runs one void PIN check at a time per device and
 * clerk in this process; it is taken inside the store's void step and never around a ticket's
 * write. The wrong-PIN guard it checks is the store's, shared by every central process on it.
 */

import { createHash } from "node:crypto";
import * as v from "valibot";
import { maskCode, type Redemption, redemptionSchema, type Ticket } from "../device/domain.js";
import type { Logger } from "../device/logger.js";
import { verifyPin } from "../device/pinHash.js";
import { afterMiss, isLocked, openGuard, type PinGuard, standing } from "../device/pinLockout.js";
import { parsePinKey, sealVerifier } from "../device/pinVerifier.js";
import { pairingTtlMs } from "../device/ports/pairingWire.js";
import {
  abandonedReason,
  type Clerk,
  codeHash,
  type Heartbeat,
  type OtherStoreCodesPage,
  type OwnRedemptionsPage,
  type RedemptionResult,
  type ServerRedemption,
  type TicketsPage,
  type VoidRequest,
  type VoidResult,
} from "../device/ports/wire.js";
import { type AddUserOutcome, addConsoleUser, type NewConsoleUser } from "./console/consoleAccounts.js";
import { type FeedCursor, formatFeedCursor, staleCursor } from "./feedCursor.js";
import type { ImportCheck, ImportProblem } from "./importDocument.js";
import { type ImportFormat, parseImport, type RowsListener, validateImport } from "./importer.js";
import type { ClerkRecord, ImportSummary } from "./importPlan.js";
import type { ImportProgressListener } from "./importProgress.js";
import {
  claimsOwnTime,
  countsUnits,
  type DeviceScope,
  judgeUpload,
  maxConflictParties,
  nameConflict,
} from "./judgeUpload.js";
import { judgeVoid, type PinCheck, type VoidVerdict } from "./judgeVoid.js";
import { KeyedMutex } from "./keyedMutex.js";
import type { PinPolicy } from "./pinPolicy.js";
import type { RedemptionRecord } from "./redemptionRecord.js";
import type {
  LedgerStore,
  PairingClaim,
  TokenRecord,
  TombstoneRecord,
  VoidDecision,
} from "./store/ledgerStore.js";
import { newPairingCode } from "./store/pairingCodes.js";
import { isTicketOfStore } from "./store/recordFilter.js";

/**
 * Who asked for an admin action, for its log line: `admin-token:<id>`, an admin token on the HTTP
 * API (the id is the first 16 hex digits of the token's SHA-256, never the token); `socket`, the
 * command line through the running service's local socket; `local`, this process itself (the
 * command line on a stopped service, the demo); `console:<account>`, an account of the web console.
 */
export type AdminActor = `admin-token:${string}` | `console:${string}` | "socket" | "local";

/** How logs name a token: enough to tell tokens apart and find one, nothing to present. */
export function tokenId(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 16);
}

export type AuthResult =
  /** `pinKey`: the key the device's PIN verifiers are sealed with (none on tokens made before keys). */
  | { readonly kind: "device"; readonly scope: DeviceScope; readonly pinKey: Buffer | undefined }
  | { readonly kind: "admin"; readonly actor: AdminActor }
  | { readonly kind: "unknown" }
  | { readonly kind: "revoked" };

/**
 * An upload's token is no longer what let its request in: revoked, or its device moved to another
 * store, since the look-up (`authenticateUpload`). Nothing of the entry was recorded; the request is
 * answered as a fresh look-up of the token would answer it (bearerAuth.ts).
 */
export class TokenChangedError extends Error {
  override readonly name = "TokenChangedError";

  constructor(readonly scope: DeviceScope) {
    super(
      `the token of device ${scope.deviceId} of store ${scope.storeId} changed while its upload was judged`,
    );
  }
}

function isLiveTokenOf(record: TokenRecord | undefined, scope: DeviceScope): boolean {
  return (
    record?.kind === "device" &&
    !record.revoked &&
    record.deviceId === scope.deviceId &&
    record.storeId === scope.storeId
  );
}

function authOf(token: string, record: TokenRecord | undefined): AuthResult {
  if (record === undefined) return { kind: "unknown" };
  if (record.revoked) return { kind: "revoked" };
  if (record.kind === "admin") return { kind: "admin", actor: `admin-token:${tokenId(token)}` };
  const pinKey = record.pinKey === undefined ? undefined : parsePinKey(record.pinKey);
  return { kind: "device", scope: { deviceId: record.deviceId, storeId: record.storeId }, pinKey };
}

export interface LedgerOptions {
  readonly store: LedgerStore;
  readonly logger: Logger;
  readonly now: () => Date;
  /** How long after a redemption a supervisor may still void it (docs/domain.md §1). */
  readonly voidWindowHours: number;
  /**
   * How far an offline redemption's claimed time may lie before the device's last contact or after
   * the server's now before it is flagged `clock_suspect` (judgeUpload.ts); 5 unless given.
   */
  readonly clockToleranceMinutes?: number;
}

export const defaultVoidWindowHours = 24;
export const defaultClockToleranceMinutes = 5;

export type VoidOutcome =
  | { readonly kind: "result"; readonly result: VoidResult }
  | { readonly kind: "not_found" }
  | { readonly kind: "forbidden" }
  | { readonly kind: "bad_request"; readonly message: string };

export type ImportOutcome =
  | { readonly ok: true; readonly summary: ImportSummary; readonly warnings: readonly ImportProblem[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

export type PairingCodeOutcome =
  | { readonly ok: true; readonly code: string; readonly expiresAt: string }
  | { readonly ok: false; readonly knownStoreIds: readonly string[] };

export type TokenOutcome =
  | { readonly ok: true; readonly token: string; readonly pinKey: string }
  | { readonly ok: false; readonly knownStoreIds: readonly string[] };

export const tokenRequestSchema = v.strictObject({
  deviceId: redemptionSchema.entries.deviceId,
  storeId: redemptionSchema.entries.storeId,
});

export class Ledger {
  private readonly store: LedgerStore;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly voidWindowMs: number;
  private readonly clockToleranceMs: number;
  private readonly pinLocks = new KeyedMutex();

  constructor(options: LedgerOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.now = options.now;
    this.voidWindowMs = options.voidWindowHours * 3_600_000;
    this.clockToleranceMs = (options.clockToleranceMinutes ?? defaultClockToleranceMinutes) * 60_000;
  }

  /** Resolves when the store can serve now (`GET /v1/health`). */
  ping(): Promise<void> {
    return this.store.ping();
  }

  async authenticate(token: string): Promise<AuthResult> {
    return authOf(token, await this.store.findToken(token));
  }

  /**
   * `authenticate` for an upload's request, from the store's copy of the token when it has one:
   * `upload` with the token reads it again in each entry's step (LedgerStore `findUploadToken`).
   */
  async authenticateUpload(token: string): Promise<AuthResult> {
    return authOf(token, await this.store.findUploadToken(token));
  }

  /**
   * The first page (no cursor) also says how many tickets the store has: a download's total. A
   * cursor from before a restore of an older backup gets the first page instead (feedCursor.ts):
   * the kiosk stores it, and its cursor, as it would a first download's.
   */
  async ticketsPage(scope: DeviceScope, since: FeedCursor | undefined, limit: number): Promise<TicketsPage> {
    const from = await this.feedStart(scope, since, "tickets");
    const page = await this.store.ticketsOfStoreSince(scope.storeId, from?.rev ?? 0, limit);
    const total = from === undefined ? { total: await this.store.countTicketsOfStore(scope.storeId) } : {};
    const last = page.tickets[page.tickets.length - 1];
    const cursor = last === undefined ? (from?.text ?? "0") : formatFeedCursor(page.lastRev, last.updatedAt);
    return { tickets: page.tickets, cursor, hasMore: page.hasMore, ...total };
  }

  async ticket(scope: DeviceScope, code: string): Promise<Ticket | undefined> {
    return this.visible((await this.store.getTicket(code))?.ticket, scope);
  }

  /**
   * The stores a ticket may be used at, by id and name, for any device: what a kiosk of another
   * store needs to send the customer to the right one, and nothing of the ticket itself. A ticket
   * without a store list is valid at every store.
   */
  async storesOfTicket(code: string): Promise<{ id: string; name: string }[] | undefined> {
    const ticket = (await this.store.getTicket(code))?.ticket;
    if (ticket === undefined) return undefined;
    return this.storeNames(ticket.storeIds ?? [...(await this.store.storeIds())].sort());
  }

  /**
   * Where a feed starts for a kiosk: after its cursor, or from the beginning when the cursor is not
   * from this store's history (feedCursor.ts), which the log says.
   */
  private async feedStart(
    scope: DeviceScope,
    since: FeedCursor | undefined,
    feed: "tickets" | "other-store-codes",
  ): Promise<FeedCursor | undefined> {
    if (since === undefined) return undefined;
    const stale = staleCursor(since, await this.store.feedAt(since.rev));
    if (stale === undefined) return since;
    this.logger.warn("a kiosk's cursor is not from this store's history: its feed starts again", {
      event: "cursor_stale",
      deviceId: scope.deviceId,
      feed,
      cursor: since.text,
      why: stale,
    });
    return undefined;
  }

  /**
   * Tickets of other stores than the device's, changed after `afterRev`, as hashed codes with their
   * stores (device/ports/wire.ts `otherStoreCodesPageSchema`), and every store's name. Its cursor is
   * the last rev scanned, whose time the page does not have: only a cursor past the head is caught.
   */
  async otherStoreCodes(scope: DeviceScope, afterRev: number, limit: number): Promise<OtherStoreCodesPage> {
    const since = afterRev === 0 ? undefined : { rev: afterRev, atMs: undefined, text: String(afterRev) };
    const from = await this.feedStart(scope, since, "other-store-codes");
    const page = await this.store.ticketsOfOtherStoresSince(scope.storeId, from?.rev ?? 0, limit);
    return {
      codes: page.tickets.map((ticket) => ({ hash: codeHash(ticket.code), storeIds: ticket.storeIds ?? [] })),
      stores: await this.storeNames([...(await this.store.storeIds())].sort()),
      cursor: String(page.lastRev),
      hasMore: page.hasMore,
    };
  }

  private async storeNames(ids: readonly string[]): Promise<{ id: string; name: string }[]> {
    const stores = await Promise.all(ids.map((id) => this.store.getStore(id)));
    return ids.map((id, i) => ({ id, name: stores[i]?.name ?? id }));
  }

  /** The records of the asking device, in arrival order (`journal recover` on a damaged kiosk). */
  async ownRedemptions(scope: DeviceScope, afterSeq: number, limit: number): Promise<OwnRedemptionsPage> {
    const page = await this.store.redemptionsSince(afterSeq, limit, scope);
    return { redemptions: page.redemptions, cursor: String(page.lastSeq), hasMore: page.hasMore };
  }

  /** This store's records of one ticket received at or after `since`, oldest first. */
  async history(scope: DeviceScope, code: string, since: string | undefined): Promise<ServerRedemption[]> {
    const sinceMs = since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(since);
    const records = await this.store.redemptionsOfTicket(code);
    return records.filter(
      (record) => record.redemption.storeId === scope.storeId && Date.parse(record.receivedAt) >= sinceMs,
    );
  }

  /**
   * Judges the entries of an upload concurrently, so their commits share group writes. The store
   * judges entries of one ticket in call order, so entries that depend on each other are still
   * judged in the device's journal order. One result per entry, in order. With the `token` the
   * request was let in on (`authenticateUpload`), each entry's step checks it is still that
   * device's and store's and live, or throws `TokenChangedError` and records nothing of that entry.
   */
  async upload(
    redemptions: readonly Redemption[],
    scope: DeviceScope,
    token?: string,
  ): Promise<RedemptionResult[]> {
    // Only an offline claim of a synced clock is held to the device's last contact: an online
    // upload, what every scan with the network up sends, reads no heartbeat (docs/performance.md,
    // "Central service").
    const lastContactAt = redemptions.some(claimsOwnTime)
      ? (await this.store.getHeartbeat(scope.deviceId))?.lastSeenAt
      : undefined;
    return Promise.all(
      redemptions.map((redemption) => this.uploadOne(redemption, scope, lastContactAt, token)),
    );
  }

  private async uploadOne(
    redemption: Redemption,
    scope: DeviceScope,
    lastContactAt: string | undefined,
    token: string | undefined,
  ): Promise<RedemptionResult> {
    const { id, ticketCode, clerkId } = redemption;
    const { verdict, ticket: after } = await this.store.redeem(
      { id, ticketCode, clerkId, ...(token === undefined ? {} : { token }) },
      async (state, history) => {
        if (token !== undefined && !isLiveTokenOf(state.token, scope)) throw new TokenChangedError(scope);
        const { existing, tombstone, ticket: held, clerk } = state;
        const judged = judgeUpload(redemption, {
          scope,
          lastContactAt,
          clockToleranceMs: this.clockToleranceMs,
          // No clerk named (self-service, a gate) is no claim to check.
          clerkKnown: clerkId === undefined || (clerk?.storeIds.includes(scope.storeId) ?? false),
          existing,
          tombstonedBy: tombstone,
          ticket: held?.ticket,
          now: this.now(),
        });
        // Only a new conflict needs the ticket's history; the store keeps it still meanwhile.
        return judged.write?.record.status === "conflict"
          ? nameConflict(judged, await history(maxConflictParties, countsUnits))
          : judged;
      },
    );
    const result: RedemptionResult = { id, ...verdict.answer };
    this.logger.info("verdict", {
      event: "verdict",
      id,
      outcome: result.status,
      reason: result.reason,
      original: result.original,
      code: maskCode(ticketCode),
      deviceId: redemption.deviceId,
      storeId: redemption.storeId,
      offline: redemption.offline,
      flags: verdict.write?.record.flags,
      conflictWith: result.conflictWith?.map((party) => party.deviceId),
    });
    const ticket = this.visible(after, scope);
    return ticket === undefined ? result : { ...result, ticket };
  }

  /**
   * A void (docs/domain.md §1; device/ports/wire.ts; the rules in judgeVoid.ts). `abandoned`: a device takes
   * back an intent it never confirmed: an accepted or conflict record is voided and its units given
   * back; an id never seen gets a tombstone so its late upload is refused `cancelled`. Any other
   * reason is a supervisor's void of a record that exists, within the void window.
   */
  async void(id: string, request: VoidRequest, scope: DeviceScope): Promise<VoidOutcome> {
    const abandoned = request.reason === abandonedReason;
    if (!abandoned && request.clerkId === undefined) {
      return {
        kind: "bad_request",
        message: `a void needs clerkId unless its reason is "${abandonedReason}"`,
      };
    }
    const { outcome, ticket } = await this.store.void<VoidResult | "not_found" | "forbidden">(
      id,
      request.clerkId,
      async ({ stored, tombstone, clerk }) => {
        if (stored === undefined)
          return abandoned ? this.cancel(id, request, scope, tombstone) : { outcome: "not_found" };
        const verdict = await this.judgeVoidPin(stored, request, scope, clerk);
        switch (verdict.kind) {
          case "forbidden":
            return { outcome: "forbidden" };
          case "duplicate":
            return { outcome: { id, status: "duplicate" } };
          case "rejected":
            return { outcome: { id, status: "rejected", reason: verdict.reason } };
          case "void":
            return { outcome: { id, status: "voided" }, write: { kind: "void", mark: verdict.mark } };
        }
      },
    );
    if (outcome === "not_found" || outcome === "forbidden") return { kind: outcome };
    const visible = this.visible(ticket, scope);
    return this.logVoid(visible === undefined ? outcome : { ...outcome, ticket: visible }, request, scope);
  }

  /**
   * judgeVoid.ts with the request's PIN checked against the clerk's verifier, unless the store's
   * guard for this device and clerk is locked (device/pinLockout.ts): a kiosk guessing a
   * supervisor's PIN is locked out for that clerk, growing; only that clerk's right PIN from that
   * device clears it. The guard is the store's, so guesses spread over several central processes,
   * or across a restart, are counted together. One PIN check at a time per device and clerk in
   * this process (the `pin:` lock, taken inside the store's void step of one id), so guesses sent
   * at once on many redemptions are each counted before the next is checked.
   */
  private judgeVoidPin(
    stored: RedemptionRecord,
    request: VoidRequest,
    scope: DeviceScope,
    clerk: ClerkRecord | undefined,
  ): Promise<VoidVerdict> {
    const abandoned = request.reason === abandonedReason;
    const { deviceId } = scope;
    const clerkId = request.clerkId ?? "";
    return this.pinLocks.run(`pin:${deviceId}\0${clerkId}`, async () => {
      const guard = abandoned ? openGuard : await this.store.voidPinGuard(deviceId, clerkId);
      const judged = judgeVoid(stored, request, {
        scope,
        clerk,
        pin: abandoned ? "missing" : await checkPin(request.pin, clerk?.pinHash, guard, this.now()),
        now: this.now(),
        windowMs: this.voidWindowMs,
      });
      if (judged.kind === "rejected" && judged.reason === "wrong_pin" && request.pin !== undefined) {
        const nowMs = this.now().getTime();
        await this.store.updateVoidPinGuard(deviceId, clerkId, (held) =>
          afterMiss(standing(held, nowMs), nowMs),
        );
      }
      if (judged.kind === "void" && !abandoned && (guard.failures > 0 || guard.locks > 0))
        await this.store.updateVoidPinGuard(deviceId, clerkId, () => openGuard);
      return judged;
    });
  }

  /**
   * An id never seen: a tombstone, so this device's late upload of it is refused `cancelled`. One
   * already there is this device's repeat (`duplicate`), or another device's: that id is not this
   * device's to take back (`not_permitted`), and the other device's tombstone never blocks this
   * device's upload of it (judgeUpload.ts).
   */
  private cancel(
    id: string,
    request: VoidRequest,
    scope: DeviceScope,
    tombstone: TombstoneRecord | undefined,
  ): VoidDecision<VoidResult> {
    if (tombstone !== undefined) {
      const own = tombstone.deviceId === scope.deviceId && tombstone.storeId === scope.storeId;
      return {
        outcome: own ? { id, status: "duplicate" } : { id, status: "rejected", reason: "not_permitted" },
      };
    }
    return {
      outcome: { id, status: "cancelled" },
      write: {
        kind: "tombstone",
        tombstone: { id, ...scope, at: request.at, receivedAt: this.now().toISOString() },
      },
    };
  }

  /** One log line per void: what happened, to which (masked) ticket, asked by which device and clerk. */
  private logVoid(result: VoidResult, request: VoidRequest, scope: DeviceScope): VoidOutcome {
    const { ticket, ...fields } = result;
    this.logger.info("void", {
      event: "void",
      ...fields,
      deviceId: scope.deviceId,
      clerkId: request.clerkId,
      ...(ticket ? { code: maskCode(ticket.code) } : {}),
    });
    return { kind: "result", result };
  }

  /** Keeps an upload refused whole, for the console's 例外清單 (store/consoleData.ts `RefusedUpload`). */
  async refusedUpload(
    scope: DeviceScope,
    refusal: { readonly status: number; readonly code: string; readonly message: string },
  ): Promise<void> {
    const { status, code } = refusal;
    const message = refusal.message.slice(0, 500);
    const kept = await this.store.recordRefusedUpload({ ...scope, status, code, message });
    this.logger.warn("upload refused", { event: "upload_refused", ...scope, status, code, id: kept.id });
  }

  /** Keeps a device's status with the server's time of receipt as its last-seen time. */
  async heartbeat(scope: DeviceScope, status: Heartbeat, address?: string): Promise<void> {
    const from = address === undefined ? {} : { address };
    await this.store.putHeartbeat({ ...scope, lastSeenAt: this.now().toISOString(), status, ...from });
  }

  /**
   * The store's clerks by id, as kiosks need them to log clerks in offline, and only the device's
   * store's: each PIN's hash sealed under the device's PIN key (device/pinVerifier.ts), so the answer
   * gives a holder of the token alone nothing to search PINs against.
   */
  async clerks(scope: DeviceScope, pinKey: Buffer): Promise<Clerk[]> {
    const [held, disabled] = await Promise.all([
      this.store.clerksOfStore(scope.storeId),
      this.store.disabledClerkIds(),
    ]);
    // A clerk disabled in the console leaves the list: kiosks replace theirs whole, so it cannot log in.
    const clerks = held.filter((clerk) => !disabled.has(clerk.id));
    return clerks.map(({ id, name, role, pinHash, updatedAt }) => ({
      id,
      name,
      role,
      pinVerifier: sealVerifier(pinKey, id, pinHash),
      updatedAt,
    }));
  }

  /**
   * Imports the text of a JSON or CSV file; nothing is written when any problem is found, a PIN
   * shorter than `pinPolicy` allows for its role among them (central/pinPolicy.ts).
   */
  importText(
    text: string,
    format: ImportFormat,
    progress?: ImportProgressListener,
    pinPolicy?: PinPolicy,
    by: AdminActor = "local",
  ): Promise<ImportOutcome> {
    return this.importChecked(
      (knownStoreIds, onRows) => parseImport(text, format, knownStoreIds, onRows, pinPolicy),
      by,
      progress,
    );
  }

  /** Imports a document already parsed from JSON (the demo's catalogue, an admin request). */
  importDocument(value: unknown, by: AdminActor = "local"): Promise<ImportOutcome> {
    return this.importChecked((knownStoreIds) => validateImport(value, knownStoreIds), by);
  }

  /** `progress`: rows as they are checked, then the tickets as each batch of them is written. */
  private async importChecked(
    check: (knownStoreIds: ReadonlySet<string>, onRows: RowsListener) => ImportCheck,
    by: AdminActor,
    progress: ImportProgressListener = () => {},
  ): Promise<ImportOutcome> {
    let rows = { rowsRead: 0, rowsTotal: 0, ticketsTotal: 0 };
    const imported = await this.store.import(
      (knownStoreIds) => {
        const checked = check(knownStoreIds, (rowsRead, rowsTotal) => {
          rows = { ...rows, rowsTotal };
          progress({ rowsRead, rowsTotal, ticketsWritten: 0, ticketsTotal: null });
        });
        if (checked.ok) {
          const ticketsTotal = checked.document.orders.reduce((sum, order) => sum + order.tickets.length, 0);
          rows = { rowsRead: rows.rowsTotal, rowsTotal: rows.rowsTotal, ticketsTotal };
          progress({ ...rows, ticketsWritten: 0 });
        }
        return checked;
      },
      (ticketsWritten) => progress({ ...rows, ticketsWritten }),
    );
    if (!("summary" in imported)) return imported.check;
    const { summary, check: checked } = imported;
    this.logger.info("import", { event: "import", by, ...summary, warnings: checked.warnings.length });
    return { ok: true, summary, warnings: checked.warnings };
  }

  /** Each of these admin actions logs one line saying who asked (`by`). */
  async issueToken(deviceId: string, storeId: string, by: AdminActor = "local"): Promise<TokenOutcome> {
    const storeIds = await this.store.storeIds();
    if (!storeIds.has(storeId)) return { ok: false, knownStoreIds: [...storeIds].sort() };
    const issued = await this.store.issueToken(deviceId, storeId);
    this.logger.info("token issued", { event: "token", by, deviceId, storeId });
    return { ok: true, ...issued };
  }

  async revokeDevice(deviceId: string, by: AdminActor = "local"): Promise<number> {
    const revoked = await this.store.revokeDevice(deviceId);
    this.logger.info("tokens revoked", { event: "revoke", by, deviceId, revoked });
    return revoked;
  }

  /** The new token's id is logged, so the lines its holder's actions log can be traced to this one. */
  async issueAdminToken(by: AdminActor = "local"): Promise<string> {
    const token = await this.store.issueAdminToken();
    this.logger.info("admin token issued", { event: "token", by, kind: "admin", tokenId: tokenId(token) });
    return token;
  }

  async revokeAdminTokens(by: AdminActor = "local"): Promise<number> {
    const revoked = await this.store.revokeAdminTokens();
    this.logger.info("admin tokens revoked", { event: "revoke", by, kind: "admin", revoked });
    return revoked;
  }

  // Pairing a kiosk by scanning (docs/central.md, "Pairing a kiosk").

  /** A one-time code that makes `deviceId`'s token in `storeId`, for `pairingTtlMs`. */
  async createPairingCode(
    deviceId: string,
    storeId: string,
    by: AdminActor = "local",
  ): Promise<PairingCodeOutcome> {
    const storeIds = await this.store.storeIds();
    if (!storeIds.has(storeId)) return { ok: false, knownStoreIds: [...storeIds].sort() };
    const code = newPairingCode();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + pairingTtlMs).toISOString();
    await this.store.putPairingCode(code, { deviceId, storeId, createdAt: now.toISOString(), expiresAt });
    this.logger.info("pairing code made", { event: "pairing_code", by, deviceId, storeId, expiresAt });
    return { ok: true, code, expiresAt };
  }

  /** Spends a pairing code for its device's token; the code itself is never logged. */
  async pair(code: string): Promise<PairingClaim> {
    const claim = await this.store.claimPairingCode(code, this.now());
    if (claim.kind === "paired") {
      const { deviceId, storeId } = claim;
      this.logger.info("device paired", { event: "paired", deviceId, storeId });
    } else {
      this.logger.warn("pairing code refused: unknown, used or expired", { event: "pairing_refused" });
    }
    return claim;
  }

  private visible(ticket: Ticket | undefined, scope: DeviceScope): Ticket | undefined {
    return ticket !== undefined && isTicketOfStore(ticket, scope.storeId) ? ticket : undefined;
  }

  /** A web console account, added from the command line (console/consoleAccounts.ts). */
  addConsoleUser(user: NewConsoleUser, by: AdminActor = "local"): Promise<AddUserOutcome> {
    return addConsoleUser(this.store, user, this.now, by);
  }
}

/** A void's PIN against the clerk's verifier; not checked at all while the guard is locked. */
async function checkPin(
  pin: string | undefined,
  verifier: string | undefined,
  guard: PinGuard,
  now: Date,
): Promise<PinCheck> {
  if (pin === undefined) return "missing";
  if (isLocked(guard, now.getTime())) return "locked";
  return verifier !== undefined && (await verifyPin(pin, verifier)) ? "matches" : "wrong";
}
