/**
 * Whether a host name or address never leaves the machine: `localhost`, 127.0.0.0/8 or ::1. Plain
 * HTTP is allowed only to such a host (the kiosk's `central.url`, the central service's `--host`)
 * unless the configuration says otherwise: a bearer token on any other link can be sniffed
 * (docs/security.md, "Transport").
 */
import { isIPv4 } from "node:net";

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost" || bare === "::1") return true;
  return isIPv4(bare) && bare.startsWith("127.");
}
