import { randomUUID } from "node:crypto";
import { request } from "node:http";
import test from "ava";
import { ledgerStoreAt } from "../../../central/store/storeLocation.js";
import type { Ticket } from "../../../device/domain.js";
import type { ServerRedemption } from "../../../device/ports/wire.js";
import { call, catalogue, now, redemption, startCentral, upload } from "../../helpers/centralHarness.js";

interface Page {
  tickets: Ticket[];
  cursor: string;
  hasMore: boolean;
}

async function allPages(
  url: string,
  token: string,
  since: string,
  limit: number,
): Promise<{ pages: Page[]; cursor: string }> {
  const pages: Page[] = [];
  let cursor = since;
  for (;;) {
    const answer = await call<Page>(url, `/v1/tickets?since=${cursor}&limit=${limit}`, { token });
    if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
    pages.push(answer.body);
    cursor = answer.body.cursor;
    if (!answer.body.hasMore) return { pages, cursor };
  }
}

async function ticketOf(url: string, token: string, code: string): Promise<Ticket> {
  const answer = await call<Ticket>(url, `/v1/tickets/${code}`, { token });
  if (answer.status !== 200) throw new Error(`${code}: ${answer.status}`);
  return answer.body;
}

test("health answers without a token", async (t) => {
  const { url } = await startCentral(t, { importCatalogue: false });
  t.deepEqual(await call(url, "/v1/health"), { status: 200, body: { ok: true } });
});

test("no token, an unknown token and a revoked token are refused; a revoked device's new token works", async (t) => {
  const central = await startCentral(t);
  const { url } = central;
  const missing = await call(url, "/v1/tickets");
  t.is(missing.status, 401);
  t.like(missing.body, { error: { code: "unauthorized" } });
  t.is((await call(url, "/v1/tickets", { token: "ctk_not-a-real-token" })).status, 401);

  const token = await central.tokenFor("kiosk-1", "store-a");
  t.is((await call(url, "/v1/tickets", { token })).status, 200);
  const revoke = await adminPost(central.service.socketPath, "/admin/tokens/revoke", { deviceId: "kiosk-1" });
  t.deepEqual(revoke, { status: 200, body: { revoked: 1 } });
  const refused = await call(url, "/v1/tickets", { token });
  t.is(refused.status, 403);
  t.like(refused.body, { error: { code: "token_revoked" } });
  t.is((await call(url, "/v1/tickets", { token: await central.tokenFor("kiosk-1", "store-a") })).status, 200);
  t.false(central.logText().includes(token), "tokens never reach the log");
});

test("unknown paths, wrong methods, bad bodies and oversized bodies get the error shape", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  const { url } = central;
  t.like(await call(url, "/v1/nothing-here", { token }), {
    status: 404,
    body: { error: { code: "not_found" } },
  });
  const wrongMethod = await fetch(`${url}/v1/health`, { method: "DELETE" });
  t.is(wrongMethod.status, 405);
  t.is(wrongMethod.headers.get("allow"), "GET");
  t.like(await call(url, "/v1/redemptions", { token, body: "{not json" }), {
    status: 400,
    body: { error: { code: "bad_json" } },
  });
  const invalid = await call(url, "/v1/redemptions", { token, body: { redemptions: [{ id: "x" }] } });
  t.is(invalid.status, 400);
  t.like(invalid.body, { error: { code: "invalid_body" } });
  t.like(await call(url, "/v1/redemptions", { token, body: [] }), {
    status: 400,
    body: { error: { code: "invalid_body", message: "expected an object, received a list" } },
  });
  const tooMany = Array.from({ length: 201 }, () => redemption());
  t.is((await call(url, "/v1/redemptions", { token, body: { redemptions: tooMany } })).status, 400);
  const huge = { redemptions: [redemption()], padding: "x".repeat(1024 * 1024) };
  t.like(await call(url, "/v1/redemptions", { token, body: huge }), {
    status: 413,
    body: { error: { code: "body_too_large" } },
  });
  t.like(await call(url, "/v1/tickets?limit=5001", { token }), { status: 400 });
  t.like(await call(url, "/v1/tickets?since=abc", { token }), { status: 400 });
});

