/**
 * Console sign-in and sessions (docs/security.md, "Console"):
 * - a login is refused alike for an unknown name and a wrong password (same answer, same scrypt
 *   work: passwordHash.ts `decoyHash`), so the form tells no one which accounts exist;
 * - each address gets a token bucket of attempts (tokenRateLimit.ts, the same bucket the API
 *   uses per token), so one address cannot walk through many accounts;
 * - each name tried, existing or not, has the kiosk PIN's guard (device/pinLockout.ts): five
 *   misses lock it for 30 s, each next lock twice as long up to an hour; a locked name is refused
 *   before its password is checked;
 * - a session id is 32 random bytes, only its sha256 is stored; it expires after `idleMs` without
 *   a request and `absoluteMs` after login, whichever comes first; logout deletes it;
 * - each session has its own CSRF token (csrf.ts), made at login.
 */
import { createHash, randomBytes } from "node:crypto";
import { afterMiss, isLocked, openGuard, standing } from "../../device/pinLockout.js";
import type { ConsoleAccount, ConsoleSession, ConsoleStore } from "../store/consoleStore.js";
import { TokenRateLimit } from "../tokenRateLimit.js";
import { decoyHash, verifyPassword } from "./passwordHash.js";

export const idleMs = 30 * 60_000;
export const absoluteMs = 12 * 3600_000;
/** A session's last-seen time is written at most this often: not every request is a write. */
const touchEveryMs = 60_000;
/** Ten attempts at once from one address, then one every five seconds. */
const loginLimits = { rateBurst: 10, ratePerSecond: 0.2 };

export type LoginOutcome =
  | { readonly kind: "ok"; readonly sessionId: string; readonly session: ConsoleSession }
  | { readonly kind: "refused" }
  | { readonly kind: "locked"; readonly retryAfterS: number };

export interface SignedIn {
  readonly session: ConsoleSession;
  readonly account: ConsoleAccount;
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("base64url");

export class ConsoleAuth {
  private readonly perAddress: TokenRateLimit;

  constructor(
    private readonly store: ConsoleStore,
    private readonly nowMs: () => number,
  ) {
    this.perAddress = new TokenRateLimit(loginLimits, nowMs);
  }

  async login(name: string, password: string, address: string): Promise<LoginOutcome> {
    const waitMs = this.perAddress.take(address);
    if (waitMs > 0) return { kind: "locked", retryAfterS: Math.ceil(waitMs / 1000) };
    const now = this.nowMs();
    const guard = standing((await this.store.getLoginGuard(name)) ?? openGuard, now);
    if (isLocked(guard, now))
      return { kind: "locked", retryAfterS: Math.ceil((guard.lockedUntilMs - now) / 1000) };
    const account = await this.store.getAccount(name);
    const matches = await verifyPassword(password, account?.passwordHash ?? (await decoyHash()));
    if (account === undefined || !matches) {
      const next = afterMiss(guard, now);
      await this.store.putLoginGuard(name, next);
      return isLocked(next, now)
        ? { kind: "locked", retryAfterS: Math.ceil((next.lockedUntilMs - now) / 1000) }
        : { kind: "refused" };
    }
    const sessionId = randomBytes(32).toString("base64url");
    const session: ConsoleSession = {
      idHash: sha256(sessionId),
      name,
      csrfToken: randomBytes(32).toString("base64url"),
      createdAtMs: now,
      lastSeenAtMs: now,
    };
    await this.store.putSession(session);
    return { kind: "ok", sessionId, session };
  }

  /** The live session of a cookie's id, touched; undefined when unknown, expired or its account is gone. */
  async signedIn(sessionId: string | undefined): Promise<SignedIn | undefined> {
    if (sessionId === undefined || sessionId === "") return undefined;
    const idHash = sha256(sessionId);
    const session = await this.store.getSession(idHash);
    if (session === undefined) return undefined;
    const now = this.nowMs();
    if (now - session.lastSeenAtMs >= idleMs || now - session.createdAtMs >= absoluteMs) {
      await this.store.deleteSession(idHash);
      return undefined;
    }
    const account = await this.store.getAccount(session.name);
    if (account === undefined) return undefined;
    if (now - session.lastSeenAtMs >= touchEveryMs)
      await this.store.putSession({ ...session, lastSeenAtMs: now });
    return { session, account };
  }

  async logout(sessionId: string | undefined): Promise<void> {
    if (sessionId !== undefined && sessionId !== "") await this.store.deleteSession(sha256(sessionId));
  }
}
