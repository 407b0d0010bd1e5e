/**
 * The central service over HTTP with undici 7's `request()` (undici 8 does not load on Node 20).
 * Every call has a deadline (headers and body), so a slow or dead server can never freeze the
 * kiosk. The dispatcher is injectable: tests pass a `MockAgent` or talk to a real loopback server.
 */
import { setImmediate } from "node:timers/promises";
import { type Dispatcher, request } from "undici";
import * as v from "valibot";
import type { Redemption, Ticket } from "../device/domain.js";
import { ticketSchema } from "../device/domain.js";
import { type CentralApi, CentralError, type CentralErrorKind } from "../device/ports/centralApi.js";
import {
  type Clerk,
  clerkListSchema,
  deviceIdHeader,
  type ErrorBody,
  errorBodySchema,
  type Heartbeat,
  type OtherStoreCodesPage,
  type OwnRedemptionsPage,
  otherStoreCodesPageSchema,
  ownRedemptionsPageSchema,
  type RedemptionResult,
  redemptionListSchema,
  type ServerRedemption,
  scopeMismatchCode,
  storeIdHeader,
  type TicketStores,
  type TicketsPage,
  ticketStoresSchema,
  ticketsPageSchema,
  uploadResponseSchema,
  type VoidRequest,
  type VoidResult,
  voidResultSchema,
} from "../device/ports/wire.js";
import { certificateFault } from "./centralTrust.js";
import { TokenFileError } from "./deviceToken.js";

/** A page of tickets with the tickets themselves left for `fetchTickets` to check in slices. */
const pageEnvelopeSchema = v.strictObject({ ...ticketsPageSchema.entries, tickets: v.array(v.unknown()) });
const ticketSliceSchema = v.array(ticketSchema);
/** Tickets checked between two turns of the event loop. */
const ticketsPerCheck = 250;

export interface UndiciCentralApiOptions {
  readonly url: string;
  /**
   * Reads the device token. Called again after a 401/403, so a token file an administrator
   * replaced takes effect without restarting the kiosk.
   */
  readonly token: () => Promise<string>;
  /**
   * Who the kiosk says it is, sent with every request (`x-device-id`, `x-store-id`): the central
   * service compares it with the token's scope and refuses the whole request on a mismatch.
   */
  readonly device?: { readonly deviceId: string; readonly storeId: string };
  /** undici's global one unless given: a `MockAgent`, or centralTrust.ts's Agent for `central.caFile`. */
  readonly dispatcher?: Dispatcher | undefined;
  readonly userAgent?: string;
  /** Told the server's clock (its `Date` header) and the local time the answer arrived. */
  readonly onServerTime?: (serverMs: number, localMs: number) => void;
}

/**
 * 401 and a 403 about the token itself stop syncing, and so does a 403 that says the kiosk's
 * device or store is not the token's; a 403 about one record (another store's redemption) is final
 * for that request only.
 */
