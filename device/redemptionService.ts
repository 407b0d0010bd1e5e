/**
 * Online first, offline fallback (docs/domain.md §2 step 4), with one id per redemption intent.
 *
 * The intent is written to the journal (fsync) before the central service is asked, and what the
 * customer is told is written before it is shown. The failure cases, and why each ends right:
 * 1. Crash after the intent, before the answer: on restart the entry is `abandoned` and the sync
 *    loop cancels the id at the server (voided if it had been accepted, a tombstone otherwise), so
 *    a redemption nobody was told about never counts.
 * 2. Server accepted, answer lost (timeout): the kiosk falls back to the offline policy with the
 *    same id. Allowed: the later upload is a `duplicate` of `accepted`: one record. Refused: the entry
 *    is abandoned and cancelled as in 1.
 * 3. Server refused, answer lost: allowed offline, the later upload returns the original
 *    `rejected`, which lands on the exceptions list (the customer got the units; it is visible).
 * 4. Server accepted and answered, crash before the local mark: as 1 — the customer saw nothing,
 *    the server's record is voided.
 * 5. Offline allowed, crash before the upload: the entry is `redeemed` and open; it is uploaded
 *    after the restart.
 * 6. Server slow but up: the call has a deadline (`central.timeoutMs`); the kiosk goes offline and
 *    the sync loop brings it back.
 * 7. The server does not judge the request at all: only a failure to reach it (network, timeout),
 *    a 5xx, a 429 or an answer that did not arrive whole means offline (`offlineKinds`). A refused
 *    token, a token for another device or store, or a missing token file (setup faults) refuse the
 *    redemption as `not_authorized`, and every redemption after it until a sync pass gets through,
 *    offline ones too: a revoked kiosk must not go on alone. A 400 is `central_error`, shown, not
 *    hidden as offline. Either way the intent is abandoned, so the sync loop cancels the id at the
 *    server once it can, as in 1.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Connectivity } from "./connectivity.js";
import { crashPoint } from "./crashPoints.js";
import {
  maskCode,
  type Outcome,
  type Redemption,
  type RedemptionSource,
  type RefusalReason,
  refusalReasons,
  type Ticket,
  ticketCodePattern,
} from "./domain.js";
import type { Journal } from "./journal.js";
import type { Logger } from "./logger.js";
import { offlineRefusal, offlineRefusals } from "./offlinePolicy.js";
import type { CentralApi } from "./ports/centralApi.js";
import { CentralError, type CentralErrorKind, isSetupFault, setupFaults } from "./ports/centralApi.js";
import { type RedemptionResult, type RejectionReason, rejectionReasons } from "./ports/wire.js";
import { checkRedemption, remainingUnits } from "./rules.js";
import type { TicketCache } from "./ticketCache.js";

/**
 * The failures that mean "the server cannot be reached now": only these let the kiosk decide
 * offline. `invalid_response` is an answer cut off or garbled on the way (a proxy, a dropped
 * connection mid-body), a failure of the link like a reset, not a judgement.
 */
const offlineKinds: ReadonlySet<CentralErrorKind> = new Set([
  "timeout",
  "network",
  "server",
  "rate_limited",
  "invalid_response",
]);

/** A server's reason that is no rule outcome of its own (shown as `rejected` with this detail). */
type ServerOnlyReason = Exclude<RejectionReason, RefusalReason>;

/**
 * Why a decision went as it did, beyond its outcome: an offline limit, a code the local copy lacks,
 * a server reason outside the rules, or why the server did not judge at all. A closed set, so every one has text in both catalogues
 * (ui/messages.ts) and no internal code reaches a screen.
 */
export const decisionDetails = [
  ...offlineRefusals,
  "not_in_snapshot",
  // The code is not in the local copy because its first download has not completed (issue 19).
  "first_download",
  ...rejectionReasons.filter((reason): reason is ServerOnlyReason => !isRefusalReason(reason)),
  ...setupFaults,
  "bad_request",
] as const;
export type DecisionDetail = (typeof decisionDetails)[number];

/** The most units a redemption may take now, and whether that is the offline limit. */
export interface UnitLimit {
  readonly maxUnits: number;
  readonly offlineLimit?: boolean | undefined;
}

export interface Inspection {
  readonly code: string;
  readonly outcome: Exclude<Outcome, "conflict" | "rejected">;
  readonly ticket: Ticket | undefined;
  readonly remaining: number | undefined;
  /** Why, for `offline_refused` (see offlinePolicy.ts, or `not_in_snapshot`). */
  readonly detail?: DecisionDetail | undefined;
  /**
   * For `ok`: the most units a redemption may take now. Offline that is the offline limit
   * (`offline.maxUnitsPerRedemption`) when it is below what remains, so the confirm screen offers
   * only what will be accepted.
   */
  readonly maxUnits?: number | undefined;
  /** True when `maxUnits` is the offline limit rather than the units left. */
  readonly offlineLimit?: boolean | undefined;
  /** For `wrong_store`: the names of the stores the ticket may be used at. */
  readonly validAt?: readonly string[] | undefined;
}

