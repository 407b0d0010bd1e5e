/**
 * The admin side of the central service (docs/protocol.md), reached two ways:
 * - `adminSocketRoutes`: the CLI's `import`, `token` and `revoke` on a running service. No token:
 *   they are served only on a unix socket in the data directory, which only the service's own
 *   user can open.
 * - `adminApiRoutes`: `/v1/admin/…` on the HTTP port for a back office, with an admin token
 *   (`ticket-kiosk central token --admin`; bearerAuth.ts): the devices with their last heartbeat,
 *   revoking a device, redemptions and exceptions page by page, and importing a catalogue.
 * Every action that changes something is logged with who asked (ledger.ts `AdminActor`).
 */

import * as v from "valibot";
import { isoInstant, redemptionSchema } from "../device/domain.js";
import type { AdminView, RecordQuery } from "./adminView.js";
import { ok, wholeNumber } from "./apiRoutes.js";
import { forAdmin } from "./bearerAuth.js";
import { newConsoleUserSchema } from "./console/consoleAccounts.js";
import { type Call, errorBody, HttpError, type Reply, type Route } from "./httpRouter.js";
import { type AdminActor, type Ledger, tokenRequestSchema } from "./ledger.js";
import { parsePinPolicy } from "./pinPolicy.js";

/** A whole catalogue goes in one request. */
export const importMaxBodyBytes = 64 * 1024 * 1024;

const defaultRecordsPage = 100;
const maxRecordsPage = 1000;

export function adminSocketRoutes(ledger: Ledger): Route[] {
  const by = "socket";
  return [
    {
      method: "POST",
      pattern: "/admin/import",
      maxBodyBytes: importMaxBodyBytes,
      handle: (call) => importer(ledger)(call, by),
    },
    {
      method: "POST",
      pattern: "/admin/tokens",
      handle: async (call) => {
        const { deviceId, storeId } = await call.json(tokenRequestSchema);
        const outcome = await ledger.issueToken(deviceId, storeId, by);
        if (outcome.ok) return ok({ token: outcome.token, pinKey: outcome.pinKey });
        return unknownStoreReply(storeId, outcome.knownStoreIds);
      },
    },
    {
      method: "POST",
      pattern: "/admin/tokens/revoke",
      handle: async (call) => {
        const { deviceId } = await call.json(v.pick(tokenRequestSchema, ["deviceId"]));
        return ok({ revoked: await ledger.revokeDevice(deviceId, by) });
      },
    },
    {
      method: "POST",
      pattern: "/admin/admin-tokens",
      handle: async () => ok({ token: await ledger.issueAdminToken(by) }),
    },
    {
      method: "POST",
      pattern: "/admin/admin-tokens/revoke",
      handle: async () => ok({ revoked: await ledger.revokeAdminTokens(by) }),
    },
    {
      // `central user add` on a running service: the password crosses this socket only.
      method: "POST",
      pattern: "/admin/console-users",
      handle: async (call) => ok(await ledger.addConsoleUser(await call.json(newConsoleUserSchema), by)),
    },
  ];
}

export function adminApiRoutes(ledger: Ledger, view: AdminView): Route[] {
  const admin = (handle: (call: Call, by: AdminActor) => Promise<Reply>) => forAdmin(ledger, handle);
  return [
    {
      method: "GET",
      pattern: "/v1/admin/devices",
      handle: admin(async () => ok({ devices: await view.devices() })),
    },
    {
      method: "POST",
      pattern: "/v1/admin/devices/:deviceId/revoke",
      handle: admin(async (call, by) => {
        const deviceId = v.safeParse(redemptionSchema.entries.deviceId, call.params.deviceId);
        if (!deviceId.success) throw new HttpError(400, "bad_path", "a device id is 1 to 64 characters");
        return ok({ revoked: await ledger.revokeDevice(deviceId.output, by) });
      }),
    },
    {
      method: "GET",
      pattern: "/v1/admin/redemptions",
      handle: admin(async (call) => ok(await view.redemptions(recordQuery(call)))),
    },
    {
      method: "GET",
      pattern: "/v1/admin/conflicts",
      handle: admin(async (call) => ok(await view.conflicts(recordQuery(call)))),
    },
    {
      method: "POST",
      pattern: "/v1/admin/import",
      maxBodyBytes: importMaxBodyBytes,
      handle: admin(importer(ledger)),
    },
  ];
}

/** 404 `unknown_store` with the stores there are, for the socket's `central token` and `central pair`. */
export function unknownStoreReply(storeId: string, knownStoreIds: readonly string[]): Reply {
  const message = unknownStoreMessage(storeId, knownStoreIds);
  return { status: 404, body: { ...errorBody("unknown_store", message), knownStoreIds } };
}

export function unknownStoreMessage(storeId: string, known: readonly string[]): string {
  return `unknown store "${storeId}"; known stores: ${known.length === 0 ? "(none, import some first)" : known.join(", ")}`;
}

/** A JSON catalogue, or CSV when the content type says so; 400 with every problem when refused. */
function importer(ledger: Ledger): (call: Call, by: AdminActor) => Promise<Reply> {
  return async (call, by) => {
    const csv = (call.request.headers["content-type"] ?? "").includes("csv");
    const minPin = call.url.searchParams.get("minPin");
    const pinPolicy = parsePinPolicy(minPin === null || minPin === "" ? [] : minPin.split(","));
    if (typeof pinPolicy === "string") throw new HttpError(400, "invalid_query", pinPolicy);
    const outcome = await ledger.importText(
      await call.text(),
      csv ? "csv" : "json",
      undefined,
      pinPolicy,
      by,
    );
    if (outcome.ok) return ok({ summary: outcome.summary, warnings: outcome.warnings });
    const message = `${outcome.problems.length} problem(s); nothing was imported`;
    return { status: 400, body: { ...errorBody("invalid_import", message), problems: outcome.problems } };
  };
}

/** `?store=&since=&cursor=&limit=`: all optional. */
function recordQuery(call: Call): RecordQuery {
  const { searchParams } = call.url;
  const store = searchParams.get("store") || undefined;
  const since = searchParams.get("since") || undefined;
  if (since !== undefined && !v.is(isoInstant, since)) {
    throw new HttpError(400, "bad_query", "since must be an ISO 8601 time with an offset");
  }
  const cursor = searchParams.get("cursor") || "0";
  if (!/^\d{1,15}$/.test(cursor))
    throw new HttpError(400, "bad_query", "cursor must be a cursor from a page");
  return {
    ...(store === undefined ? {} : { storeId: store }),
    ...(since === undefined ? {} : { since }),
    afterSeq: Number(cursor),
    limit: wholeNumber(searchParams.get("limit"), defaultRecordsPage, maxRecordsPage, "limit"),
  };
}
