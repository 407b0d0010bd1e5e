/**
 * The central service port (docs/protocol.md). The kiosk only ever sees typed results or a
 * `CentralError` that says whether trying again can help.
 */
import type { Redemption, Ticket } from "../domain.js";
import type {
  Clerk,
  Heartbeat,
  OtherStoreCodesPage,
  OwnRedemptionsPage,
  RedemptionResult,
  ServerRedemption,
  TicketStores,
  TicketsPage,
  VoidRequest,
  VoidResult,
} from "./wire.js";

export type CentralErrorKind =
  | "timeout"
  | "network"
  | "unauthorized"
  /** 403: the device or store the kiosk says it is are not the token's (central/bearerAuth.ts). */
  | "scope_mismatch"
  /** The token file is missing, unreadable or empty: nothing reached the server. */
  | "token_missing"
  | "rate_limited"
  | "server"
  | "bad_request"
  | "not_found"
  | "invalid_response";

/**
 * A failed call. `unauthorized` (401/403), `scope_mismatch` and `token_missing` are setup faults:
 * syncing and redeeming stop until someone fixes the token or the config. `bad_request` and
 * `not_found` are final for that request; everything else is worth retrying.
 */
export class CentralError extends Error {
  override readonly name = "CentralError";
  constructor(
    message: string,
    readonly kind: CentralErrorKind,
    readonly status?: number,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return !isSetupFault(this.kind) && !["bad_request", "not_found"].includes(this.kind);
  }
}

export const setupFaults = ["unauthorized", "scope_mismatch", "token_missing"] as const;
export type SetupFault = (typeof setupFaults)[number];

/**
 * Faults of the kiosk's setup rather than of the network or the server: the token is refused, it
 * is for another device or store, or its file is missing. Nothing is worth trying until they are
 * fixed, and nothing may be redeemed offline meanwhile (a revoked kiosk must not go on alone).
 */
export function isSetupFault(kind: string): kind is SetupFault {
  return (setupFaults as readonly string[]).includes(kind);
}

export interface CentralApi {
  health(timeoutMs: number): Promise<void>;
  uploadRedemptions(redemptions: readonly Redemption[], timeoutMs: number): Promise<RedemptionResult[]>;
  voidRedemption(id: string, request: VoidRequest, timeoutMs: number): Promise<VoidResult>;
  fetchTickets(since: string | undefined, limit: number, timeoutMs: number): Promise<TicketsPage>;
  /** One ticket by code, or undefined when the server does not know it for this store. */
  fetchTicket(code: string, timeoutMs: number): Promise<Ticket | undefined>;
  /**
   * The stores a code may be used at, when it is a ticket of another store (the device's own
   * tickets come from `fetchTicket`); undefined when no store has it, or the server is older than
   * this endpoint.
   */
  fetchTicketStores(code: string, timeoutMs: number): Promise<TicketStores["stores"] | undefined>;
  /**
   * A page of other stores' ticket codes, hashed (device/ports/wire.ts), after `since`; undefined when the
   * server is older than this endpoint.
   */
  fetchOtherStoreCodes(
    since: string | undefined,
    limit: number,
    timeoutMs: number,
  ): Promise<OtherStoreCodesPage | undefined>;
  fetchClerks(timeoutMs: number): Promise<Clerk[]>;
  /** The server's records of one ticket, oldest first. */
  fetchRedemptions(code: string, timeoutMs: number): Promise<ServerRedemption[]>;
  heartbeat(status: Heartbeat, timeoutMs: number): Promise<void>;
  /** The service's records of this device, oldest first, a page after `since` (a page's cursor). */
  fetchOwnRedemptions(
    since: string | undefined,
    limit: number,
    timeoutMs: number,
  ): Promise<OwnRedemptionsPage>;
}