test("ticket pages are scoped to the device's store, in rev order, and the cursor always advances", async (t) => {
  const central = await startCentral(t);
  const { url } = central;
  const tokenA = await central.tokenFor("kiosk-1", "store-a");
  const tokenB = await central.tokenFor("kiosk-b", "store-b");

  const { pages, cursor } = await allPages(url, tokenA, "0", 2);
  const codes = pages.flatMap((page) => page.tickets.map((ticket) => ticket.code));
  t.deepEqual(codes, ["TK-FIVE", "TK-ONE-LEFT", "TK-ANYWHERE", "TK-EXPIRED"], "import order is rev order");
  const cursors = pages.map((page) => Number(page.cursor));
  t.deepEqual(
    cursors,
    [...cursors].sort((a, b) => a - b),
  );
  t.is(new Set(cursors).size, cursors.length, "every page moves the cursor");
  const storeB = (await allPages(url, tokenB, "0", 1000)).pages.flatMap((page) =>
    page.tickets.map((ticket) => ticket.code),
  );
  t.deepEqual(storeB, ["TK-ANYWHERE", "TK-B-ONLY"]);

  const first = await ticketOf(url, tokenA, "TK-FIVE");
  t.like(first, {
    orderNumber: "#100231",
    orderCreatedAt: "2026-11-20T10:02:00+08:00",
    customer: { name: "陳怡君" },
  });
  t.is(
    (await call(url, "/v1/tickets/TK-B-ONLY", { token: tokenA })).status,
    404,
    "another store's ticket is not there",
  );
  t.is((await call(url, "/v1/tickets/TK-NOPE", { token: tokenA })).status, 404);

  const [accepted] = await upload(url, tokenA, [redemption({ quantity: 2 })]);
  t.like(accepted, { status: "accepted", ticket: { code: "TK-FIVE", redeemedUnits: 2 } });
  const changed = await allPages(url, tokenA, cursor, 1000);
  const after = changed.pages.flatMap((page) => page.tickets);
  t.deepEqual(
    after.map((ticket) => [ticket.code, ticket.redeemedUnits]),
    [["TK-FIVE", 2]],
  );
  t.true(Date.parse(after[0]?.updatedAt ?? "") > Date.parse(first.updatedAt), "updatedAt moved forward");
  t.deepEqual(
    (await allPages(url, tokenB, changed.cursor, 1000)).pages[0]?.tickets,
    [],
    "store-b saw nothing new",
  );
});

test("accepted, duplicate with the original verdict, id_reused, online rejection and offline conflict", async (t) => {
  const central = await startCentral(t);
  const { url } = central;
  const token = await central.tokenFor("kiosk-1", "store-a");

  const first = redemption({ ticketCode: "TK-ONE-LEFT" });
  t.like((await upload(url, token, [first]))[0], {
    id: first.id,
    status: "accepted",
    ticket: { redeemedUnits: 3 },
  });

  const [replay, replayOffline, reused] = await upload(url, token, [
    first,
    { ...first, offline: true },
    { ...first, quantity: 2 },
  ]);
  t.like(replay, { status: "duplicate", original: "accepted", ticket: { redeemedUnits: 3 } });
  t.like(
    replayOffline,
    { status: "duplicate", original: "accepted" },
    "offline only says how the kiosk decided",
  );
  t.like(reused, { status: "rejected", reason: "id_reused" });

  const online = redemption({ ticketCode: "TK-ONE-LEFT" });
  const offline = redemption({ ticketCode: "TK-ONE-LEFT", offline: true, quantity: 2 });
  const offlineExpired = redemption({ ticketCode: "TK-EXPIRED", offline: true });
  const [refused, conflict, expired] = await upload(url, token, [online, offline, offlineExpired]);
  t.like(refused, { status: "rejected", reason: "fully_redeemed", ticket: { redeemedUnits: 3 } });
  t.like(conflict, {
    status: "conflict",
    reason: "fully_redeemed",
    ticket: { redeemedUnits: 5, totalUnits: 3 },
  });
  t.like(expired, { status: "rejected", reason: "expired", ticket: { redeemedUnits: 0 } });
  t.like((await upload(url, token, [online]))[0], {
    status: "duplicate",
    original: "rejected",
    reason: "fully_redeemed",
  });
  t.like((await upload(url, token, [offline]))[0], { status: "duplicate", original: "conflict" });

  const decisions = central.logs.filter((line) => line.event === "verdict");
  t.true(
    decisions.some(
      (line) => line.id === offline.id && line.outcome === "conflict" && line.code === "*******LEFT",
    ),
  );
  t.false(central.logText().includes("TK-ONE-LEFT"), "codes are masked in the log");
});

