/**
 * The CSRF check (OWASP's synchronizer token pattern:
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html):
 * every state-changing request carries its session's token, in the form field `_csrf` or, for
 * htmx, the `X-CSRF-Token` header every page sets through `hx-headers`. SameSite=Strict cookies
 * already keep other sites' requests unsigned-in; the token is the second lock, for browsers or
 * proxies that do not honour SameSite. Compared in constant time.
 */
import { timingSafeEqual } from "node:crypto";

export const csrfField = "_csrf";
export const csrfHeader = "x-csrf-token";

export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
