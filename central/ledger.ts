/**
 * The central service's operations over its store, whatever asks for them (the HTTP API, the admin
 * socket, the CLI on a stopped service): authenticate a device or an administrator, page tickets,
 * judge uploads, void, take heartbeats, list a store's clerks, import, issue and revoke tokens.
 *
 * Locks, always taken in the order import < redemption:<id> < ticket:<code> (so no two callers can
 * wait on each other in a circle):
 * - `redemption:<id>`: one request at a time per id, so concurrent retries of one redemption get
 *   one record and one `duplicate`, and an `abandoned` void cannot slip a tombstone under an
 *   upload of the same id that is being judged;
 * - `ticket:<code>`: read, judge and write one ticket's redemption at a time, so two kiosks racing
 *   online for its last unit get exactly one `accepted`; an import holds the locks of its tickets;
 * - `import`: one import at a time (stores, clerks and orders are only written by imports);
 * - `pin:<device>\0<clerk>`: one void PIN check at a time per device and clerk, taken inside
 *   `redemption:<id>` and released before any `ticket:` lock.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { maskCode, type Redemption, redemptionSchema, type Ticket } from "../device/domain.js";
import type { Logger } from "../device/logger.js";
import { verifyPin } from "../device/pinHash.js";
import { afterMiss, isLocked, openGuard, type PinGuard } from "../device/pinLockout.js";
import { parsePinKey, sealVerifier } from "../device/pinVerifier.js";
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
import type { CentralStore } from "./centralStore.js";
import type { ImportCheck, ImportProblem } from "./importDocument.js";
import { type ImportFormat, parseImport, type RowsListener, validateImport } from "./importer.js";
import type { ImportSummary } from "./importPlan.js";
import type { ImportProgressListener } from "./importProgress.js";
import {
  countsUnits,
  type DeviceScope,
  judgeUpload,
  maxConflictParties,
  nameConflict,
} from "./judgeUpload.js";
import { judgeVoid, type PinCheck } from "./judgeVoid.js";
import { KeyedMutex } from "./keyedMutex.js";
import type { PinPolicy } from "./pinPolicy.js";
import type { RedemptionRecord } from "./redemptionRecord.js";

/**
 * Who asked for an admin action, for its log line: `admin-token:<id>`, an admin token on the HTTP
 * API (the id is the first 16 hex digits of the token's SHA-256, never the token); `socket`, the
 * command line through the running service's local socket; `local`, this process itself (the
 * command line on a stopped service, the demo).
 */
export type AdminActor = `admin-token:${string}` | "socket" | "local";

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

export interface LedgerOptions {
  readonly store: CentralStore;
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

export type TokenOutcome =
  | { readonly ok: true; readonly token: string; readonly pinKey: string }
  | { readonly ok: false; readonly knownStoreIds: readonly string[] };

export const tokenRequestSchema = z.strictObject({
  deviceId: redemptionSchema.shape.deviceId,
  storeId: redemptionSchema.shape.storeId,
});

/** A ticket belongs to a store when it names no stores or names that one (docs/domain.md §1). */
export function isTicketOfStore(ticket: Ticket, storeId: string): boolean {
  return ticket.storeIds === undefined || ticket.storeIds.includes(storeId);
}

export class Ledger {
  private readonly locks = new KeyedMutex();
  /**
   * Each store's ticket count for a first download's total, counted once (a pass over every
   * ticket) rather than once per kiosk; an import, the only change to which tickets a store has,
   * clears it.
   */
  private readonly storeTicketCounts = new Map<string, Promise<number>>();
  private readonly store: CentralStore;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly voidWindowMs: number;
  private readonly clockToleranceMs: number;
  /**
   * Wrong void PINs by `<device>\0<clerk>` (device/pinLockout.ts): a kiosk guessing a supervisor's
   * PIN is locked out for that clerk, growing; only that clerk's right PIN from that device clears
   * it. Kept in memory: a restart of the service forgives, which a guesser cannot cause.
   */
  private readonly voidPinGuards = new Map<string, PinGuard>();

  constructor(options: LedgerOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.now = options.now;
    this.voidWindowMs = options.voidWindowHours * 3_600_000;
    this.clockToleranceMs = (options.clockToleranceMinutes ?? defaultClockToleranceMinutes) * 60_000;
  }