test("an upload's entries of one ticket are judged in its order, whatever the other tickets do; answers keep the order", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  const entries = Array.from({ length: 10 }, (_, n) =>
    redemption({ ticketCode: n % 3 === 0 ? "TK-ONE-LEFT" : "TK-FIVE", offline: true }),
  );
  const first = entries[0];
  if (first === undefined) throw new Error("no entries");
  const results = await upload(central.url, token, [...entries, first]);
  t.deepEqual(
    results.map((result) => result.id),
    [...entries, first].map((entry) => entry.id),
  );
  const statusOf = (code: string) =>
    entries.flatMap((entry, n) => (entry.ticketCode === code ? [results[n]?.status] : []));
  t.deepEqual(statusOf("TK-ONE-LEFT"), ["accepted", "conflict", "conflict", "conflict"]);
  t.deepEqual(statusOf("TK-FIVE"), ["accepted", "accepted", "accepted", "accepted", "accepted", "conflict"]);
  const five = entries.filter((entry) => entry.ticketCode === "TK-FIVE");
  t.like(
    results[entries.indexOf(five[5] ?? first)],
    { status: "conflict", conflictWith: five.slice(0, 5).map(({ id }) => ({ id })) },
    "the conflict names the five before it, in order",
  );
  t.like(results[entries.length], { status: "duplicate", original: "accepted" });
});

test("a synchronised clock's old event is judged when it happened; an unsynchronised one at the server's now", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  const beforeExpiry = "2026-11-25T12:00:00+08:00";
  const [late, untrusted] = await upload(central.url, token, [
    redemption({ ticketCode: "TK-EXPIRED", redeemedAt: beforeExpiry, clockSynced: true, offline: true }),
    redemption({ ticketCode: "TK-EXPIRED", redeemedAt: beforeExpiry, clockSynced: false, offline: true }),
  ]);
  t.like(late, { status: "accepted", ticket: { redeemedUnits: 1 } });
  t.like(untrusted, { status: "rejected", reason: "expired" });
});

test("an upload with an entry of another device or store is refused whole (403), and wrong-store tickets are refused", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  for (const stranger of [redemption({ storeId: "store-b" }), redemption({ deviceId: "kiosk-2" })]) {
    const fine = redemption({ ticketCode: "TK-FIVE" });
    const refused = await call(central.url, "/v1/redemptions", {
      token,
      body: { redemptions: [fine, stranger] },
    });
    t.is(refused.status, 403);
    t.like(refused.body, { error: { code: "scope_mismatch" } });
    t.regex(
      JSON.stringify(refused.body),
      /this token is for device kiosk-1 of store store-a, not device kiosk-[12] of store store-[ab]/,
    );
  }
  const headers = { "x-device-id": "kiosk-1", "x-store-id": "store-b" };
  const download = await call(central.url, "/v1/tickets", { token, headers });
  t.is(download.status, 403, "a kiosk configured for another store downloads nothing");
  t.like(download.body, { error: { code: "scope_mismatch" } });
  const [wrongStore] = await upload(central.url, token, [redemption({ ticketCode: "TK-B-ONLY" })]);
  t.like(wrongStore, { status: "rejected", reason: "wrong_store" });
  t.is(wrongStore?.ticket, undefined, "another store's ticket is not sent");
  t.is((await ticketOf(central.url, token, "TK-FIVE")).redeemedUnits, 0);
});

test("20 kiosks racing online for the last unit: exactly one is accepted", async (t) => {
  const central = await startCentral(t);
  const tokens = await Promise.all(
    Array.from({ length: 4 }, (_, index) => central.tokenFor(`kiosk-${index + 1}`, "store-a")),
  );
  const entries = Array.from({ length: 20 }, (_, index) => {
    const deviceId = `kiosk-${(index % 4) + 1}`;
    return { token: tokens[index % 4] ?? "", entry: redemption({ ticketCode: "TK-ONE-LEFT", deviceId }) };
  });
  const results = await Promise.all(entries.map(({ token, entry }) => upload(central.url, token, [entry])));
  const statuses = results.map(([result]) => `${result?.status}/${result?.reason ?? ""}`);
  t.is(statuses.filter((status) => status === "accepted/").length, 1);
  t.is(statuses.filter((status) => status === "rejected/fully_redeemed").length, 19);
  t.is((await ticketOf(central.url, tokens[0] ?? "", "TK-ONE-LEFT")).redeemedUnits, 3);
});

