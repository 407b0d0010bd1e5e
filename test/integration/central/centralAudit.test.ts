/**
 * The audit promises of docs/security.md ("What the server checks"), on a real service on loopback:
 * every admin action is logged with who asked for it, and no route a device token opens answers
 * with another store's customer data.
 */
import { createHash } from "node:crypto";
import test from "ava";
import { SocketCentralAdmin } from "../../../central/adminClient.js";
import { centralSocketPath } from "../../../central/centralServer.js";
import type { ServerRedemption } from "../../../device/ports/wire.js";
import { call, catalogue, now, redemption, startCentral, upload } from "../../helpers/centralHarness.js";

/** How the log names an admin token: the first 16 hex digits of its SHA-256, never the token. */
const tokenId = (token: string) => createHash("sha256").update(token).digest("hex").slice(0, 16);

test("every admin action is logged with who asked: an admin token by its id, the local socket, the service itself", async (t) => {
  const central = await startCentral(t);
  const admin = await central.adminToken();
  const byToken = `admin-token:${tokenId(admin)}`;
  t.like(await call(central.url, "/v1/admin/import", { token: admin, body: catalogue() }), { status: 200 });
  await central.tokenFor("kiosk-1", "store-a");
  t.like(await call(central.url, "/v1/admin/devices/kiosk-1/revoke", { token: admin, body: {} }), {
    status: 200,
  });
  const socket = new SocketCentralAdmin(centralSocketPath(central.dataDir));
  t.like(await socket.issueToken("kiosk-2", "store-a"), { ok: true });
  t.is(await socket.revokeDevice("kiosk-2"), 1);
  const second = await socket.issueAdminToken();
  t.is(await socket.revokeAdminTokens(), 2);

  const actions = central.logs.filter((line) => ["import", "token", "revoke"].includes(String(line.event)));
  t.deepEqual(
    actions.map((line) => [line.event, line.by, line.deviceId ?? line.tokenId ?? null]),
    [
      ["import", "local", null],
      ["token", "local", tokenId(admin)],
      ["import", byToken, null],
      ["token", "local", "kiosk-1"],
      ["revoke", byToken, "kiosk-1"],
      ["token", "socket", "kiosk-2"],
      ["revoke", "socket", "kiosk-2"],
      ["token", "socket", tokenId(second)],
      ["revoke", "socket", null],
    ],
  );
  t.false(central.logText().includes(admin), "the admin token itself never reaches the log");
  t.false(central.logText().includes(second));
});

test("a device of another store gets none of a store's customer data, route by route", async (t) => {
  const central = await startCentral(t);
  const tokenA = await central.tokenFor("kiosk-1", "store-a");
  const tokenB = await central.tokenFor("kiosk-b", "store-b");
  const taken = redemption({ quantity: 2 });
  await upload(central.url, tokenA, [taken]);
  // TK-ANYWHERE names no store, so it is every store's, customer and all: store-a's own tickets are
  // the ones that must not show.
  const storeAOnly = ["TK-FIVE", "TK-ONE-LEFT", "TK-EXPIRED"];
  const shows = (body: unknown) => storeAOnly.filter((code) => JSON.stringify(body).includes(code));

  const page = await call(central.url, "/v1/tickets", { token: tokenB });
  t.deepEqual(shows(page.body), [], "GET /v1/tickets");
  const one = await call(central.url, "/v1/tickets/TK-FIVE", { token: tokenB });
  t.is(one.status, 404, "GET /v1/tickets/:code");
  t.false(JSON.stringify(one.body).includes("陳怡君"));
  const stores = await call(central.url, "/v1/tickets/TK-FIVE/stores", { token: tokenB });
  t.deepEqual(
    stores.body,
    { stores: [{ id: "store-a", name: "台北信義店" }] },
    "GET /v1/tickets/:code/stores: where, nothing else",
  );
  const codes = await call(central.url, "/v1/other-store-codes", { token: tokenB });
  t.deepEqual(shows(codes.body), [], "GET /v1/other-store-codes: hashes only");
  t.false(JSON.stringify(codes.body).includes("陳怡君"));
  const uploaded = await upload(central.url, tokenB, [
    redemption({ ticketCode: "TK-FIVE", deviceId: "kiosk-b", storeId: "store-b" }),
  ]);
  t.like(uploaded[0], { status: "rejected", reason: "wrong_store" }, "POST /v1/redemptions");
  t.is(uploaded[0]?.ticket, undefined, "the refusal does not carry the ticket");
  const history = await call<{ redemptions: ServerRedemption[] }>(
    central.url,
    "/v1/redemptions?ticket=TK-FIVE",
    { token: tokenB },
  );
  t.deepEqual(
    history.body.redemptions.map((record) => record.redemption.storeId),
    ["store-b"],
    "GET /v1/redemptions: its own refused upload, none of store-a's",
  );
  const own = await call<{ redemptions: ServerRedemption[] }>(central.url, "/v1/devices/self/redemptions", {
    token: tokenB,
  });
  t.deepEqual(
    own.body.redemptions.map((record) => record.redemption.deviceId),
    ["kiosk-b"],
    "GET /v1/devices/self/redemptions",
  );
  const voided = await call(central.url, `/v1/redemptions/${taken.id}/void`, {
    token: tokenB,
    body: { reason: "客人改期", clerkId: "c9", pin: "9999", at: now.toISOString() },
  });
  t.is(voided.status, 403, "POST /v1/redemptions/:id/void");
  t.deepEqual(shows(voided.body), []);
  const clerks = await call<{ clerks: { id: string }[] }>(central.url, "/v1/clerks", { token: tokenB });
  t.deepEqual(
    clerks.body.clerks.map((clerk) => clerk.id),
    ["c9"],
    "GET /v1/clerks: only the store's own",
  );
});