interface FoundTicket {
  readonly ticket: Ticket | undefined;
  /** The server could not be asked about a code the snapshot lacks. */
  readonly unreachable: boolean;
  /** Another store's ticket: where it may be used. */
  readonly validAt?: readonly string[] | undefined;
  /** The server answered without judging the lookup (a setup fault or a 400). */
  readonly refusal?: CentralError;
}

export interface RedeemRequest {
  readonly code: string;
  readonly quantity: number;
  readonly source: RedemptionSource;
  readonly clerkId?: string | undefined;
}

export interface DecisionResult {
  readonly outcome: Outcome;
  readonly code: string;
  readonly quantity: number;
  readonly ticket: Ticket | undefined;
  /** Units left after this decision, as the kiosk now sees them. */
  readonly remaining: number | undefined;
  /** Present when the redemption was made (outcome `ok`). */
  readonly redemption: Redemption | undefined;
  readonly offline: boolean;
  /** Why, beyond the outcome: an offline limit, or the server's reason outside the rules. */
  readonly detail?: DecisionDetail | undefined;
  /** For `wrong_store`: the names of the stores the ticket may be used at. */
  readonly validAt?: readonly string[] | undefined;
}

export interface RedemptionServiceDeps {
  readonly config: Pick<Config, "device" | "central" | "offline">;
  readonly journal: Journal;
  readonly tickets: TicketCache;
  readonly central: CentralApi;
  readonly connectivity: Connectivity;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Told after each decision (print, feedback, sync nudge, UI). */
  readonly onDecision: (decision: DecisionResult) => void;
}

export class RedemptionService {
  /** Decisions run one at a time, so two quick scans of one ticket see each other's units. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RedemptionServiceDeps) {}

  /** Looks a code up for the ticket screen: the local snapshot first, the server for a code it lacks. */
  async inspect(code: string): Promise<Inspection> {
    const judged = this.setupRefusal() ?? (await this.judge(code, 1));
    if (judged.outcome !== "ok") {
      const offline = judged.outcome === "offline_refused";
      this.finish({ ...judged, code, quantity: 0, redemption: undefined, offline });
    }
    return {
      code,
      ...judged,
      ...(judged.remaining === undefined ? {} : this.unitsAcceptedNow(judged.remaining)),
    };
  }

  /**
   * A scan the kiosk could not take (too many already waiting): decided `busy`, so it is logged,
   * signalled and shown like any other decision instead of vanishing.
   */
  turnAway(code: string): DecisionResult {
    return this.finish({
      outcome: "busy",
      code,
      quantity: 0,
      ticket: undefined,
      remaining: undefined,
      redemption: undefined,
      offline: false,
    });
  }

  /**
   * What the confirm screen may offer now: the units left, or fewer while offline
   * (offlinePolicy.ts). Asked at each lookup and again when the kiosk goes on- or offline.
   */
  unitsAcceptedNow(remaining: number): UnitLimit {
    const { connectivity, config } = this.deps;
    const offlineMax = config.offline.maxUnitsPerRedemption;
    if (connectivity.worthAsking() || offlineMax >= remaining) return { maxUnits: remaining };
    return { maxUnits: Math.max(1, offlineMax), offlineLimit: true };
  }