test("an abandoned void of an unknown id leaves a tombstone: the late upload is refused cancelled", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  const lost = redemption({ quantity: 2 });
  const abandon = { reason: "abandoned", at: now.toISOString() };
  const voidPath = `/v1/redemptions/${lost.id}/void`;
  t.deepEqual(await call(central.url, voidPath, { token, body: abandon }), {
    status: 200,
    body: { id: lost.id, status: "cancelled" },
  });
  t.like(await call(central.url, voidPath, { token, body: abandon }), {
    status: 200,
    body: { status: "duplicate" },
  });
  t.like((await upload(central.url, token, [lost]))[0], {
    status: "rejected",
    reason: "cancelled",
    ticket: { redeemedUnits: 0 },
  });
  t.like((await upload(central.url, token, [lost]))[0], { status: "rejected", reason: "cancelled" });

  const history = await call<{ redemptions: ServerRedemption[] }>(
    central.url,
    "/v1/redemptions?ticket=TK-FIVE",
    { token },
  );
  t.deepEqual(
    history.body.redemptions.map((record) => [record.redemption.id, record.status]),
    [[lost.id, "cancelled"]],
  );
});

test("voids give units back once; clerk voids need a supervisor of the store; other stores get 403", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  const tokenB = await central.tokenFor("kiosk-b", "store-b");
  const taken = redemption({ quantity: 3 });
  const mistaken = redemption({ quantity: 1 });
  await upload(central.url, token, [taken, mistaken]);
  const at = now.toISOString();

  const abandoned = await call(central.url, `/v1/redemptions/${taken.id}/void`, {
    token,
    body: { reason: "abandoned", at },
  });
  t.like(abandoned, { status: 200, body: { status: "voided", ticket: { redeemedUnits: 1 } } });
  t.like(
    await call(central.url, `/v1/redemptions/${taken.id}/void`, { token, body: { reason: "abandoned", at } }),
    {
      body: { status: "duplicate", ticket: { redeemedUnits: 1 } },
    },
  );

  const clerkVoid = (id: string, body: Record<string, unknown>, as = token) =>
    call(central.url, `/v1/redemptions/${id}/void`, { token: as, body: { at, ...body } });
  t.like(await clerkVoid(mistaken.id, { reason: "客人改期" }), { status: 400 });
  t.like(await clerkVoid(mistaken.id, { reason: "客人改期", clerkId: "c9", pin: "999999" }), {
    status: 200,
    body: { status: "rejected", reason: "not_permitted" },
  });
  t.like(await clerkVoid(randomUUID(), { reason: "客人改期", clerkId: "c1", pin: "246810" }), {
    status: 404,
  });
  t.like(await clerkVoid(mistaken.id, { reason: "客人改期", clerkId: "c9", pin: "999999" }, tokenB), {
    status: 403,
  });
  t.like(await clerkVoid(mistaken.id, { reason: "客人改期", clerkId: "c1", pin: "246810" }), {
    status: 200,
    body: { status: "voided", ticket: { redeemedUnits: 0 } },
  });
  t.like(await clerkVoid("not-a-uuid", { reason: "客人改期", clerkId: "c1", pin: "246810" }), {
    status: 400,
  });

  const history = await call<{ redemptions: ServerRedemption[] }>(
    central.url,
    "/v1/redemptions?ticket=TK-FIVE",
    { token },
  );
  t.deepEqual(
    history.body.redemptions.map((record) => [
      record.redemption.id,
      record.status,
      record.voided?.reason,
      record.voided?.clerkId,
    ]),
    [
      [taken.id, "accepted", "abandoned", undefined],
      [mistaken.id, "accepted", "客人改期", "c1"],
    ],
  );
  const later = await call<{ redemptions: ServerRedemption[] }>(
    central.url,
    `/v1/redemptions?ticket=TK-FIVE&since=${encodeURIComponent("2026-11-28T00:00:00+08:00")}`,
    { token },
  );
  t.deepEqual(later.body.redemptions, [], "since filters on when the server received them");
  const fromB = await call<{ redemptions: ServerRedemption[] }>(
    central.url,
    "/v1/redemptions?ticket=TK-FIVE",
    {
      token: tokenB,
    },
  );
  t.deepEqual(fromB.body.redemptions, [], "another store's records are not listed");
});

