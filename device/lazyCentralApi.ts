/**
 * The central service's client, loaded on its first call (issue 16, cold start): the HTTP client
 * and its wire schemas (undici, ~160 ms of module loading here, several times that on a Pi) are
 * not needed to show the first screen, only for the first sync pass or online redemption, which
 * come after the kiosk is ready. The client is made once; calls made while it loads wait for it.
 * A load that fails fails the calls waiting on it and is tried again on the next call, so a
 * passing fault (a file read) does not leave the kiosk without a client until it restarts.
 */
import type { CentralApi } from "./ports/centralApi.js";

/** Every method of the port, each forwarded to the loaded client. */
const methods = [
  "health",
  "uploadRedemptions",
  "voidRedemption",
  "fetchTickets",
  "fetchTicket",
  "fetchTicketStores",
  "fetchOtherStoreCodes",
  "fetchClerks",
  "fetchRedemptions",
  "heartbeat",
  "fetchOwnRedemptions",
] as const satisfies readonly (keyof CentralApi)[];

// A method added to the port and not listed above fails to compile here.
const everyMethodListed: [Exclude<keyof CentralApi, (typeof methods)[number]>] extends [never]
  ? true
  : never = true;
void everyMethodListed;

export function lazyCentralApi(load: () => Promise<CentralApi>): CentralApi {
  let loading: Promise<CentralApi> | undefined;
  const client = (): Promise<CentralApi> => {
    if (loading === undefined) {
      const attempt = load();
      loading = attempt;
      attempt.catch(() => {
        if (loading === attempt) loading = undefined;
      });
    }
    return loading;
  };
  const forward =
    (name: (typeof methods)[number]) =>
    async (...args: unknown[]): Promise<unknown> => {
      const api = await client();
      return (api[name] as (...forwarded: unknown[]) => Promise<unknown>).apply(api, args);
    };
  // Only the listed names: the object must not look like a promise (`then`) or anything else.
  return Object.fromEntries(methods.map((name) => [name, forward(name)])) as unknown as CentralApi;
}
