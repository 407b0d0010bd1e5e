/**
 * A store out of reach, told apart from a fault in the request or the code: the database's
 * connection refused, reset or timed out, or the database shutting down or starting
 * (SQLSTATE class 08 and 57P01–57P03, https://www.postgresql.org/docs/15/errcodes-appendix.html).
 * Such a request is answered 503 with `Retry-After`, which a kiosk retries like any 5xx without
 * dropping an entry (docs/protocol.md), and logged as the outage it is, not as a crash.
 */
import { HttpError } from "./httpRouter.js";

/** Seconds a client is told to wait; a kiosk's own backoff decides within that. */
export const storeRetryAfterS = 5;

const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const serverGoingCodes = new Set(["57P01", "57P02", "57P03"]);
/** What `pg` throws, without a code, when a connection ends or cannot be had in time. */
const driverMessages = /^(Connection terminated|timeout exceeded when trying to connect)/;

export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === "string" &&
    (networkCodes.has(code) || serverGoingCodes.has(code) || code.startsWith("08"))
  ) {
    return true;
  }
  return driverMessages.test(error.message) || isStoreUnavailable(error.cause);
}

/** The router's refusal (httpRouter.ts `refusalOf`) for a store out of reach. */
export function unavailableRefusal(error: unknown): HttpError | undefined {
  return isStoreUnavailable(error) ? storeUnavailable() : undefined;
}

export function storeUnavailable(): HttpError {
  return new HttpError(503, "unavailable", "the central service's store cannot be reached now: try again", {
    "retry-after": String(storeRetryAfterS),
  });
}