test("importing the same catalogue again changes nothing; a changed ticket keeps its kiosk units", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  await upload(central.url, token, [redemption({ quantity: 2 })]);
  const { cursor } = await allPages(central.url, token, "0", 1000);
  const before = await ticketOf(central.url, token, "TK-FIVE");

  const again = await central.service.importDocument(catalogue());
  t.like(again, {
    ok: true,
    summary: {
      stores: { created: 0, updated: 0, unchanged: 2 },
      clerks: { created: 0, updated: 0, unchanged: 3 },
      orders: { created: 0, updated: 0, unchanged: 2 },
      tickets: { created: 0, updated: 0, unchanged: 5 },
    },
  });
  t.deepEqual((await call<Page>(central.url, `/v1/tickets?since=${cursor}`, { token })).body, {
    tickets: [],
    cursor,
    hasMore: false,
  });
  t.deepEqual(await ticketOf(central.url, token, "TK-FIVE"), before);

  const changed = catalogue();
  const five = changed.orders[0]?.tickets[0];
  if (five === undefined) throw new Error("fixture");
  Object.assign(five, { totalUnits: 10, redeemedUnits: 1 });
  t.like(await central.service.importDocument(changed), {
    ok: true,
    summary: { tickets: { updated: 1, unchanged: 4 } },
  });
  const page = (await call<Page>(central.url, `/v1/tickets?since=${cursor}`, { token })).body;
  t.deepEqual(
    page.tickets.map((ticket) => [ticket.code, ticket.totalUnits, ticket.redeemedUnits]),
    [["TK-FIVE", 10, 3]],
    "imported 1 + kiosk 2",
  );
});

test("a first page's total is the store's ticket count, and follows an import that adds a ticket", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  type Page = { tickets: Ticket[]; total?: number };
  const firstTotal = async () => (await call<Page>(central.url, "/v1/tickets?limit=1", { token })).body.total;
  const before = await firstTotal();
  t.true(typeof before === "number" && before > 0);
  t.is(await firstTotal(), before, "counted once, the same for the next kiosk");

  const grown = catalogue();
  const order = grown.orders[0];
  const ticket = order?.tickets[0];
  if (order === undefined || ticket === undefined) throw new Error("fixture");
  order.tickets.push({ ...ticket, code: "TK-ADDED", storeIds: ["store-a"] });
  t.like(await central.service.importDocument(grown), { ok: true });
  t.is(await firstTotal(), (before ?? 0) + 1);
});

test("a restart keeps tickets, records, tokens, tombstones and the change sequence", async (t) => {
  let clock = now.getTime();
  const central = await startCentral(t, { clock: () => new Date(clock) });
  const token = await central.tokenFor("kiosk-1", "store-a");
  const kept = redemption();
  const abandonedId = randomUUID();
  await upload(central.url, token, [kept]);
  await call(central.url, `/v1/redemptions/${abandonedId}/void`, {
    token,
    body: { reason: "abandoned", at: now.toISOString() },
  });
  const { cursor } = await allPages(central.url, token, "0", 1000);
  const before = await ticketOf(central.url, token, "TK-FIVE");

  clock -= 60_000; // the clock steps back across the restart
  const restarted = await central.restart();
  t.deepEqual(await ticketOf(restarted.url, token, "TK-FIVE"), before);
  t.like((await upload(restarted.url, token, [kept]))[0], { status: "duplicate", original: "accepted" });
  t.like((await upload(restarted.url, token, [redemption({ id: abandonedId })]))[0], { reason: "cancelled" });
  const [next] = await upload(restarted.url, token, [redemption()]);
  t.like(next, { status: "accepted", ticket: { redeemedUnits: 2 } });
  t.true(
    Date.parse(next?.ticket?.updatedAt ?? "") > Date.parse(before.updatedAt),
    "updatedAt still increases",
  );
  const page = (await call<Page>(restarted.url, `/v1/tickets?since=${cursor}`, { token })).body;
  t.deepEqual(
    page.tickets.map((ticket) => ticket.code),
    ["TK-FIVE"],
  );
  t.true(Number(page.cursor) > Number(cursor));
});

