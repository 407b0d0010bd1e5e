/**
 * How a store out of reach shows in an error, told apart from a fault in the request or the code:
 * the database's connection refused, reset or timed out, a connection not made in time, or the
 * database shutting down or starting (SQLSTATE class 08 and 57P01–57P03,
 * https://www.postgresql.org/docs/15/errcodes-appendix.html). One list for the two places that
 * tell it: a command that cannot open the database (pgConnectError.ts) and a running service's
 * answer, a 503 (central/storeUnavailable.ts).
 */

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
/** `pg`'s words, without a code, when a connection is not made within its timeout (pgConnection.ts). */
const connectTimeout =
  /^(timeout exceeded when trying to connect|Connection terminated due to connection timeout)/;
/** `pg`'s words, without a code, when a connection ends under it. */
const connectionEnded = /^Connection terminated/;

export function connectTimedOut(error: Error): boolean {
  return connectTimeout.test(error.message);
}

export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === "string" &&
    (networkCodes.has(code) || serverGoingCodes.has(code) || code.startsWith("08"))
  ) {
    return true;
  }
  // Any failed connect: a Unix socket's path that is not there is `connect ENOENT`.
  if ((error as { syscall?: unknown }).syscall === "connect") return true;
  return connectionEnded.test(error.message) || connectTimedOut(error) || isStoreUnavailable(error.cause);
}
