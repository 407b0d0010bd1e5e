/**
 * Per-entry retry timing for the sync upload: an entry the server cannot take (a 5xx or a 400 on
 * its own) waits with capped exponential backoff and jitter, while every other entry goes on. The
 * state is in memory: after a restart every entry is tried once more, which costs one request.
 * Times are on the monotonic clock (`Clock.monotonicMs`): a wall clock stepped back a day must not
 * leave an entry waiting a day.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  /** 0..1, injectable for tests. */
  readonly random: () => number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 2000, capMs: 10 * 60_000, random: Math.random };

interface Attempt {
  readonly failures: number;
  readonly nextAtMs: number;
}

export class EntryBackoff {
  private readonly attempts = new Map<string, Attempt>();

  constructor(private readonly policy: BackoffPolicy = defaultBackoff) {}

  /** Ids whose next attempt is not due yet. */
  waiting(nowMs: number): Set<string> {
    const ids = new Set<string>();
    for (const [id, attempt] of this.attempts) if (attempt.nextAtMs > nowMs) ids.add(id);
    return ids;
  }

  /** True once an entry has failed: it is then sent alone, so it can only hold itself up. */
  failedBefore(id: string): boolean {
    return this.attempts.has(id);
  }

  failures(id: string): number {
    return this.attempts.get(id)?.failures ?? 0;
  }

  /** Full jitter over the upper half: delays spread out but never collapse to zero. */
  fail(id: string, nowMs: number): number {
    const failures = this.failures(id) + 1;
    const ceiling = Math.min(this.policy.capMs, this.policy.baseMs * 2 ** (failures - 1));
    const delayMs = Math.round(ceiling * (0.5 + 0.5 * this.policy.random()));
    this.attempts.set(id, { failures, nextAtMs: nowMs + delayMs });
    return delayMs;
  }

  succeed(id: string): void {
    this.attempts.delete(id);
  }

  get size(): number {
    return this.attempts.size;
  }
}
