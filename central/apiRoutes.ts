/**
 * The kiosk routes of the central HTTP API (docs/protocol.md). Every route but health needs a device
 * token (bearerAuth.ts), which scopes the device to its store: 403 when the record asked about
 * belongs to another store. The admin routes are in adminRoutes.ts.
 */
import * as v from "valibot";
import { isoInstant, redemptionSchema, ticketCodePattern } from "../device/domain.js";
import {
  heartbeatSchema,
  maxTicketsPage,
  noPinKeyCode,
  noPinKeyMessage,
  uploadRequestSchema,
  voidRequestSchema,
} from "../device/ports/wire.js";
import { bearerToken, forDevice, requireScope, type TokenLookUp } from "./bearerAuth.js";
import { feedCursorPattern, parseFeedCursor } from "./feedCursor.js";
import { type Call, HttpError, type Reply, type Route } from "./httpRouter.js";
import type { DeviceScope } from "./judgeUpload.js";
import type { Ledger } from "./ledger.js";
import { StoreProbe } from "./storeProbe.js";
import { storeUnavailable } from "./storeUnavailable.js";

const defaultTicketsPage = 1000;

export const ok = (body: unknown): Reply => ({ status: 200, body });

export function apiRoutes(ledger: Ledger): Route[] {
  const device = (handle: Parameters<typeof forDevice>[1], lookUp?: TokenLookUp) =>
    forDevice(ledger, handle, lookUp);
  const probe = new StoreProbe(() => ledger.ping());
  return [
    {
      method: "GET",
      pattern: "/v1/health",
      handle: async () => {
        if (await probe.up()) return ok({ ok: true });
        throw storeUnavailable();
      },
    },
    {
      method: "GET",
      pattern: "/v1/tickets",
      handle: device(async (call, scope) => {
        const { limit } = pageQuery(call, feedCursorPattern);
        const since = call.url.searchParams.get("since") || undefined;
        return ok(
          await ledger.ticketsPage(scope, since === undefined ? undefined : parseFeedCursor(since), limit),
        );
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
      // Issue 11: a ticket of another store is not "not found"; this says where it may be used,
      // and nothing else of it.
      method: "GET",
      pattern: "/v1/tickets/:code/stores",
      handle: device(async (call) => {
        const code = call.params.code ?? "";
        const stores = ticketCodePattern.test(code) ? await ledger.storesOfTicket(code) : undefined;
        if (stores === undefined) throw new HttpError(404, "not_found", "no such ticket");
        return ok({ stores });
      }),
    },
    {
      method: "GET",
      pattern: "/v1/other-store-codes",
      handle: device(async (call, scope) => {
        const { since, limit } = pageQuery(call);
        return ok(await ledger.otherStoreCodes(scope, since, limit));
      }),
    },
    {
      method: "POST",
      pattern: "/v1/redemptions",
      handle: device(async (call, scope) => {
        const redemptions = await keptIfRefused(ledger, scope, async () => {
          const upload = await call.json(uploadRequestSchema);
          // One entry of another device or store refuses the whole upload: nothing is judged, every
          // entry stays open at the kiosk until its setup is fixed (bearerAuth.ts).
          for (const redemption of upload.redemptions) requireScope(scope, redemption);
          return upload.redemptions;
        });
        return ok({ results: await ledger.upload(redemptions, scope, bearerToken(call.request)) });
      }, "upload"),
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
        if (since !== undefined && !v.is(isoInstant, since)) {
          throw new HttpError(400, "bad_query", "since must be an ISO 8601 time with an offset");
        }
        return ok({ redemptions: await ledger.history(scope, code, since) });
      }),
    },
    {
      method: "GET",
      pattern: "/v1/devices/self/redemptions",
      handle: device(async (call, scope) => {
        const { since, limit } = pageQuery(call);
        return ok(await ledger.ownRedemptions(scope, since, limit));
      }),
    },
    {
      method: "POST",
      pattern: "/v1/redemptions/:id/void",
      handle: device(async (call, scope) => {
        const id = call.params.id ?? "";
        if (!v.is(redemptionSchema.entries.id, id))
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
    {
      method: "POST",
      pattern: "/v1/heartbeat",
      handle: device(async (call, scope) => {
        await ledger.heartbeat(scope, await call.json(heartbeatSchema), call.request.socket.remoteAddress);
        return ok({ ok: true });
      }),
    },
    {
      method: "GET",
      pattern: "/v1/clerks",
      handle: device(async (_call, scope, pinKey) => {
        // A token made before PIN keys has nothing to seal verifiers with: it gets none (issue 12).
        // 409, not 403: the token is good for everything else, so the kiosk must go on syncing.
        if (pinKey === undefined) throw new HttpError(409, noPinKeyCode, noPinKeyMessage);
        return ok({ clerks: await ledger.clerks(scope, pinKey) });
      }),
    },
  ];
}

/**
 * `since` (a page's cursor, `cursorPattern`; absent or empty: from the start) and `limit` of a
 * paged GET; `since` as a number where cursors are numbers.
 */
function pageQuery(call: Call, cursorPattern = /^\d{1,15}$/): { since: number; limit: number } {
  const since = call.url.searchParams.get("since") || "0";
  if (!cursorPattern.test(since)) throw new HttpError(400, "bad_query", "since must be a cursor from a page");
  const limit = wholeNumber(call.url.searchParams.get("limit"), defaultTicketsPage, maxTicketsPage, "limit");
  return { since: Number(since), limit };
}

export function wholeNumber(raw: string | null, fallback: number, max: number, name: string): number {
  if (raw === null) return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  if (value < 1 || value > max)
    throw new HttpError(400, "bad_query", `${name} must be a whole number from 1 to ${max}`);
  return value;
}

/**
 * An upload refused whole leaves its entries open on the kiosk, sent again and refused again until
 * someone fixes its setup: each refusal is kept for the console's 例外清單 (ledger.ts
 * `refusedUpload`), then answered as before.
 */
async function keptIfRefused<T>(ledger: Ledger, scope: DeviceScope, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof HttpError) await ledger.refusedUpload(scope, error);
    throw error;
  }
}
