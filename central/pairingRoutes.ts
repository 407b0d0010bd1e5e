/**
 * Pairing a kiosk by scanning (docs/central.md, "Pairing a kiosk"):
 * - `POST /v1/pair {code}` on the API port, with no token (the kiosk has none yet): a good code
 *   answers the device's new token, its PIN key, its device and store, and the CA to trust when
 *   the service has one to give. A used, expired, unknown or malformed code gets one answer, 403
 *   `pairing_refused`, so a guesser learns nothing. Requests are counted per address, before any
 *   store read, with the token limiter's bucket (tokenRateLimit.ts): 10 at once, then one every 6 s.
 * - `POST /admin/pairing-codes {deviceId, storeId}` on the admin socket, for `central pair`.
 */
import { normalPairingCode, pairingRefusedCode, pairRequestSchema } from "../device/ports/pairingWire.js";
import { unknownStoreReply } from "./adminRoutes.js";
import { ok } from "./apiRoutes.js";
import { HttpError, type Route } from "./httpRouter.js";
import { type Ledger, tokenRequestSchema } from "./ledger.js";
import { TokenRateLimit } from "./tokenRateLimit.js";

export const pairingRateLimits = { ratePerSecond: 1 / 6, rateBurst: 10 } as const;

export interface PairingRouteOptions {
  /** The PEM of the CA kiosks should trust for this service (`central --tls-ca`), if any. */
  readonly caCertificate?: string | undefined;
  readonly limit?: TokenRateLimit;
}

export function pairingApiRoutes(ledger: Ledger, options: PairingRouteOptions = {}): Route[] {
  const limit = options.limit ?? new TokenRateLimit(pairingRateLimits);
  return [
    {
      method: "POST",
      pattern: "/v1/pair",
      handle: async (call) => {
        const refusedRate = limit.admitKey(
          `address:${call.request.socket.remoteAddress ?? ""}`,
          "from this address",
        );
        if (refusedRate !== undefined) throw refusedRate;
        const code = normalPairingCode((await call.json(pairRequestSchema)).code);
        const claim = code === undefined ? { kind: "refused" as const } : await ledger.pair(code);
        if (claim.kind === "refused") {
          throw new HttpError(
            403,
            pairingRefusedCode,
            "this pairing code is used, expired or unknown: make a new one (ticket-kiosk central pair)",
          );
        }
        const { token, pinKey, deviceId, storeId } = claim;
        call.note({ deviceId, storeId });
        const { caCertificate } = options;
        return ok({
          token,
          pinKey,
          deviceId,
          storeId,
          ...(caCertificate === undefined ? {} : { caCertificate }),
        });
      },
    },
  ];
}

export function pairingSocketRoutes(ledger: Ledger): Route[] {
  return [
    {
      method: "POST",
      pattern: "/admin/pairing-codes",
      handle: async (call) => {
        const { deviceId, storeId } = await call.json(tokenRequestSchema);
        const outcome = await ledger.createPairingCode(deviceId, storeId, "socket");
        if (outcome.ok) return ok({ code: outcome.code, expiresAt: outcome.expiresAt });
        return unknownStoreReply(storeId, outcome.knownStoreIds);
      },
    },
  ];
}
