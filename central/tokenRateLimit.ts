/**
 * A token bucket per bearer token (docs/security.md, "Limits"): each token holds up to `burst`
 * requests and earns `ratePerSecond` back; a request with an empty bucket is answered 429 with
 * `Retry-After`, which the kiosk's sync loop waits out (sync/syncLoop.ts). Requests without a
 * token (`/v1/health`) are not counted: they cost nothing and tell a kiosk the server is there.
 *
 * Buckets are keyed by a SHA-256 of the token, so no token sits in memory as a key, and counted
 * before the token is looked up, so a flood of made-up tokens costs no store reads either. The map
 * is bounded: when it is full, buckets that have refilled (the same as no bucket) are dropped,
 * and failing that the oldest, which can only ever give a token more room, never less.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { bearerToken } from "./bearerAuth.js";
import { HttpError } from "./httpRouter.js";

export interface RateLimits {
  readonly ratePerSecond: number;
  readonly rateBurst: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

const maxBuckets = 10_000;

export class TokenRateLimit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: RateLimits,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Takes one request from `key`'s bucket: 0 when admitted, else the wait in ms until one is. */
  take(key: string): number {
    const now = this.nowMs();
    const bucket = this.buckets.get(key) ?? this.newBucket(key, now);
    bucket.tokens = Math.min(
      this.limits.rateBurst,
      bucket.tokens + ((now - bucket.atMs) / 1000) * this.limits.ratePerSecond,
    );
    bucket.atMs = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.limits.ratePerSecond) * 1000);
  }

  /** The router's gate: a 429 for a request whose token has used up its bucket. */
  admit(request: IncomingMessage): HttpError | undefined {
    const token = bearerToken(request);
    if (token === undefined) return undefined;
    return this.admitKey(createHash("sha256").update(token).digest("base64url"), "with this token");
  }

  /** The same gate on any key (the pairing route keys it by address): `what` says whose requests. */
  admitKey(key: string, what: string): HttpError | undefined {
    const waitMs = this.take(key);
    if (waitMs === 0) return undefined;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new HttpError(429, "rate_limited", `too many requests ${what}: try again in ${seconds} s`, {
      "retry-after": String(seconds),
    });
  }

  private newBucket(key: string, now: number): Bucket {
    if (this.buckets.size >= maxBuckets) this.prune(now);
    const bucket = { tokens: this.limits.rateBurst, atMs: now };
    this.buckets.set(key, bucket);
    return bucket;
  }

  private prune(now: number): void {
    const refillMs = (this.limits.rateBurst / this.limits.ratePerSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.atMs >= refillMs) this.buckets.delete(key);
    const oldest = this.buckets.keys().next();
    if (this.buckets.size >= maxBuckets && oldest.done !== true) this.buckets.delete(oldest.value);
  }
}