  redeem(request: RedeemRequest): Promise<DecisionResult> {
    const run = this.queue.then(() => this.decide(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The rules against the local snapshot. A code the snapshot lacks is asked of the server; when
   * the server cannot be asked, the honest answer is not "not found" but "cannot tell offline".
   */
  private async judge(code: string, quantity: number) {
    const found = await this.findTicket(code);
    if (found.refusal !== undefined) {
      const outcome = isSetupFault(found.refusal.kind) ? "not_authorized" : "central_error";
      return {
        outcome,
        detail: unjudgedDetail(found.refusal.kind),
        ticket: undefined,
        remaining: undefined,
      } as const;
    }
    const verdict = checkRedemption(code, found.ticket, this.ruleContext(code, quantity));
    if (verdict.outcome === "not_found" && found.validAt !== undefined) {
      return {
        outcome: "wrong_store" as const,
        validAt: found.validAt,
        ticket: undefined,
        remaining: undefined,
      };
    }
    if (verdict.outcome === "not_found" && found.unreachable) {
      const downloaded = this.deps.tickets.snapshotAtMs() !== undefined;
      return {
        outcome: "offline_refused" as const,
        detail: downloaded ? ("not_in_snapshot" as const) : ("first_download" as const),
        ticket: undefined,
        remaining: undefined,
      };
    }
    return { outcome: verdict.outcome, ticket: found.ticket, remaining: verdict.remaining };
  }

  private async decide(request: RedeemRequest): Promise<DecisionResult> {
    const { code, quantity } = request;
    const judged = this.setupRefusal() ?? (await this.judge(code, quantity));
    const ticket = judged.ticket;
    if (judged.outcome !== "ok") {
      return this.finish({
        ...judged,
        code,
        quantity,
        redemption: undefined,
        offline: judged.outcome === "offline_refused",
      });
    }
    const redemption = this.newRedemption(request);
    await this.deps.journal.recordIntent(
      redemption,
      ticket === undefined ? undefined : { productName: ticket.productName, orderNumber: ticket.orderNumber },
    );
    crashPoint("after-intent");
    if (this.deps.connectivity.worthAsking()) {
      const online = await this.askCentral(redemption, ticket);
      if (online !== undefined) return this.finish(online);
    }
    return this.finish(await this.decideOffline(redemption, ticket));
  }

  /** While a setup fault stops syncing, nothing is redeemed, online or offline (case 7). */
  private setupRefusal() {
    const fault = this.deps.connectivity.setupFault();
    if (fault === undefined) return undefined;
    return { outcome: "not_authorized" as const, detail: fault, ticket: undefined, remaining: undefined };
  }

  /** The server did not judge the intent (case 7): it never counted; abandoned, it is cancelled. */
  private async notJudged(
    redemption: Redemption,
    ticket: Ticket | undefined,
    error: CentralError,
  ): Promise<DecisionResult> {
    await this.deps.journal.decide(redemption.id, { kind: "abandoned" });
    const setup = isSetupFault(error.kind);
    this.deps.logger.error(
      setup ? "redemption refused: the kiosk's setup is wrong" : "the central service refused the request",
      {
        event: "central_refused",
        kind: error.kind,
        error,
      },
    );
    return {
      code: redemption.ticketCode,
      quantity: redemption.quantity,
      outcome: setup ? "not_authorized" : "central_error",
      detail: unjudgedDetail(error.kind),
      ticket,
      remaining: this.remaining(ticket),
      redemption: undefined,
      offline: false,
    };
  }

  /** The server's verdict, or undefined when it could not be reached (offline). */
  private async askCentral(
    redemption: Redemption,
    ticket: Ticket | undefined,
  ): Promise<DecisionResult | undefined> {
    const { central, connectivity, journal, config } = this.deps;
    let result: RedemptionResult | undefined;
    const startedAt = performance.now();
    try {
      const results = await central.uploadRedemptions([redemption], config.central.timeoutMs);
      result = results.find((r) => r.id === redemption.id);
      connectivity.reportSuccess(performance.now() - startedAt);
    } catch (error) {
      if (!(error instanceof CentralError)) throw error;
      if (!offlineKinds.has(error.kind)) {
        if (isSetupFault(error.kind)) connectivity.reportFailure(error);
        return this.notJudged(redemption, ticket, error);
      }
      connectivity.reportFailure(error);
      this.deps.logger.warn("central service unavailable, deciding offline", { error });
      return undefined;
    }
    if (result === undefined) return undefined;
    crashPoint("after-server-accept");
    const base = { code: redemption.ticketCode, quantity: redemption.quantity, offline: false };
    const verdict = result.status === "duplicate" ? (result.original ?? "accepted") : result.status;
    const after = result.ticket ?? ticket;
    if (verdict === "rejected") {
      const reason: RejectionReason = result.reason ?? "invalid";
      await journal.decide(redemption.id, { kind: "refused", reason, ticket: result.ticket });
      return {
        ...base,
        ...refusalOutcome(reason),
        ticket: after,
        remaining: this.remaining(after),
        redemption: undefined,
      };
    }
    await journal.decide(redemption.id, { kind: "accepted", ticket: result.ticket });
    return { ...base, outcome: "ok", ticket: after, remaining: this.remaining(after), redemption };
  }

  /** The offline policy (`offline.*`): what a kiosk may accept alone. */
  private async decideOffline(redemption: Redemption, ticket: Ticket | undefined): Promise<DecisionResult> {
    const { journal, config, clock } = this.deps;
    const refusal = offlineRefusal(config.offline, {
      quantity: redemption.quantity,
      nowMs: clock.now().getTime(),
      clockSynced: redemption.clockSynced,
      snapshotAtMs: this.deps.tickets.snapshotAtMs(),
    });
    const base = { code: redemption.ticketCode, quantity: redemption.quantity, ticket, offline: true };
    if (refusal !== undefined) {
      await journal.decide(redemption.id, { kind: "abandoned" });
      return {
        ...base,
        outcome: "offline_refused",
        detail: refusal,
        remaining: this.remaining(ticket),
        redemption: undefined,
      };
    }
    const entry = await journal.decide(redemption.id, { kind: "offline_redeemed" });
    return { ...base, outcome: "ok", remaining: this.remaining(ticket), redemption: entry.redemption };
  }

  private finish(decision: DecisionResult): DecisionResult {
    this.logDecision(decision.outcome, decision.code, decision.redemption, decision.offline);
    this.deps.onDecision(decision);
    return decision;
  }

  /**
   * The snapshot holds this store's tickets only, so a code it lacks is asked of the server; a code
   * the server does not have for this store may be another store's ticket, and then the customer is
   * told where it may be used, not that it does not exist. `refusal`: the server did not judge
   * the lookup at all (case 7).
   */
  private async findTicket(code: string): Promise<FoundTicket> {
    const { tickets, central, connectivity, config } = this.deps;
    const cached = await tickets.getTicket(code);
    if (cached !== undefined || !ticketCodePattern.test(code)) return { ticket: cached, unreachable: false };
    if (!connectivity.worthAsking()) return this.offlineLookup(code);
    try {
      const fetched = await central.fetchTicket(code, config.central.timeoutMs);
      if (fetched !== undefined) {
        await tickets.cacheTickets([fetched]);
        return { ticket: fetched, unreachable: false };
      }
      const stores = await central.fetchTicketStores(code, config.central.timeoutMs);
      const validAt = stores?.map((store) => store.name || store.id);
      return { ticket: undefined, unreachable: false, validAt };
    } catch (error) {
      if (!(error instanceof CentralError)) throw error;
      if (offlineKinds.has(error.kind) || isSetupFault(error.kind)) connectivity.reportFailure(error);
      if (offlineKinds.has(error.kind)) return this.offlineLookup(code);
      return { ticket: undefined, unreachable: false, refusal: error };
    }
  }

  /**
   * Without the server, other stores' codes (downloaded hashed, without their tickets) still tell
   * a ticket of another store; any other code cannot be judged offline.
   */
  private async offlineLookup(code: string): Promise<FoundTicket> {
    const validAt = await this.deps.tickets.otherStoresOf(code);
    return validAt === undefined
      ? { ticket: undefined, unreachable: true }
      : { ticket: undefined, unreachable: false, validAt };
  }

  private remaining(ticket: Ticket | undefined): number | undefined {
    return ticket === undefined
      ? undefined
      : remainingUnits(ticket, this.deps.journal.pendingUnits(ticket.code));
  }

  private ruleContext(code: string, quantity: number) {
    return {
      storeId: this.deps.config.device.storeId,
      now: this.deps.clock.now(),
      quantity,
      pendingUnits: this.deps.journal.pendingUnits(code),
    };
  }

  private newRedemption(request: RedeemRequest): Redemption {
    const { device } = this.deps.config;
    const { clock, journal } = this.deps;
    return {
      id: randomUUID(),
      ticketCode: request.code,
      quantity: request.quantity,
      redeemedAt: clock.now().toISOString(),
      clockSynced: clock.synced(),
      seq: journal.nextSeq(),
      deviceId: device.id,
      storeId: device.storeId,
      ...(request.clerkId === undefined ? {} : { clerkId: request.clerkId }),
      source: request.source,
      offline: false,
    };
  }

  /** One machine-readable line per decision (docs/protocol.md): outcome, id, masked code. */
  private logDecision(
    outcome: Outcome,
    code: string,
    redemption: Redemption | undefined,
    offline = false,
  ): void {
    this.deps.logger.info("decision", {
      event: "decision",
      outcome,
      code: maskCode(code),
      ...(redemption === undefined ? {} : { id: redemption.id, quantity: redemption.quantity }),
      offline,
    });
  }
}

/** Why the server did not judge: a setup fault, or else a request it found malformed. */
function unjudgedDetail(kind: CentralErrorKind): DecisionDetail {
  return isSetupFault(kind) ? kind : "bad_request";
}

/** A server refusal shown as the rule outcome when it is one, otherwise as `rejected`. */
function refusalOutcome(reason: RejectionReason): { outcome: Outcome; detail?: DecisionDetail } {
  return isRefusalReason(reason) ? { outcome: reason } : { outcome: "rejected", detail: reason };
}

function isRefusalReason(reason: string): reason is RefusalReason {
  return (refusalReasons as readonly string[]).includes(reason);
}
