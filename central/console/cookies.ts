/** The few cookies the console sets (RFC 6265), read and written without a plugin. */
export function readCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    const value = part.slice(at + 1).trim();
    try {
      cookies.set(part.slice(0, at).trim(), decodeURIComponent(value));
    } catch {
      // A value that is not percent-encoding is one this console never set.
    }
  }
  return cookies;
}

export interface CookieOptions {
  readonly httpOnly: boolean;
  readonly secure: boolean;
  /** Absent: for the browser's session; 0 clears the cookie. */
  readonly maxAgeS?: number;
}

export function setCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    "SameSite=Strict",
    ...(options.httpOnly ? ["HttpOnly"] : []),
    ...(options.secure ? ["Secure"] : []),
    ...(options.maxAgeS === undefined ? [] : [`Max-Age=${options.maxAgeS}`]),
  ].join("; ");
}