function kindForStatus(status: number, errorCode: string | undefined): CentralErrorKind {
  if (status === 403 && errorCode === scopeMismatchCode) return "scope_mismatch";
  if (status === 401 || (status === 403 && errorCode !== "forbidden")) return "unauthorized";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server";
  return "bad_request";
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class UndiciCentralApi implements CentralApi {
  private token: Promise<string> | undefined;

  constructor(private readonly options: UndiciCentralApiOptions) {}

  /**
   * Sent without the token: health needs none, and a request with one counts against the token's
   * rate (docs/security.md, "Limits"), so probing while offline would spend what the passes need.
   */
  async health(timeoutMs: number): Promise<void> {
    await this.call("GET", "/v1/health", undefined, timeoutMs, { anonymous: true });
  }

  async uploadRedemptions(
    redemptions: readonly Redemption[],
    timeoutMs: number,
  ): Promise<RedemptionResult[]> {
    const body = await this.call("POST", "/v1/redemptions", { redemptions }, timeoutMs);
    return parse(uploadResponseSchema, body).results;
  }

  async voidRedemption(id: string, voidRequest: VoidRequest, timeoutMs: number): Promise<VoidResult> {
    const body = await this.call(
      "POST",
      `/v1/redemptions/${encodeURIComponent(id)}/void`,
      voidRequest,
      timeoutMs,
    );
    return parse(voidResultSchema, body);
  }

  /**
   * A page's tickets are checked a slice at a time, the event loop free between slices: 2,000 in
   * one go held it 18–27 ms at p99 (docs/performance.md), as long as a scan may wait.
   */
  async fetchTickets(since: string | undefined, limit: number, timeoutMs: number): Promise<TicketsPage> {
    const query = new URLSearchParams({ limit: String(limit), ...(since === undefined ? {} : { since }) });
    const page = parse(
      pageEnvelopeSchema,
      await this.call("GET", `/v1/tickets?${query}`, undefined, timeoutMs),
    );
    const tickets: Ticket[] = [];
    for (let from = 0; from < page.tickets.length; from += ticketsPerCheck) {
      if (from > 0) await setImmediate();
      tickets.push(...parse(ticketSliceSchema, page.tickets.slice(from, from + ticketsPerCheck)));
    }
    return { ...page, tickets };
  }

  fetchTicket(code: string, timeoutMs: number): Promise<Ticket | undefined> {
    return this.getOrNothing(ticketSchema, `/v1/tickets/${encodeURIComponent(code)}`, timeoutMs);
  }

  async fetchTicketStores(code: string, timeoutMs: number): Promise<TicketStores["stores"] | undefined> {
    const path = `/v1/tickets/${encodeURIComponent(code)}/stores`;
    return (await this.getOrNothing(ticketStoresSchema, path, timeoutMs))?.stores;
  }

  fetchOtherStoreCodes(
    since: string | undefined,
    limit: number,
    timeoutMs: number,
  ): Promise<OtherStoreCodesPage | undefined> {
    const query = new URLSearchParams({ limit: String(limit), ...(since === undefined ? {} : { since }) });
    return this.getOrNothing(otherStoreCodesPageSchema, `/v1/other-store-codes?${query}`, timeoutMs);
  }

  /** A GET whose 404 means "no such thing" (or a server without the route): undefined. */
  private async getOrNothing<T>(
    schema: v.GenericSchema<unknown, T>,
    path: string,
    timeoutMs: number,
  ): Promise<T | undefined> {
    try {
      return parse(schema, await this.call("GET", path, undefined, timeoutMs));
    } catch (error) {
      if (error instanceof CentralError && error.kind === "not_found") return undefined;
      throw error;
    }
  }

  async fetchClerks(timeoutMs: number): Promise<Clerk[]> {
    return parse(clerkListSchema, await this.call("GET", "/v1/clerks", undefined, timeoutMs)).clerks;
  }

  async fetchRedemptions(code: string, timeoutMs: number): Promise<ServerRedemption[]> {
    const query = new URLSearchParams({ ticket: code });
    return parse(
      redemptionListSchema,
      await this.call("GET", `/v1/redemptions?${query}`, undefined, timeoutMs),
    ).redemptions;
  }

  async fetchOwnRedemptions(
    since: string | undefined,
    limit: number,
    timeoutMs: number,
  ): Promise<OwnRedemptionsPage> {
    const query = new URLSearchParams({ limit: String(limit), ...(since === undefined ? {} : { since }) });
    return parse(
      ownRedemptionsPageSchema,
      await this.call("GET", `/v1/devices/self/redemptions?${query}`, undefined, timeoutMs),
    );
  }

  async heartbeat(status: Heartbeat, timeoutMs: number): Promise<void> {
    await this.call("POST", "/v1/heartbeat", status, timeoutMs);
  }

  private async call(
    method: "GET" | "POST",
    path: string,
    body: unknown,
    timeoutMs: number,
    { anonymous = false }: { anonymous?: boolean } = {},
  ): Promise<unknown> {
    const url = new URL(path, this.options.url);
    const token = anonymous ? undefined : await this.currentToken();
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          accept: "application/json",
          "user-agent": this.options.userAgent ?? "ticket-kiosk",
          ...(this.options.device === undefined
            ? {}
            : {
                // Percent-encoded: an id may hold characters a header cannot carry (device/ports/wire.ts).
                [deviceIdHeader]: encodeURIComponent(this.options.device.deviceId),
                [storeIdHeader]: encodeURIComponent(this.options.device.storeId),
              }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        ...(this.options.dispatcher === undefined ? {} : { dispatcher: this.options.dispatcher }),
      });
    } catch (error) {
      throw transportError(error, method, path);
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw transportError(error, method, path);
    }
    this.observeDate(response.headers.date);
    if (response.statusCode >= 400) {
      const problem = errorBody(text);
      if (response.statusCode === 401 || response.statusCode === 403) this.token = undefined;
      throw new CentralError(
        `${method} ${path}: HTTP ${response.statusCode}${problem === undefined ? "" : ` (${problem.message.slice(0, 200)})`}`,
        kindForStatus(response.statusCode, problem?.code),
        response.statusCode,
        retryAfterMs(response.headers["retry-after"]),
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new CentralError(
        `${method} ${path}: answer is not JSON`,
        "invalid_response",
        response.statusCode,
        undefined,
        {
          cause: error,
        },
      );
    }
  }

  private async currentToken(): Promise<string> {
    this.token ??= this.options.token();
    try {
      return await this.token;
    } catch (error) {
      this.token = undefined;
      throw new CentralError(
        error instanceof TokenFileError
          ? error.message
          : `the device token cannot be read: ${(error as Error).message}`,
        "token_missing",
        undefined,
        undefined,
        {
          cause: error,
        },
      );
    }
  }

  private observeDate(header: string | string[] | undefined): void {
    const value = Array.isArray(header) ? header[0] : header;
    const serverMs = value === undefined ? Number.NaN : Date.parse(value);
    if (!Number.isNaN(serverMs)) this.options.onServerTime?.(serverMs, Date.now());
  }
}

export function transportError(error: unknown, method: string, path: string): CentralError {
  const name = (error as { name?: string }).name;
  const code = (error as { code?: string }).code;
  const timedOut =
    name === "TimeoutError" ||
    name === "AbortError" ||
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT" ||
    code === "UND_ERR_CONNECT_TIMEOUT";
  const reason = certificateFault(code) ?? code ?? name ?? "error";
  return new CentralError(
    `${method} ${path}: ${timedOut ? "timed out" : reason}`,
    timedOut ? "timeout" : "network",
    undefined,
    undefined,
    {
      cause: error,
    },
  );
}

export function errorBody(text: string): ErrorBody["error"] | undefined {
  try {
    const parsed = v.safeParse(errorBodySchema, JSON.parse(text));
    return parsed.success ? parsed.output.error : undefined;
  } catch {
    return undefined;
  }
}

function parse<T>(schema: v.GenericSchema<unknown, T>, body: unknown): T {
  const result = v.safeParse(schema, body);
  if (!result.success) {
    throw new CentralError(
      `unexpected answer: ${result.issues[0]?.message ?? "invalid"}`,
      "invalid_response",
    );
  }
  return result.output;
}
