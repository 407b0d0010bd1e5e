import { PassThrough } from "node:stream";
import test from "ava";
import * as v from "valibot";
import { withCentralAdmin } from "../../../central/adminClient.js";
import {
  adminRedemptionsPageSchema,
  conflictsPageSchema,
  deviceListSchema,
} from "../../../central/adminWire.js";
import type { Redemption } from "../../../device/domain.js";
import { JsonLogger } from "../../../device/logger.js";
import { verifyPin } from "../../../device/pinHash.js";
import { openVerifier, parsePinKey } from "../../../device/pinVerifier.js";
import {
  type Clerk,
  clerkListSchema,
  type Heartbeat,
  uploadResponseSchema,
} from "../../../device/ports/wire.js";
import { call, catalogue, now, redemption, startCentral } from "../../helpers/centralHarness.js";

const heartbeat = (fields: Partial<Heartbeat> = {}): Heartbeat => ({
  version: "0.1.0",
  pendingSync: 0,
  oldestPendingAgeS: null,
  lastSyncAt: now.toISOString(),
  online: true,
  scanner: "connected",
  printer: "ready",
  clockSynced: true,
  exceptions: 0,
  deviceTime: now.toISOString(),
  ...fields,
});

test("admin routes need an admin token: none or unknown 401, a device token 403, a revoked one 403", async (t) => {
  const central = await startCentral(t);
  const { url } = central;
  const admin = await central.adminToken();
  const device = await central.tokenFor("kiosk-1", "store-a");
  t.regex(admin, /^cta_[A-Za-z0-9_-]{43}$/);

  const missing = await fetch(`${url}/v1/admin/devices`);
  t.is(missing.status, 401);
  t.is(missing.headers.get("www-authenticate"), "Bearer");
  t.like(await call(url, "/v1/admin/devices", { token: "cta_not-a-real-token" }), { status: 401 });
  for (const path of ["/v1/admin/devices", "/v1/admin/redemptions", "/v1/admin/conflicts"]) {
    t.like(
      await call(url, path, { token: device }),
      { status: 403, body: { error: { code: "forbidden" } } },
      path,
    );
  }
  t.like(
    await call(url, "/v1/admin/devices/kiosk-1/revoke", { token: device, body: {} }),
    { status: 403 },
    "a device cannot revoke anyone",
  );
  t.like(await call(url, "/v1/admin/devices", { token: admin }), { status: 200 });
  t.like(
    await call(url, "/v1/tickets", { token: admin }),
    { status: 403, body: { error: { code: "forbidden" } } },
    "an admin token is no device",
  );

  const revoked = await withCentralAdmin(
    { kind: "level", dataDir: central.dataDir },
    new JsonLogger(new PassThrough()),
    (socket) => socket.revokeAdminTokens(),
  );
  t.is(revoked, 1);
  t.like(await call(url, "/v1/admin/devices", { token: admin }), {
    status: 403,
    body: { error: { code: "token_revoked" } },
  });
  t.like(await call(url, "/v1/tickets", { token: device }), { status: 200 }, "device tokens stand");
  t.false(central.logText().includes(admin), "tokens never reach the log");
});

