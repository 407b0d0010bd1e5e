/**
 * Clerk login with a PIN (門市店員), offline: PINs are checked against the salted scrypt hashes the
 * central service sent (never a PIN in clear). Wrong PINs are rate-limited per kiosk: five misses
 * lock the keypad for 30 s, each later lock twice as long up to 15 minutes, and the lock is kept
 * durably in the clerk store so a restart does not lift it (docs/reliability.md promise 7). A good
 * PIN clears the count.
 */
import type { ClerkSession, LoginResult } from "./backOffice.js";
import type { ClerkStore, LoginGuardState } from "./clerkStore.js";
import { verifyPin } from "./pinHash.js";
import { afterMiss, isLocked, maxPinFailures } from "./pinLockout.js";

export class ClerkLogin {
  private clerk: ClerkSession | undefined;

  constructor(
    private readonly store: ClerkStore,
    private readonly nowMs: () => number,
    private readonly verify: (pin: string, hash: string) => Promise<boolean> = verifyPin,
  ) {}

  current(): ClerkSession | undefined {
    return this.clerk;
  }

  logout(): void {
    this.clerk = undefined;
  }

  async login(pin: string): Promise<LoginResult> {
    const guard = this.store.loginGuard();
    const now = this.nowMs();
    if (isLocked(guard, now)) return { ok: false, reason: "locked", lockedUntilMs: guard.lockedUntilMs };
    const clerks = this.store.clerks();
    if (clerks.length === 0) return { ok: false, reason: "no_clerks" };
    // Every hash is checked, in parallel on libuv's threads: the time taken says nothing about
    // which clerk, if any, the PIN was close to.
    const matches = await Promise.all(
      clerks.map((clerk) => (/^\d{4,12}$/.test(pin) ? this.verify(pin, clerk.pinHash) : false)),
    );
    const found = clerks.find((_, i) => matches[i]);
    if (found !== undefined) {
      if (guard.failures > 0 || guard.locks > 0)
        await this.store.saveLoginGuard({ failures: 0, lockedUntilMs: 0, locks: 0 });
      this.clerk = { id: found.id, name: found.name, role: found.role };
      return { ok: true, clerk: this.clerk };
    }
    return this.miss(guard, now);
  }

  private async miss(guard: LoginGuardState, now: number): Promise<LoginResult> {
    const next = afterMiss(guard, now);
    await this.store.saveLoginGuard(next);
    if (!isLocked(next, now))
      return { ok: false, reason: "wrong_pin", attemptsLeft: maxPinFailures - next.failures };
    return { ok: false, reason: "locked", lockedUntilMs: next.lockedUntilMs };
  }
}
