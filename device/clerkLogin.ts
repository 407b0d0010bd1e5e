/**
 * Clerk login with a PIN (門市店員), offline: PINs are checked against the salted scrypt hashes the
 * central service sent (never a PIN in clear), sealed under the kiosk's PIN key and opened only
 * here, at a login (sync/pinVerifier.ts; docs/security.md). Wrong PINs are rate-limited per kiosk, and the count
 * is kept durably in the clerk store so a restart does not lift it (docs/reliability.md promise 7).
 *
 * Why a correct PIN clears nothing (issue 12, defect 2): NIST SP 800-63B §5.2.2
 * (https://pages.nist.gov/800-63-3/sp800-63b.html#throttle) limits consecutive failed attempts *on
 * one account*, and a success resets that account's count. This prompt asks for a PIN alone and
 * names no clerk, so every miss is a guess at every clerk of the store: the account under attack is
 * the whole device. A clerk's own good PIN authenticates that clerk, not the one being guessed, so
 * letting it reset the count let a clerk search the supervisor's PIN for free (4 misses, own PIN,
 * repeat). Here only time lowers the count (pinLockout.ts has the figures: 5 guesses before the first
 * lock, at most 150 a day, proved in test/unit/clerkLoginBypass.test.ts).
 *
 * The self-service supervisor prompt counts the same, before its role check: a PIN that is not a
 * supervisor's is a miss there, whether or not it is some clerk's.
 */

import type { ClerkSession, LoginResult } from "./backOffice.js";
import type { ClerkStore } from "./clerkStore.js";
import type { ClerkRole } from "./domain.js";
import { verifyPin } from "./pinHash.js";
import type { PinKeyRead } from "./pinKeyFile.js";
import { afterMiss, isLocked, maxPinFailures, type PinGuard, standing } from "./pinLockout.js";
import { openVerifier } from "./pinVerifier.js";

export class ClerkLogin {
  private clerk: ClerkSession | undefined;

  constructor(
    private readonly store: ClerkStore,
    private readonly nowMs: () => number,
    private readonly pinKey: () => Promise<PinKeyRead>,
    private readonly verify: (pin: string, hash: string) => Promise<boolean> = verifyPin,
  ) {}

  current(): ClerkSession | undefined {
    return this.clerk;
  }

  logout(): void {
    this.clerk = undefined;
  }

  /** `role`: the prompt takes only this role's PINs (the self-service supervisor prompt). */
  async login(pin: string, role?: ClerkRole): Promise<LoginResult> {
    const now = this.nowMs();
    const guard = standing(this.store.loginGuard(), now);
    if (isLocked(guard, now)) return { ok: false, reason: "locked", lockedUntilMs: guard.lockedUntilMs };
    const clerks = this.store.clerks();
    if (clerks.length === 0) return { ok: false, reason: "no_clerks" };
    // Neither a missing key nor a wrong one is a guess: no PIN is tried, so no miss is counted.
    const read = await this.pinKey();
    if (read.kind !== "key") return { ok: false, reason: "no_pin_key", file: read.file };
    const hashes = clerks.map((clerk) => openVerifier(read.key, clerk.id, clerk.pinVerifier));
    if (hashes.every((hash) => hash === undefined))
      return { ok: false, reason: "pin_key_mismatch", file: read.file };
    // Every hash is checked, in parallel on libuv's threads: the time taken says nothing about
    // which clerk, if any, the PIN was close to.
    const matches = await Promise.all(
      hashes.map((hash) => (hash !== undefined && /^\d{4,12}$/.test(pin) ? this.verify(pin, hash) : false)),
    );
    const found = clerks.find((_, i) => matches[i]);
    if (found !== undefined && (role === undefined || found.role === role)) {
      this.clerk = { id: found.id, name: found.name, role: found.role };
      return { ok: true, clerk: this.clerk };
    }
    return this.miss(guard, now, found === undefined ? "wrong_pin" : "wrong_role");
  }

  private async miss(guard: PinGuard, now: number, reason: "wrong_pin" | "wrong_role"): Promise<LoginResult> {
    const next = afterMiss(guard, now);
    await this.store.saveLoginGuard(next);
    if (!isLocked(next, now)) return { ok: false, reason, attemptsLeft: maxPinFailures - next.failures };
    return { ok: false, reason: "locked", lockedUntilMs: next.lockedUntilMs };
  }
}