test("two kiosks offline on one ticket: the conflict names who used the units first, on replay too and in the admin list", async (t) => {
  const central = await startCentral(t);
  const { url } = central;
  const tokens = new Map<string, string>();
  for (const device of ["kiosk-1", "kiosk-2", "kiosk-3"])
    tokens.set(device, await central.tokenFor(device, "store-a"));
  const uploadAs = async (deviceId: string, entries: Redemption[]) => {
    const answer = await call(url, "/v1/redemptions", {
      token: tokens.get(deviceId) ?? "",
      body: { redemptions: entries },
    });
    return v.parse(uploadResponseSchema, answer.body).results;
  };
  const offline = (deviceId: string, quantity = 1) =>
    redemption({ ticketCode: "TK-ONE-LEFT", deviceId, quantity, offline: true });
  const party = (entry: Redemption) => ({
    id: entry.id,
    deviceId: entry.deviceId,
    quantity: entry.quantity,
    redeemedAt: entry.redeemedAt,
    offline: entry.offline,
  });

  const first = offline("kiosk-1");
  const second = offline("kiosk-2");
  t.like((await uploadAs("kiosk-1", [first]))[0], { status: "accepted", ticket: { redeemedUnits: 3 } });
  const [conflict] = await uploadAs("kiosk-2", [second]);
  t.like(conflict, { status: "conflict", reason: "fully_redeemed", ticket: { redeemedUnits: 4 } });
  t.deepEqual(conflict?.conflictWith, [party(first)]);
  const [replay] = await uploadAs("kiosk-2", [second]);
  t.like(replay, { status: "duplicate", original: "conflict" });
  t.deepEqual(replay?.conflictWith, [party(first)], "a replay names the same devices");

  const refusedOnline = redemption({ ticketCode: "TK-ONE-LEFT", deviceId: "kiosk-1" });
  t.like((await uploadAs("kiosk-1", [refusedOnline]))[0], { status: "rejected" });
  const third = offline("kiosk-3", 2);
  const [both] = await uploadAs("kiosk-3", [third]);
  t.deepEqual(
    both?.conflictWith,
    [party(first), party(second)],
    "a conflict counts; a refusal used no units and is not named",
  );

  const voided = await call(url, `/v1/redemptions/${first.id}/void`, {
    token: tokens.get("kiosk-1") ?? "",
    body: { reason: "客人改期", clerkId: "c1", pin: "246810", at: now.toISOString() },
  });
  t.like(voided.body, { status: "voided", ticket: { redeemedUnits: 5 } });
  const fourth = offline("kiosk-1", 1);
  const [afterVoid] = await uploadAs("kiosk-1", [fourth]);
  t.deepEqual(afterVoid?.conflictWith, [party(second), party(third)], "a voided redemption holds no units");

  const expiredOffline = redemption({ ticketCode: "TK-EXPIRED", deviceId: "kiosk-2", offline: true });
  const expiredOnline = redemption({ ticketCode: "TK-EXPIRED", deviceId: "kiosk-2" });
  await uploadAs("kiosk-2", [expiredOffline, expiredOnline]);

  const admin = await central.adminToken();
  const listed = v.parse(
    conflictsPageSchema,
    (await call(url, "/v1/admin/conflicts?store=store-a", { token: admin })).body,
  );
  t.deepEqual(
    listed.conflicts.map((record) => [record.redemption.id, record.status, record.reason, record.devices]),
    [
      [second.id, "conflict", "fully_redeemed", ["kiosk-2", "kiosk-1"]],
      [third.id, "conflict", "fully_redeemed", ["kiosk-3", "kiosk-1", "kiosk-2"]],
      [fourth.id, "conflict", "fully_redeemed", ["kiosk-1", "kiosk-2", "kiosk-3"]],
      [expiredOffline.id, "rejected", "expired", ["kiosk-2"]],
    ],
    "conflicts and offline refusals, oldest first; online refusals are ordinary",
  );
  t.deepEqual(listed.conflicts[0]?.conflictWith, [party(first)]);
  t.false(listed.hasMore);
  const storeB = v.parse(
    conflictsPageSchema,
    (await call(url, "/v1/admin/conflicts?store=store-b", { token: admin })).body,
  );
  t.deepEqual(storeB.conflicts, []);
  const conflictsPage = async (query: string) =>
    v.parse(conflictsPageSchema, (await call(url, `/v1/admin/conflicts?${query}`, { token: admin })).body);
  const firstPage = await conflictsPage("limit=1");
  t.true(firstPage.hasMore);
  const nextPage = await conflictsPage(`limit=3&cursor=${firstPage.cursor}`);
  t.deepEqual(
    [firstPage, nextPage].map((page) => page.conflicts.map((record) => record.redemption.id)),
    [[second.id], [third.id, fourth.id, expiredOffline.id]],
  );
});

