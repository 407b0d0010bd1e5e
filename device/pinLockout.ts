/**
 * The wrong-PIN counter as a pure function, shared by the kiosk's keypad (clerkLogin.ts) and the
 * central service's check of a void's supervisor PIN (central/ledger.ts): five misses lock for
 * 30 s, each later lock twice as long up to 15 minutes (NIST SP 800-63B §5.2.2 asks for a limit on
 * failed attempts: https://pages.nist.gov/800-63-3/sp800-63b.html#throttle).
 */
export interface PinGuard {
  readonly failures: number;
  readonly lockedUntilMs: number;
  /** How many locks so far: each lasts longer. */
  readonly locks: number;
}

export const maxPinFailures = 5;
const firstLockMs = 30_000;
const longestLockMs = 15 * 60_000;

export const openGuard: PinGuard = { failures: 0, lockedUntilMs: 0, locks: 0 };

export function isLocked(guard: PinGuard, nowMs: number): boolean {
  return guard.lockedUntilMs > nowMs;
}

/** The guard after one more wrong PIN at `nowMs`: counted, or locked once the count is full. */
export function afterMiss(guard: PinGuard, nowMs: number): PinGuard {
  const failures = guard.failures + 1;
  if (failures < maxPinFailures) return { ...guard, failures };
  const lockedUntilMs = nowMs + Math.min(longestLockMs, firstLockMs * 2 ** guard.locks);
  return { failures: 0, lockedUntilMs, locks: guard.locks + 1 };
}
