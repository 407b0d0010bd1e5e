/**
 * A request whose store is out of reach (store/storeOutOfReach.ts) is answered 503 with
 * `Retry-After`, which a kiosk retries like any 5xx without dropping an entry (docs/protocol.md),
 * and logged as the outage it is, not as a crash.
 */
import { HttpError } from "./httpRouter.js";
import { isStoreUnavailable } from "./store/storeOutOfReach.js";

/** Seconds a client is told to wait; a kiosk's own backoff decides within that. */
export const storeRetryAfterS = 5;

/** The router's refusal (httpRouter.ts `refusalOf`) for a store out of reach. */
export function unavailableRefusal(error: unknown): HttpError | undefined {
  return isStoreUnavailable(error) ? storeUnavailable() : undefined;
}

export function storeUnavailable(): HttpError {
  return new HttpError(503, "unavailable", "the central service's store cannot be reached now: try again", {
    "retry-after": String(storeRetryAfterS),
  });
}