test("the device list shows each device's last heartbeat with the server's time, its store and revocation", async (t) => {
  let clockMs = now.getTime();
  const central = await startCentral(t, { clock: () => new Date(clockMs) });
  const { url } = central;
  const admin = await central.adminToken();
  const kiosk1 = await central.tokenFor("kiosk-1", "store-a");
  const kioskB = await central.tokenFor("kiosk-b", "store-b");
  const kiosk2 = await central.tokenFor("kiosk-2", "store-a");
  // Commit times strictly increase while the clock stands still: the import took now + 0 ms, the
  // admin token + 1, then kiosk-1 + 2, kiosk-b + 3, kiosk-2 + 4.
  const issuedAt = (ms: number) => new Date(now.getTime() + ms).toISOString();

  const backlog = heartbeat({ pendingSync: 37, oldestPendingAgeS: 5400, online: false, exceptions: 2 });
  t.deepEqual(await call(url, "/v1/heartbeat", { token: kiosk1, body: backlog }), {
    status: 200,
    body: { ok: true },
  });
  clockMs += 60_000;
  const caughtUp = heartbeat({ version: "0.2.0", deviceTime: "2020-01-01T00:00:00.000Z" });
  await call(url, "/v1/heartbeat", { token: kiosk1, body: caughtUp });
  await call(url, "/v1/heartbeat", { token: kioskB, body: backlog });
  t.like(await call(url, "/v1/heartbeat", { token: kiosk1, body: { ...caughtUp, pendingSync: -1 } }), {
    status: 400,
  });
  t.like(await call(url, "/v1/heartbeat", { token: admin, body: caughtUp }), { status: 403 });

  t.deepEqual(await call(url, "/v1/admin/devices/kiosk-2/revoke", { token: admin, body: {} }), {
    status: 200,
    body: { revoked: 1 },
  });
  t.is((await call(url, "/v1/tickets", { token: kiosk2 })).status, 403);
  await central.tokenFor("kiosk-1", "store-b"); // kiosk-1 moves to store-b

  const restarted = await central.restart();
  const { devices } = v.parse(
    deviceListSchema,
    (await call(restarted.url, "/v1/admin/devices", { token: admin })).body,
  );
  const seenAt = new Date(clockMs).toISOString();
  t.deepEqual(devices, [
    {
      deviceId: "kiosk-1",
      storeId: "store-b",
      createdAt: issuedAt(2),
      revoked: false,
      lastSeenAt: seenAt,
      heartbeat: caughtUp,
    },
    {
      deviceId: "kiosk-2",
      storeId: "store-a",
      createdAt: issuedAt(4),
      revoked: true,
      lastSeenAt: null,
      heartbeat: null,
    },
    {
      deviceId: "kiosk-b",
      storeId: "store-b",
      createdAt: issuedAt(3),
      revoked: false,
      lastSeenAt: seenAt,
      heartbeat: backlog,
    },
  ]);
});

test("a kiosk gets its own store's clerks with PIN hashes sealed under its key, never PINs; a changed clerk gets a new updatedAt", async (t) => {
  let clockMs = now.getTime();
  const central = await startCentral(t, { clock: () => new Date(clockMs) });
  const { url } = central;
  const { token: storeA, pinKey } = await central.deviceFor("kiosk-1", "store-a");
  const storeB = await central.tokenFor("kiosk-b", "store-b");
  const key = parsePinKey(pinKey) ?? Buffer.alloc(0);
  const hashOf = (clerk: Clerk | undefined) =>
    clerk === undefined ? "" : (openVerifier(key, clerk.id, clerk.pinVerifier) ?? "");

  const answer = await fetch(`${url}/v1/clerks`, { headers: { authorization: `Bearer ${storeA}` } });
  const text = await answer.text();
  const { clerks } = v.parse(clerkListSchema, JSON.parse(text));
  t.deepEqual(
    clerks.map(({ id, name, role }) => [id, name, role]),
    [
      ["c1", "王小明", "supervisor"],
      ["c2", "李小華", "redeem"],
    ],
  );
  t.false(text.includes("246810") || text.includes("1357"), "no PIN in clear");
  t.true(await verifyPin("246810", hashOf(clerks[0])));
  t.true(await verifyPin("1357", hashOf(clerks[1])));
  const fromB = v.parse(clerkListSchema, (await call(url, "/v1/clerks", { token: storeB })).body);
  t.deepEqual(
    fromB.clerks.map((clerk) => clerk.id),
    ["c9"],
  );
  t.is((await call(url, "/v1/clerks")).status, 401);

  clockMs += 3_600_000;
  await central.service.importDocument(catalogue());
  const again = v.parse(clerkListSchema, (await call(url, "/v1/clerks", { token: storeA })).body);
  t.deepEqual(
    again.clerks.map((clerk) => [clerk.updatedAt, hashOf(clerk)]),
    clerks.map((clerk) => [clerk.updatedAt, hashOf(clerk)]),
    "the same import changes no clerk",
  );

  const promoted = catalogue();
  // A supervisor's PIN has at least 6 digits (central/pinPolicy.ts): the promotion comes with one.
  Object.assign(promoted.clerks[1] ?? {}, { role: "supervisor", pin: "135790" });
  await central.service.importDocument(promoted);
  const after = v.parse(clerkListSchema, (await call(url, "/v1/clerks", { token: storeA })).body);
  t.is(after.clerks[0]?.updatedAt, clerks[0]?.updatedAt);
  t.like(after.clerks[1], { id: "c2", role: "supervisor" });
  t.true(await verifyPin("135790", hashOf(after.clerks[1])));
  t.true(Date.parse(after.clerks[1]?.updatedAt ?? "") >= clockMs);
});

