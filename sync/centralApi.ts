/**
 * The central service port (PRODUCT.md §4). The kiosk only ever sees typed results or a
 * `CentralError` that says whether trying again can help.
 */
import type { Redemption, Ticket } from "../device/domain.js";
import type {
  Clerk,
  Heartbeat,
  OwnRedemptionsPage,
  RedemptionResult,
  ServerRedemption,
  TicketsPage,
  VoidRequest,
  VoidResult,
} from "./wire.js";

export type CentralErrorKind =
  | "timeout"
  | "network"
  | "unauthorized"
  | "rate_limited"
  | "server"
  | "bad_request"
  | "not_found"
  | "invalid_response";

/**
 * A failed call. `unauthorized` (401/403) stops syncing until someone fixes the token;
 * `bad_request` and `not_found` are final for that request; everything else is worth retrying.
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
    return !["unauthorized", "bad_request", "not_found"].includes(this.kind);
  }
}

export interface CentralApi {
  health(timeoutMs: number): Promise<void>;
  uploadRedemptions(redemptions: readonly Redemption[], timeoutMs: number): Promise<RedemptionResult[]>;
  voidRedemption(id: string, request: VoidRequest, timeoutMs: number): Promise<VoidResult>;
  fetchTickets(since: string | undefined, limit: number, timeoutMs: number): Promise<TicketsPage>;
  /** One ticket by code, or undefined when the server does not know it for this store. */
  fetchTicket(code: string, timeoutMs: number): Promise<Ticket | undefined>;
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