test("stop and start are idempotent, and a stopped service closes its port and socket", async (t) => {
  const central = await startCentral(t, { importCatalogue: false });
  await central.service.start();
  t.deepEqual(await central.service.listen({ host: "127.0.0.1", port: 0 }), { url: central.url });
  await central.service.stop();
  await central.service.stop();
  await t.throwsAsync(fetch(`${central.url}/v1/health`));
  await t.throwsAsync(
    adminPost(central.service.socketPath, "/admin/tokens", { deviceId: "k", storeId: "s" }),
  );
});

function adminPost(
  socketPath: string | undefined,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const outgoing = request(
      { socketPath, path, method: "POST", headers: { "content-type": "application/json" } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
          }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(text);
  });
}

test("unknown clerks: an online redemption and a void are refused unknown_clerk; an offline redemption stands, flagged on the conflicts list", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  const online = redemption({ clerkId: "c-gone" });
  const otherStores = redemption({ clerkId: "c9" });
  const offline = redemption({ clerkId: "c-gone", offline: true });
  const known = redemption({ clerkId: "c2" });
  const results = await upload(central.url, token, [online, otherStores, offline, known]);
  t.deepEqual(
    results.map((result) => [result.status, result.reason]),
    [
      ["rejected", "unknown_clerk"],
      ["rejected", "unknown_clerk"],
      ["accepted", undefined],
      ["accepted", undefined],
    ],
  );
  t.is((await ticketOf(central.url, token, "TK-FIVE")).redeemedUnits, 2, "the offline one counts");

  const refused = await call(central.url, `/v1/redemptions/${known.id}/void`, {
    token,
    body: { reason: "客人改期", clerkId: "c-gone", pin: "246810", at: now.toISOString() },
  });
  t.like(refused, { status: 200, body: { status: "rejected", reason: "unknown_clerk" } });

  const admin = await central.adminToken();
  const listed = await call<{ conflicts: ServerRedemption[] }>(central.url, "/v1/admin/conflicts", {
    token: admin,
  });
  t.deepEqual(
    listed.body.conflicts.map((record) => [record.redemption.id, record.status, record.flags]),
    [[offline.id, "accepted", ["unknown_clerk"]]],
  );
});

test("a device's own records (journal recover): only its own, in arrival order, page by page, sealed checks never on the wire", async (t) => {
  const central = await startCentral(t);
  const one = await central.tokenFor("kiosk-1", "store-a");
  const two = await central.tokenFor("kiosk-2", "store-a");
  const mine = [redemption(), redemption(), redemption({ ticketCode: "TK-ANYWHERE" })];
  await upload(central.url, one, mine.slice(0, 2));
  await upload(central.url, two, [redemption({ deviceId: "kiosk-2" })]);
  await upload(central.url, one, mine.slice(2));
  type Page = { redemptions: ServerRedemption[]; cursor: string; hasMore: boolean };
  const first = await call<Page>(central.url, "/v1/devices/self/redemptions?limit=2", { token: one });
  t.is(first.status, 200);
  t.true(first.body.hasMore);
  const rest = await call<Page>(central.url, `/v1/devices/self/redemptions?since=${first.body.cursor}`, {
    token: one,
  });
  t.false(rest.body.hasMore);
  const records = [...first.body.redemptions, ...rest.body.redemptions];
  t.deepEqual(
    records.map((record) => record.redemption.id),
    mine.map((r) => r.id),
  );
  t.false(
    records.some((record) => "check" in record),
    "the store's check stays in the store",
  );
  const bad = await call(central.url, "/v1/devices/self/redemptions?since=x", { token: one });
  t.is(bad.status, 400);
});

test("an upload refused whole is kept for the console's exceptions, with its device, store and reason", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  const stranger = redemption({ storeId: "store-b" });
  t.is(
    (await call(central.url, "/v1/redemptions", { token, body: { redemptions: [stranger] } })).status,
    403,
  );
  t.is((await call(central.url, "/v1/redemptions", { token, body: { redemptions: "no" } })).status, 400);
  await central.service.stop();
  const store = await ledgerStoreAt({ kind: "level", dataDir: central.dataDir });
  await store.open();
  t.teardown(() => store.close());
  const { uploads } = await store.refusedUploads({ storeIds: ["store-a"] }, undefined, 10);
  t.deepEqual(
    uploads.map(({ upload }) => [upload.deviceId, upload.storeId, upload.status, upload.code]),
    [
      ["kiosk-1", "store-a", 400, "invalid_body"],
      ["kiosk-1", "store-a", 403, "scope_mismatch"],
    ],
  );
});