test("admin redemptions: every store's records oldest first, page by page, by store and by time; voids show", async (t) => {
  let clockMs = now.getTime();
  const central = await startCentral(t, { clock: () => new Date(clockMs) });
  const { url } = central;
  const admin = await central.adminToken();
  const tokenA = await central.tokenFor("kiosk-1", "store-a");
  const tokenB = await central.tokenFor("kiosk-b", "store-b");
  const sent: string[] = [];
  let midway = "";
  for (let index = 0; index < 7; index += 1) {
    const inB = index % 3 === 2;
    const entry = inB
      ? redemption({ ticketCode: "TK-B-ONLY", deviceId: "kiosk-b", storeId: "store-b" })
      : redemption({ ticketCode: "TK-FIVE" });
    if (index === 4) midway = new Date(clockMs).toISOString();
    await call(url, "/v1/redemptions", { token: inB ? tokenB : tokenA, body: { redemptions: [entry] } });
    sent.push(entry.id);
    clockMs += 1000;
  }
  await call(url, `/v1/redemptions/${sent[0]}/void`, {
    token: tokenA,
    body: { reason: "客人改期", clerkId: "c1", pin: "246810", at: new Date(clockMs).toISOString() },
  });

  const pages: string[][] = [];
  const cursors: number[] = [];
  let cursor = "0";
  for (;;) {
    const page = v.parse(
      adminRedemptionsPageSchema,
      (await call(url, `/v1/admin/redemptions?limit=3&cursor=${cursor}`, { token: admin })).body,
    );
    pages.push(page.redemptions.map((record) => record.redemption.id));
    cursors.push(Number(page.cursor));
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  t.deepEqual(pages, [sent.slice(0, 3), sent.slice(3, 6), sent.slice(6)]);
  t.deepEqual(cursors, [3, 6, 7]);
  const empty = v.parse(
    adminRedemptionsPageSchema,
    (await call(url, `/v1/admin/redemptions?cursor=${cursor}`, { token: admin })).body,
  );
  t.deepEqual(empty, { redemptions: [], cursor, hasMore: false }, "nothing new since the last cursor");

  const all = v.parse(
    adminRedemptionsPageSchema,
    (await call(url, "/v1/admin/redemptions", { token: admin })).body,
  );
  t.like(all.redemptions[0], { status: "accepted", voided: { reason: "客人改期", clerkId: "c1" } });
  const storeB = v.parse(
    adminRedemptionsPageSchema,
    (await call(url, "/v1/admin/redemptions?store=store-b", { token: admin })).body,
  );
  t.deepEqual(
    storeB.redemptions.map((record) => record.redemption.id),
    [sent[2], sent[5]],
  );
  const since = v.parse(
    adminRedemptionsPageSchema,
    (
      await call(url, `/v1/admin/redemptions?store=store-a&since=${encodeURIComponent(midway)}`, {
        token: admin,
      })
    ).body,
  );
  t.deepEqual(
    since.redemptions.map((record) => record.redemption.id),
    [sent[4], sent[6]],
  );
  for (const query of ["limit=0", "limit=1001", "cursor=abc", "since=yesterday"]) {
    t.like(await call(url, `/v1/admin/redemptions?${query}`, { token: admin }), { status: 400 }, query);
  }
});

test("a back office imports a catalogue over HTTP; a bad one is refused whole with every problem", async (t) => {
  const central = await startCentral(t, { importCatalogue: false });
  const { url } = central;
  const admin = await central.adminToken();
  const imported = await call(url, "/v1/admin/import", { token: admin, body: catalogue() });
  t.like(imported, {
    status: 200,
    body: {
      summary: { stores: { created: 2 }, clerks: { created: 3 }, tickets: { created: 5 } },
      warnings: [],
    },
  });
  const device = await central.tokenFor("kiosk-1", "store-a");
  t.like(await call(url, "/v1/tickets/TK-FIVE", { token: device }), { status: 200 });
  t.like(await call(url, "/v1/admin/import", { token: device, body: catalogue() }), { status: 403 });

  const bad = catalogue();
  Object.assign(bad.orders[0]?.tickets[0] ?? {}, { totalUnits: 0 });
  Object.assign(bad.clerks[0] ?? {}, { pin: "12" });
  const refused = await call<{ error: { code: string }; problems: { location: string }[] }>(
    url,
    "/v1/admin/import",
    { token: admin, body: bad },
  );
  t.is(refused.status, 400);
  t.is(refused.body.error.code, "invalid_import");
  t.deepEqual(
    refused.body.problems.map((problem) => problem.location),
    ["clerks[0].pin", "orders[0].tickets[0].totalUnits"],
  );
  t.like(await call(url, "/v1/admin/import", { token: admin, body: "{not json" }), { status: 400 });
});
