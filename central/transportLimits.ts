/**
 * What one central service holds for all its kiosks (docs/security.md, "Limits"): a cap on open
 * connections, deadlines for a request's headers and for the whole request, how long an idle
 * keep-alive connection is kept, and a per-token request rate (tokenRateLimit.ts).
 *
 * The defaults are sized for a chain of 50 kiosks, which never reach them: a kiosk syncs one
 * request at a time over one keep-alive connection, so 50 kiosks hold about 50 connections (cap
 * 512); a pass is a handful of requests every 15 s, and even a first download of 600,000 tickets
 * (600 pages) fits in one burst. A client that sends its headers slowly (slowloris) holds a
 * connection for at most `headersTimeoutMs` plus one `checkIntervalMs`, so a full cap frees itself.
 */
import type { ServerOptions } from "node:http";

export interface TransportLimits {
  /** Open connections at once; one more is closed as soon as it is accepted. */
  readonly maxConnections: number;
  /** From a connection's first byte to the end of its request headers. */
  readonly headersTimeoutMs: number;
  /** For a whole request, body included (a catalogue import over the API is the longest). */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is kept this long: above a kiosk's 15 s sync interval. */
  readonly keepAliveTimeoutMs: number;
  /** How often node checks the two deadlines above. */
  readonly checkIntervalMs: number;
  /** Requests a token may make per second, sustained. */
  readonly ratePerSecond: number;
  /** Requests a token may make at once after a quiet spell. */
  readonly rateBurst: number;
}

export const defaultTransportLimits: TransportLimits = {
  maxConnections: 512,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 20_000,
  checkIntervalMs: 1000,
  ratePerSecond: 20,
  rateBurst: 600,
};

/** The options node:http and node:https take at creation (the rest are set on the server). */
export function serverTimeouts(limits: TransportLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  };
}
