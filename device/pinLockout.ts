/**
 * The wrong-PIN counter as pure functions, shared by the kiosk's keypad (clerkLogin.ts) and the
 * central service's check of a void's supervisor PIN (central/ledger.ts).
 *
 * NIST SP 800-63B §5.2.2 (https://pages.nist.gov/800-63-3/sp800-63b.html#throttle) asks for a limit
 * on consecutive failed attempts. Here only time lowers the count, never a success elsewhere:
 * `maxPinFailures` misses lock, each lock twice as long as the one before up to `longestLockMs`,
 * and the count and the locks are forgotten only after `forgetAfterMs` without a miss. With these
 * figures an attacker gets 5 guesses before the first lock and at most 150 a day
 * (test/unit/clerkLoginBypass.test.ts).
 */
export interface PinGuard {
  /** Misses since the last lock. */
  readonly failures: number;
  readonly lockedUntilMs: number;
  /** How many locks so far: each lasts longer. */
  readonly locks: number;
  /** The last miss, ms since the epoch (0 when none; absent in guards saved by older kiosks). */
  readonly lastMissMs?: number;
}

export const maxPinFailures = 5;
const firstLockMs = 30_000;
const longestLockMs = 60 * 60_000;
const forgetAfterMs = 24 * 3600_000;

export const openGuard: PinGuard = { failures: 0, lockedUntilMs: 0, locks: 0, lastMissMs: 0 };

export function isLocked(guard: PinGuard, nowMs: number): boolean {
  return guard.lockedUntilMs > nowMs;
}

/** The saved guard less what time has forgiven: a day without a miss, and no lock running, forgets it all. */
export function standing(guard: PinGuard, nowMs: number): PinGuard {
  const quiet = !isLocked(guard, nowMs) && nowMs - (guard.lastMissMs ?? 0) >= forgetAfterMs;
  return quiet ? openGuard : guard;
}

/** The guard after one more wrong PIN at `nowMs`: counted, or locked once the count is full. */
export function afterMiss(guard: PinGuard, nowMs: number): PinGuard {
  const failures = guard.failures + 1;
  if (failures < maxPinFailures) return { ...guard, failures, lastMissMs: nowMs };
  const lockedUntilMs = nowMs + Math.min(longestLockMs, firstLockMs * 2 ** guard.locks);
  return { failures: 0, lockedUntilMs, locks: guard.locks + 1, lastMissMs: nowMs };
}
