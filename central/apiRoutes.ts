/**
 * The routes of the central HTTP API (PRODUCT.md §4) and of the admin socket. Every /v1 route but
 * health needs `Authorization: Bearer <device token>`; the token scopes the device to its store:
 * 401 when the token is missing or unknown, 403 when it was revoked or the record asked about
 * belongs to another store. The admin routes have no token: they are served only on a unix socket
 * in the data directory, which only the service's own user can open.
 */
import { z } from "zod";
import { isoInstant, ticketCodePattern } from "../device/domain.js";
import { maxTicketsPage, uploadRequestSchema, voidRequestSchema } from "../sync/wire.js";
import { type Call, errorBody, HttpError, type Reply, type Route } from "./httpRouter.js";
import type { DeviceScope } from "./judgeUpload.js";
import { type Ledger, tokenRequestSchema } from "./ledger.js";

const defaultTicketsPage = 1000;

const ok = (body: unknown): Reply => ({ status: 200, body });

export function apiRoutes(ledger: Ledger): Route[] {
  const device = (handle: (call: Call, scope: DeviceScope) => Promise<Reply>) => async (call: Call) =>
    handle(call, await authorise(call, ledger));
  return [
    { method: "GET", pattern: "/v1/health", handle: async () => ok({ ok: true }) },
    {
      method: "GET",
      pattern: "/v1/tickets",
      handle: device(async (call, scope) => {
        const since = call.url.searchParams.get("since") || "0"; // absent or empty: from the start
        if (!/^\d{1,15}$/.test(since))
          throw new HttpError(400, "bad_query", "since must be a cursor from a page");
        const limit = wholeNumber(
          call.url.searchParams.get("limit"),
          defaultTicketsPage,
          maxTicketsPage,
          "limit",
        );
        return ok(await ledger.ticketsPage(scope, Number(since), limit));
      }),
    },
    {
      method: "GET",
      pattern: "/v1/tickets/:code",
      handle: device(async (call, scope) => {
        const code = call.params.code ?? "";
        const ticket = ticketCodePattern.test(code) ? await ledger.ticket(scope, code) : undefined;
        if (ticket === undefined) throw new HttpError(404, "not_found", "no such ticket for this store");
        return ok(ticket);
      }),
    },
    {
      method: "POST",
      pattern: "/v1/redemptions",
      handle: device(async (call, scope) => {
        const { redemptions } = await call.json(uploadRequestSchema);
        return ok({ results: await ledger.upload(redemptions, scope) });
      }),
    },
    {
      method: "GET",
      pattern: "/v1/redemptions",
      handle: device(async (call, scope) => {
        const code = call.url.searchParams.get("ticket");
        if (code === null || !ticketCodePattern.test(code)) {
          throw new HttpError(400, "bad_query", "ticket must be a ticket code");
        }
        const since = call.url.searchParams.get("since") ?? undefined;
        if (since !== undefined && !isoInstant.safeParse(since).success) {
          throw new HttpError(400, "bad_query", "since must be an ISO 8601 time with an offset");
        }
        return ok({ redemptions: await ledger.history(scope, code, since) });
      }),
    },
    {
      method: "POST",
      pattern: "/v1/redemptions/:id/void",
      handle: device(async (call, scope) => {
        const id = call.params.id ?? "";
        if (!z.uuid().safeParse(id).success)
          throw new HttpError(400, "bad_path", "a redemption id is a UUID");
        const outcome = await ledger.void(id, await call.json(voidRequestSchema), scope);
        switch (outcome.kind) {
          case "result":
            return ok(outcome.result);
          case "not_found":
            throw new HttpError(404, "not_found", "no such redemption");
          case "forbidden":
            throw new HttpError(403, "forbidden", "the redemption belongs to another store");
          case "bad_request":
            throw new HttpError(400, "invalid_body", outcome.message);
        }
      }),
    },
  ];
}

export function adminRoutes(ledger: Ledger): Route[] {
  return [
    {
      method: "POST",
      pattern: "/admin/import",
      handle: async (call) => {
        const csv = (call.request.headers["content-type"] ?? "").includes("csv");
        const outcome = await ledger.importText(await call.text(), csv ? "csv" : "json");
        if (outcome.ok) return ok({ summary: outcome.summary, warnings: outcome.warnings });
        const message = `${outcome.problems.length} problem(s); nothing was imported`;
        return { status: 400, body: { ...errorBody("invalid_import", message), problems: outcome.problems } };
      },
    },
    {
      method: "POST",
      pattern: "/admin/tokens",
      handle: async (call) => {
        const { deviceId, storeId } = await call.json(tokenRequestSchema);
        const outcome = await ledger.issueToken(deviceId, storeId);
        if (outcome.ok) return ok({ token: outcome.token });
        const message = unknownStoreMessage(storeId, outcome.knownStoreIds);
        return {
          status: 404,
          body: { ...errorBody("unknown_store", message), knownStoreIds: outcome.knownStoreIds },
        };
      },
    },
    {
      method: "POST",
      pattern: "/admin/tokens/revoke",
      handle: async (call) => {
        const { deviceId } = await call.json(tokenRequestSchema.pick({ deviceId: true }));
        return ok({ revoked: await ledger.revokeDevice(deviceId) });
      },
    },
  ];
}

export function unknownStoreMessage(storeId: string, known: readonly string[]): string {
  return `unknown store "${storeId}"; known stores: ${known.length === 0 ? "(none, import some first)" : known.join(", ")}`;
}

async function authorise(call: Call, ledger: Ledger): Promise<DeviceScope> {
  const token = /^Bearer +(\S+) *$/i.exec(call.request.headers.authorization ?? "")?.[1];
  if (token === undefined) {
    throw new HttpError(401, "unauthorized", "a device token is required", { "www-authenticate": "Bearer" });
  }
  const auth = await ledger.authenticate(token);
  switch (auth.kind) {
    case "unknown":
      throw new HttpError(401, "unauthorized", "unknown device token", { "www-authenticate": "Bearer" });
    case "revoked":
      throw new HttpError(403, "token_revoked", "this device token was revoked");
    case "ok":
      call.note({ ...auth.scope });
      return auth.scope;
  }
}

function wholeNumber(raw: string | null, fallback: number, max: number, name: string): number {
  if (raw === null) return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  if (value < 1 || value > max)
    throw new HttpError(400, "bad_query", `${name} must be a whole number from 1 to ${max}`);
  return value;
}
