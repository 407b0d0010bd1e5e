/**
 * `Authorization: Bearer <token>` on the HTTP API. A device token scopes a device to its store and
 * opens the kiosk routes; an admin token opens `/v1/admin/…` and nothing else. 401 (with
 * `WWW-Authenticate`) when the token is missing or unknown; 403 when it was revoked or is of the
 * other kind. The token itself never reaches the log: only the device and store it names.
 *
 * A kiosk says which device and store it is (`x-device-id`, `x-store-id`; device/ports/wire.ts). When that
 * is not the token's scope the whole request is refused, 403 `scope_mismatch`: a kiosk whose config
 * and token disagree must stop and say so, not download another store's tickets or have entries
 * made under its right setup judged under a wrong one.
 */
import type { IncomingMessage } from "node:http";
import { deviceIdHeader, scopeMismatchCode, storeIdHeader } from "../device/ports/wire.js";
import type { Call, Reply } from "./httpRouter.js";
import { HttpError } from "./httpRouter.js";
import type { DeviceScope } from "./judgeUpload.js";
import { type AdminActor, type AuthResult, type Ledger, TokenChangedError } from "./ledger.js";

type Handler = (call: Call) => Promise<Reply>;

/**
 * How a route looks its token up: `fresh` from the store; `upload` maybe from the store's copy, for
 * the upload route alone, whose every entry reads its token again in its own step (ledger.ts
 * `upload`): a look-up a request less (docs/performance.md, "Central service on PostgreSQL, third
 * round"), and a revoke or a move still holds for it at once.
 */
export type TokenLookUp = "fresh" | "upload";

export function forDevice(
  ledger: Ledger,
  handle: (call: Call, scope: DeviceScope, pinKey: Buffer | undefined) => Promise<Reply>,
  lookUp: TokenLookUp = "fresh",
): Handler {
  return async (call) => {
    const auth = await authenticate(call, ledger, lookUp);
    if (auth.kind !== "device") throw new HttpError(403, "forbidden", "a device token is required");
    call.note({ ...auth.scope });
    const headers = call.request.headers;
    requireScope(auth.scope, {
      deviceId: oneHeader(headers[deviceIdHeader]) ?? auth.scope.deviceId,
      storeId: oneHeader(headers[storeIdHeader]) ?? auth.scope.storeId,
    });
    try {
      return await handle(call, auth.scope, auth.pinKey);
    } catch (error) {
      if (error instanceof TokenChangedError) return refuseChangedToken(call, ledger, auth.scope);
      throw error;
    }
  };
}

/**
 * An upload whose token changed under it (revoked, or its device moved) is answered as a fresh
 * look-up answers its request: 401, 403 `token_revoked`, or 403 `scope_mismatch` against the
 * scope it was let in on. A device moved away and back meanwhile is told to send again.
 */
async function refuseChangedToken(call: Call, ledger: Ledger, letInOn: DeviceScope): Promise<never> {
  const now = await authenticate(call, ledger, "fresh");
  if (now.kind !== "device") throw new HttpError(403, "forbidden", "a device token is required");
  requireScope(now.scope, letInOn);
  throw new HttpError(503, "token_changed", "the token changed while the upload was judged: send it again");
}

/** Refuses a request (403 `scope_mismatch`) that claims another device or store than its token's. */
export function requireScope(scope: DeviceScope, claimed: DeviceScope): void {
  if (claimed.deviceId === scope.deviceId && claimed.storeId === scope.storeId) return;
  throw new HttpError(
    403,
    scopeMismatchCode,
    `this token is for device ${scope.deviceId} of store ${scope.storeId}, not device ${claimed.deviceId} of store ${claimed.storeId}`,
  );
}

/** A claimed id, percent-encoded by the kiosk; one that does not decode is claimed as it came. */
function oneHeader(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `handle` learns who asked (the admin token's id), for the log line of what it does. */
export function forAdmin(ledger: Ledger, handle: (call: Call, by: AdminActor) => Promise<Reply>): Handler {
  return async (call) => {
    const auth = await authenticate(call, ledger);
    if (auth.kind !== "admin") throw new HttpError(403, "forbidden", "an admin token is required");
    call.note({ by: auth.actor });
    return handle(call, auth.actor);
  };
}

/** The token of `Authorization: Bearer <token>`, if the request carries one. */
export function bearerToken(request: IncomingMessage): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? "")?.[1];
}

async function authenticate(
  call: Call,
  ledger: Ledger,
  lookUp: TokenLookUp = "fresh",
): Promise<Exclude<AuthResult, { kind: "unknown" | "revoked" }>> {
  const token = bearerToken(call.request);
  if (token === undefined) {
    throw new HttpError(401, "unauthorized", "a token is required", { "www-authenticate": "Bearer" });
  }
  const auth =
    lookUp === "upload" ? await ledger.authenticateUpload(token) : await ledger.authenticate(token);
  switch (auth.kind) {
    case "unknown":
      throw new HttpError(401, "unauthorized", "unknown token", { "www-authenticate": "Bearer" });
    case "revoked":
      throw new HttpError(403, "token_revoked", "this token was revoked");
    case "device":
    case "admin":
      return auth;
  }
}