  async authenticate(token: string): Promise<AuthResult> {
    const record = await this.store.findToken(token);
    if (record === undefined) return { kind: "unknown" };
    if (record.revoked) return { kind: "revoked" };
    if (record.kind === "admin") return { kind: "admin", actor: `admin-token:${tokenId(token)}` };
    const pinKey = record.pinKey === undefined ? undefined : parsePinKey(record.pinKey);
    return { kind: "device", scope: { deviceId: record.deviceId, storeId: record.storeId }, pinKey };
  }

  /** The first page (`afterRev` 0) also says how many tickets the store has: a download's total. */
  async ticketsPage(scope: DeviceScope, afterRev: number, limit: number): Promise<TicketsPage> {
    const ofStore = (ticket: Ticket) => isTicketOfStore(ticket, scope.storeId);
    const page = await this.store.ticketsSince(afterRev, limit, ofStore);
    const total = afterRev === 0 ? { total: await this.storeTicketCount(scope.storeId, ofStore) } : {};
    return { tickets: page.tickets, cursor: String(page.lastRev), hasMore: page.hasMore, ...total };
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
   * Tickets of other stores than the device's, changed after `afterRev`, as hashed codes with their
   * stores (device/ports/wire.ts `otherStoreCodesPageSchema`), and every store's name.
   */
  async otherStoreCodes(scope: DeviceScope, afterRev: number, limit: number): Promise<OtherStoreCodesPage> {
    const page = await this.store.ticketsSince(
      afterRev,
      limit,
      (ticket) => !isTicketOfStore(ticket, scope.storeId),
    );
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
    const page = await this.store.redemptionsSince(
      afterSeq,
      limit,
      ({ redemption }) => redemption.deviceId === scope.deviceId && redemption.storeId === scope.storeId,
    );
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
   * Judges the entries of an upload concurrently, so their commits share group writes. Each entry
   * joins its id's and its ticket's locks in the device's journal order, so entries that depend on
   * each other are still judged in that order. One result per entry, in order.
   */
  async upload(redemptions: readonly Redemption[], scope: DeviceScope): Promise<RedemptionResult[]> {
    const lastContactAt = (await this.store.getHeartbeat(scope.deviceId))?.lastSeenAt;
    return Promise.all(redemptions.map((redemption) => this.uploadOne(redemption, scope, lastContactAt)));
  }

  private uploadOne(
    redemption: Redemption,
    scope: DeviceScope,
    lastContactAt: string | undefined,
  ): Promise<RedemptionResult> {
    const { id, ticketCode } = redemption;
    return this.locks.runAll([`redemption:${id}`, `ticket:${ticketCode}`], async () => {
      const { clerkId } = redemption;
      const state = await this.store.uploadState(id, ticketCode, clerkId);
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
      // Only a new conflict needs the ticket's history; the ticket lock keeps it still meanwhile.
      const verdict =
        judged.write?.record.status === "conflict"
          ? nameConflict(judged, await this.store.latestOfTicket(ticketCode, maxConflictParties, countsUnits))
          : judged;
      const after =
        verdict.write === undefined
          ? held?.ticket
          : await this.store.recordRedemption(verdict.write.record, verdict.write.unitsDelta);
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
    });
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
    return this.locks.run(`redemption:${id}`, async () => {
      const stored = await this.store.getRedemption(id);
      if (stored === undefined) return abandoned ? this.cancel(id, request, scope) : { kind: "not_found" };
      const clerk = request.clerkId === undefined ? undefined : await this.store.getClerk(request.clerkId);
      const guardKey = `${scope.deviceId}\0${request.clerkId ?? ""}`;
      // One PIN check at a time per device and clerk, so guesses sent at once on many redemptions
      // are each counted before the next is checked (the `pin:` lock is taken only here, inside
      // `redemption:<id>` and never with a `ticket:` lock).
      const verdict = await this.locks.run(`pin:${guardKey}`, async () => {
        const guard = this.voidPinGuards.get(guardKey) ?? openGuard;
        const judged = judgeVoid(stored, request, {
          scope,
          clerk,
          pin: abandoned ? "missing" : await checkPin(request.pin, clerk?.pinHash, guard, this.now()),
          now: this.now(),
          windowMs: this.voidWindowMs,
        });
        if (judged.kind === "rejected" && judged.reason === "wrong_pin" && request.pin !== undefined)
          this.voidPinGuards.set(guardKey, afterMiss(guard, this.now().getTime()));
        if (judged.kind === "void" && !abandoned) this.voidPinGuards.delete(guardKey);
        return judged;
      });
      switch (verdict.kind) {
        case "forbidden":
          return { kind: "forbidden" };
        case "duplicate":
          return this.voidResult({ id, status: "duplicate" }, request, stored, scope);
        case "rejected":
          return this.voidResult({ id, status: "rejected", reason: verdict.reason }, request, stored, scope);
        case "void": {
          const ticket = await this.locks.run(`ticket:${stored.redemption.ticketCode}`, () =>
            this.store.voidRedemption(stored, verdict.mark),
          );
          return this.voidResult({ id, status: "voided" }, request, stored, scope, ticket);
        }
      }
    });
  }

  /**
   * A tombstone for an id never seen. One already there is this device's repeat (`duplicate`), or
   * another device's: that id is not this device's to take back (`not_permitted`), and the other
   * device's tombstone never blocks this device's upload of it (judgeUpload.ts).
   */
  private async cancel(id: string, request: VoidRequest, scope: DeviceScope): Promise<VoidOutcome> {
    const held = await this.store.getTombstone(id);
    if (held !== undefined) {
      const own = held.deviceId === scope.deviceId && held.storeId === scope.storeId;
      const result: VoidResult = own
        ? { id, status: "duplicate" }
        : { id, status: "rejected", reason: "not_permitted" };
      return this.logVoid(result, request, scope);
    }
    await this.store.putTombstone({ id, ...scope, at: request.at, receivedAt: this.now().toISOString() });
    return this.logVoid({ id, status: "cancelled" }, request, scope);
  }

  private async voidResult(
    result: VoidResult,
    request: VoidRequest,
    stored: RedemptionRecord,
    scope: DeviceScope,
    after?: Ticket,
  ): Promise<VoidOutcome> {
    const ticket = this.visible(
      after ?? (await this.store.getTicket(stored.redemption.ticketCode))?.ticket,
      scope,
    );
    return this.logVoid(ticket === undefined ? result : { ...result, ticket }, request, scope);
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

  /** Keeps a device's status with the server's time of receipt as its last-seen time. */
  async heartbeat(scope: DeviceScope, status: Heartbeat): Promise<void> {
    await this.store.putHeartbeat({ ...scope, lastSeenAt: this.now().toISOString(), status });
  }

  /**
   * The store's clerks by id, as kiosks need them to log clerks in offline, and only the device's
   * store's: each PIN's hash sealed under the device's PIN key (device/pinVerifier.ts), so the answer
   * gives a holder of the token alone nothing to search PINs against.
   */
  async clerks(scope: DeviceScope, pinKey: Buffer): Promise<Clerk[]> {
    const clerks = await this.store.clerksOfStore(scope.storeId);
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
  private importChecked(
    check: (knownStoreIds: ReadonlySet<string>, onRows: RowsListener) => ImportCheck,
    by: AdminActor,
    progress: ImportProgressListener = () => {},
  ): Promise<ImportOutcome> {
    return this.locks.run("import", async () => {
      let rowsTotal = 0;
      const checked = check(await this.store.storeIds(), (rowsRead, total) => {
        rowsTotal = total;
        progress({ rowsRead, rowsTotal, ticketsWritten: 0, ticketsTotal: null });
      });
      if (!checked.ok) return checked;
      const codes = checked.document.orders.flatMap((order) =>
        order.tickets.map((ticket) => `ticket:${ticket.code}`),
      );
      const rows = { rowsRead: rowsTotal, rowsTotal, ticketsTotal: codes.length };
      progress({ ...rows, ticketsWritten: 0 });
      const summary = await this.locks.runAll(codes, () =>
        this.store.applyImport(checked.document, (ticketsWritten) => progress({ ...rows, ticketsWritten })),
      );
      this.storeTicketCounts.clear();
      this.logger.info("import", { event: "import", by, ...summary, warnings: checked.warnings.length });
      return { ok: true, summary, warnings: checked.warnings };
    });
  }

  private storeTicketCount(storeId: string, ofStore: (ticket: Ticket) => boolean): Promise<number> {
    let count = this.storeTicketCounts.get(storeId);
    if (count === undefined) {
      count = this.store.countTickets(ofStore);
      this.storeTicketCounts.set(storeId, count);
      count.catch(() => this.storeTicketCounts.delete(storeId));
    }
    return count;
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

  private visible(ticket: Ticket | undefined, scope: DeviceScope): Ticket | undefined {
    return ticket !== undefined && isTicketOfStore(ticket, scope.storeId) ? ticket : undefined;
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
