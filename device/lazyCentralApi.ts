/**
 * The central service's client, loaded after the kiosk is ready (issue 16, cold start): the HTTP
 * client and its wire schemas (undici, ~160 ms of module loading on a quiet machine here, several
 * times that on a Pi) are not needed to show the first screen, only for the first sync pass or
 * online redemption. The kiosk starts the load right after its ready line (`load()`); a call made
 * before it is done waits for it. The client is made once. A load that fails fails the calls
 * waiting on it and is tried again on the next call, so a passing fault (a file read) does not
 * leave the kiosk without a client until it restarts.
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

export interface LazyCentralApi {
  /** The port: each call waits for the client to be loaded, then forwards to it. */
  readonly api: CentralApi;
  /** Starts the load now, or joins the one under way; resolves with the client once made. */
  load(): Promise<CentralApi>;
}

export function lazyCentralApi(load: () => Promise<CentralApi>): LazyCentralApi {
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
  const api = Object.fromEntries(methods.map((name) => [name, forward(name)])) as unknown as CentralApi;
  return { api, load: client };
}
