import { randomUUID } from "node:crypto";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { CentralStore } from "../../../central/centralStore.js";
import type { ImportDocument } from "../../../central/importDocument.js";
import type { RedemptionRecord } from "../../../central/redemptionRecord.js";
import { verifyPin } from "../../../device/pinHash.js";
import { makeRedemption, tempDir } from "../../helpers/fixtures.js";

const frozen = new Date("2026-11-27T08:00:00.000Z");

function document(): ImportDocument {
  return {
    stores: [{ id: "store-a", name: "台北信義店" }],
    clerks: [{ id: "c1", name: "王小明", pin: "246810", role: "supervisor", storeIds: ["store-a"] }],
    orders: [
      {
        orderNumber: "#100231",
        createdAt: "2026-11-20T10:02:00+08:00",
        customer: { name: "陳怡君", phone: "0912345678" },
        tickets: [
          {
            code: "TK-AAAA",
            productName: "深層按摩 60 分鐘券",
            totalUnits: 5,
            redeemedUnits: 1,
            status: "active",
          },
          {
            code: "TK-BBBB",
            productName: "瑜珈五堂課程卡",
            totalUnits: 5,
            redeemedUnits: 0,
            status: "active",
          },
        ],
      },
    ],
  };
}

/** A store on a temp dir whose clock never moves, closed and removed after the test. */
async function openStore(t: ExecutionContext) {
  const dir = await tempDir("central-store-");
  const location = join(dir.path, "level");
  const stores: CentralStore[] = [];
  const open = async () => {
    const store = new CentralStore(location, () => frozen);
    stores.push(store);
    await store.open();
    return store;
  };
  t.teardown(async () => {
    for (const store of stores) await store.close();
    await dir.remove();
  });
  return { store: await open(), reopen: open, location };
}

const everything = () => true;

function accepted(code: string, quantity: number): RedemptionRecord {
  return {
    redemption: makeRedemption({ ticketCode: code, quantity }),
    status: "accepted",
    receivedAt: frozen.toISOString(),
  };
}

test("an import writes every ticket under its own rev, with the order denormalised onto it", async (t) => {
  const { store } = await openStore(t);
  const summary = await store.applyImport(document());
  t.deepEqual(summary.tickets, { created: 2, updated: 0, unchanged: 0 });
  const page = await store.storeTicketsSince("store-a", 0, 100);
  t.deepEqual(
    page.tickets.map((ticket) => ticket.code),
    ["TK-AAAA", "TK-BBBB"],
  );
  t.is(page.lastRev, 2);
  t.false(page.hasMore);
  t.like(page.tickets[0], {
    orderNumber: "#100231",
    orderCreatedAt: "2026-11-20T10:02:00+08:00",
    customer: { name: "陳怡君", phone: "0912345678" },
    redeemedUnits: 1,
    updatedAt: frozen.toISOString(),
  });
  const clerk = await store.getClerk("c1");
  t.false(JSON.stringify(clerk).includes("246810"), "the PIN is not stored in clear");
  t.true(await verifyPin("246810", clerk?.pinHash ?? ""));
  t.false(await verifyPin("2469", clerk?.pinHash ?? ""));
});

test("the same import again writes nothing and bumps no rev; a change updates only what changed", async (t) => {
  const { store } = await openStore(t);
  await store.applyImport(document());
  await store.recordRedemption(accepted("TK-AAAA", 2), 2);
  const before = await store.getTicket("TK-AAAA");

  const again = await store.applyImport(document());
  t.deepEqual(again, {
    stores: { created: 0, updated: 0, unchanged: 1 },
    clerks: { created: 0, updated: 0, unchanged: 1 },
    orders: { created: 0, updated: 0, unchanged: 1 },
    tickets: { created: 0, updated: 0, unchanged: 2 },
  });
  t.deepEqual(await store.getTicket("TK-AAAA"), before);
  t.deepEqual((await store.storeTicketsSince("store-a", before?.rev ?? 0, 100)).tickets, []);

  const changed = document();
  const [first] = changed.orders[0]?.tickets ?? [];
  if (first === undefined) throw new Error("fixture");
  first.redeemedUnits = 0; // the shop's export no longer counts that unit
  const clerk = changed.clerks[0];
  if (clerk !== undefined) clerk.pin = "1111";
  const summary = await store.applyImport(changed);
  t.deepEqual(summary.tickets, { created: 0, updated: 1, unchanged: 1 });
  t.deepEqual(summary.clerks, { created: 0, updated: 1, unchanged: 0 });
  const after = await store.getTicket("TK-AAAA");
  t.like(after, { importedUnits: 0, ticket: { redeemedUnits: 2 } }, "the kiosk's 2 units stand");
  t.true(await verifyPin("1111", (await store.getClerk("c1"))?.pinHash ?? ""));

  const page = await store.storeTicketsSince("store-a", before?.rev ?? 0, 100);
  t.deepEqual(
    page.tickets.map((ticket) => ticket.code),
    ["TK-AAAA"],
  );
  t.is(
    (await store.storeTicketsSince("store-a", 0, 100)).tickets.length,
    2,
    "the old rev's index entry is gone",
  );
});

test("updatedAt strictly increases even when the clock stands still", async (t) => {
  const { store } = await openStore(t);
  await store.applyImport(document());
  const seen: string[] = [];
  for (let round = 0; round < 3; round += 1) {
    const ticket = await store.recordRedemption(accepted("TK-BBBB", 1), 1);
    seen.push(ticket?.updatedAt ?? "");
  }
  t.deepEqual(
    seen.map((time) => Date.parse(time) - frozen.getTime()),
    [1, 2, 3],
  );
});

test("a store's feed of other stores' tickets pages their ranges in rev order, each ticket once, and reads none of its own", async (t) => {
  const { store } = await openStore(t);
  // More of the store's own tickets than a page of the old scan of every rev looked at (20,000),
  // then tickets of other stores: one of B, one of B and C, one of A and B (a ticket of A's too).
  const own = Array.from({ length: 10_001 }, (_, n) => ({
    orderNumber: `#A${n}`,
    createdAt: "2026-11-20T10:02:00+08:00",
    customer: { name: "陳怡君", phone: "0912345678" },
    tickets: [0, 1].map((k) => ({
      code: `OWN-${n}-${k}`,
      productName: "深層按摩 60 分鐘券",
      totalUnits: 1,
      redeemedUnits: 0,
      status: "active" as const,
      storeIds: ["store-a"],
    })),
  }));
  const stores = ["store-a", "store-b", "store-c"].map((id) => ({ id, name: id }));
  await store.applyImport({ ...document(), stores, orders: own });
  const others = [["store-b"], ["store-b", "store-c"], ["store-a", "store-b"], ["store-c"]];
  await store.applyImport({
    ...document(),
    stores,
    orders: others.map((storeIds, n) => ({
      orderNumber: `#O${n}`,
      createdAt: "2026-11-20T10:02:00+08:00",
      customer: { name: "林志明", phone: "0922333444" },
      tickets: [
        {
          code: `OTHER-${n}`,
          productName: "瑜珈五堂課程卡",
          totalUnits: 1,
          redeemedUnits: 0,
          status: "active" as const,
          storeIds,
        },
      ],
    })),
  });
  const headRev = 20_002 + others.length;
  const first = await store.otherStoreTicketsSince("store-a", 0, 2);
  t.deepEqual(
    first.tickets.map((ticket) => ticket.code),
    ["OTHER-0", "OTHER-1"],
    "the first page holds the other stores' tickets, past 20,002 of its own",
  );
  t.like(first, { lastRev: 20_004, hasMore: true });
  const rest = await store.otherStoreTicketsSince("store-a", first.lastRev, 2);
  t.deepEqual(
    rest.tickets.map((ticket) => ticket.code),
    ["OTHER-3"],
    "a ticket of the store's own and another's is not another store's; the page still moves past it",
  );
  t.deepEqual({ lastRev: rest.lastRev, hasMore: rest.hasMore }, { lastRev: headRev, hasMore: false });
  t.deepEqual(await store.otherStoreTicketsSince("store-a", headRev, 2), {
    tickets: [],
    lastRev: headRev,
    hasMore: false,
  });
  const ofC = await store.otherStoreTicketsSince("store-c", 0, 30_000);
  t.deepEqual(
    ofC.tickets.map((ticket) => ticket.code),
    [...own.flatMap((order) => order.tickets.map((ticket) => ticket.code)), "OTHER-0", "OTHER-2"],
    "store C's others: every store-a ticket and B's, in rev order, OTHER-1 (of C too) left out",
  );
});

test("records are indexed per ticket in arrival order; voids give units back", async (t) => {
  const { store } = await openStore(t);
  await store.applyImport(document());
  const first = accepted("TK-BBBB", 2);
  const refused: RedemptionRecord = {
    ...accepted("TK-BBBB", 9),
    status: "rejected",
    reason: "quantity_exceeds_remaining",
  };
  await store.recordRedemption(first, 2);
  await store.recordRedemption(refused, 0);
  await store.recordRedemption(accepted("TK-AAAA", 1), 1);
  t.deepEqual(
    (await store.redemptionsOfTicket("TK-BBBB")).map((record) => record.redemption.id),
    [first.redemption.id, refused.redemption.id],
  );
  const ticket = await store.voidRedemption(first, { reason: "abandoned", at: frozen.toISOString() });
  t.is(ticket?.redeemedUnits, 0);
  t.like(await store.getRedemption(first.redemption.id), {
    status: "accepted",
    voided: { reason: "abandoned" },
  });
});

test("commits in flight together count every unit of a ticket once, in order, and survive a reopen", async (t) => {
  const { store, reopen } = await openStore(t);
  await store.applyImport(document());
  const records = Array.from({ length: 12 }, (_, n) => accepted(n % 3 === 0 ? "TK-AAAA" : "TK-BBBB", 1));
  const tickets = await Promise.all(records.map((record) => store.recordRedemption(record, 1)));
  t.deepEqual(
    tickets.filter((ticket) => ticket?.code === "TK-AAAA").map((ticket) => ticket?.redeemedUnits),
    [2, 3, 4, 5],
    "each commit read the ticket the one before it wrote",
  );
  await store.close();

  const reopened = await reopen();
  t.deepEqual(
    (await reopened.redemptionsOfTicket("TK-BBBB")).map((record) => record.redemption.id),
    records
      .filter((record) => record.redemption.ticketCode === "TK-BBBB")
      .map((record) => record.redemption.id),
  );
  const page = await reopened.storeTicketsSince("store-a", 0, 100);
  t.deepEqual(
    page.tickets.map((ticket) => [ticket.code, ticket.redeemedUnits]),
    [
      ["TK-AAAA", 5],
      ["TK-BBBB", 8],
    ],
  );
  t.is(page.lastRev, 2 + records.length, "one rev per change, none lost");
});

test("a reopened store continues its sequences; a second open of the same directory fails", async (t) => {
  const { store, reopen, location } = await openStore(t);
  await store.applyImport(document());
  const { token } = await store.issueToken("kiosk-1", "store-a");
  const error = await t.throwsAsync(new CentralStore(location).open());
  t.is((error?.cause as { code?: string } | undefined)?.code, "LEVEL_LOCKED");
  await store.close();

  const reopened = await reopen();
  t.like(await reopened.findToken(token), { deviceId: "kiosk-1", storeId: "store-a", revoked: false });
  const ticket = await reopened.recordRedemption(accepted("TK-AAAA", 1), 1);
  t.is((await reopened.getTicket("TK-AAAA"))?.rev, 3, "revs continue after 1 and 2");
  t.is(ticket?.updatedAt, new Date(frozen.getTime() + 2).toISOString(), "so does the commit clock");
  t.is(await reopened.revokeDevice("kiosk-1"), 1);
  t.like(await reopened.findToken(token), { revoked: true });
});

test("the latest counted records of a ticket come oldest first, filtered, at most the limit", async (t) => {
  const { store } = await openStore(t);
  await store.applyImport(document());
  const records = Array.from({ length: 30 }, () => accepted("TK-AAAA", 1));
  for (const record of records) await store.recordRedemption(record, 1);
  await store.recordRedemption(accepted("TK-BBBB", 1), 1);
  const even = new Set(records.filter((_, index) => index % 2 === 0).map((record) => record.redemption.id));
  const latest = await store.latestOfTicket("TK-AAAA", 5, (record) => even.has(record.redemption.id));
  t.deepEqual(
    latest.map((record) => record.redemption.id),
    [20, 22, 24, 26, 28].map((index) => records[index]?.redemption.id),
  );
  t.deepEqual(await store.latestOfTicket("TK-NONE", 5, everything), []);
});

test("every record is indexed in arrival order and the exceptions apart; pages filter and move the cursor", async (t) => {
  const { store, reopen } = await openStore(t);
  await store.applyImport(document());
  const offline = makeRedemption({ ticketCode: "TK-AAAA", offline: true });
  const sequence: RedemptionRecord[] = [
    accepted("TK-AAAA", 1),
    { redemption: offline, status: "conflict", reason: "fully_redeemed", receivedAt: frozen.toISOString() },
    { ...accepted("TK-BBBB", 1), status: "rejected", reason: "expired" },
    {
      ...accepted("TK-BBBB", 1),
      status: "rejected",
      reason: "expired",
      redemption: { ...offline, id: randomUUID() },
    },
  ];
  for (const record of sequence) await store.recordRedemption(record, 0);
  const ids = (page: { redemptions: RedemptionRecord[] }) =>
    page.redemptions.map((record) => record.redemption.id);

  const first = await store.redemptionsSince(0, 2, everything);
  t.deepEqual(
    ids(first),
    [sequence[0], sequence[1]].map((record) => record?.redemption.id),
  );
  t.like(first, { lastSeq: 2, hasMore: true });
  const rest = await store.redemptionsSince(first.lastSeq, 10, everything);
  t.deepEqual(
    ids(rest),
    [sequence[2], sequence[3]].map((record) => record?.redemption.id),
  );
  t.like(rest, { lastSeq: 4, hasMore: false });

  const exceptions = await store.exceptionsSince(0, 10, everything);
  t.deepEqual(
    ids(exceptions),
    [sequence[1], sequence[3]].map((record) => record?.redemption.id),
  );
  const none = await store.exceptionsSince(0, 10, () => false);
  t.deepEqual(none, { redemptions: [], lastSeq: 4, hasMore: false }, "the cursor passes what was left out");

  await store.close();
  const reopened = await reopen();
  await reopened.recordRedemption(accepted("TK-AAAA", 1), 1);
  t.is((await reopened.redemptionsSince(4, 10, everything)).lastSeq, 5, "the arrival sequence continues");
});

test("heartbeats are kept per device, the last one wins, and they outlive a reopen", async (t) => {
  const { store, reopen } = await openStore(t);
  const status = {
    version: "0.1.0",
    pendingSync: 3,
    oldestPendingAgeS: 60,
    lastSyncAt: null,
    online: false,
    scanner: "connected",
    printer: "ready",
    clockSynced: true,
    exceptions: 0,
    deviceTime: frozen.toISOString(),
  };
  await store.putHeartbeat({
    deviceId: "kiosk-1",
    storeId: "store-a",
    lastSeenAt: "2026-11-27T08:00:00.000Z",
    status,
  });
  await store.putHeartbeat({
    deviceId: "kiosk-1",
    storeId: "store-a",
    lastSeenAt: "2026-11-27T08:01:00.000Z",
    status: { ...status, pendingSync: 0 },
  });
  await store.close();
  const reopened = await reopen();
  t.like(await reopened.heartbeats(), [
    { deviceId: "kiosk-1", lastSeenAt: "2026-11-27T08:01:00.000Z", status: { pendingSync: 0 } },
  ]);
});

test("admin tokens are a kind of their own: revoking them leaves device tokens, and the reverse", async (t) => {
  const { store } = await openStore(t);
  const admin = await store.issueAdminToken();
  const { token: device } = await store.issueToken("kiosk-1", "store-a");
  t.regex(admin, /^cta_/);
  t.like(await store.findToken(admin), { kind: "admin", revoked: false });
  t.is(await store.revokeDevice("kiosk-1"), 1);
  t.like(await store.findToken(admin), { revoked: false });
  t.is(await store.revokeAdminTokens(), 1);
  t.is(await store.revokeAdminTokens(), 0);
  t.like(await store.findToken(admin), { kind: "admin", revoked: true });
  t.deepEqual(
    (await store.deviceTokens()).map((token) => [token.deviceId, token.revoked]),
    [["kiosk-1", true]],
  );
  t.false(JSON.stringify(await store.findToken(device)).includes(device.slice(4)), "only the hash is kept");
});

test("a clerk's updatedAt is the import that changed it; the store's clerks are listed by id", async (t) => {
  let clock = frozen.getTime();
  const dir = await tempDir("central-store-");
  const store = new CentralStore(join(dir.path, "level"), () => new Date(clock));
  t.teardown(async () => {
    await store.close();
    await dir.remove();
  });
  await store.open();
  const withClerks = (role: "redeem" | "supervisor"): ImportDocument => ({
    ...document(),
    clerks: [
      { id: "c2", name: "李小華", pin: "1357", role, storeIds: ["store-a"] },
      { id: "c1", name: "王小明", pin: "246810", role: "supervisor", storeIds: ["store-a"] },
      { id: "c9", name: "林台中", pin: "999999", role: "supervisor", storeIds: ["store-b"] },
    ],
    stores: [...document().stores, { id: "store-b", name: "台中公益店" }],
  });
  await store.applyImport(withClerks("redeem"));
  const first = frozen.toISOString();
  clock += 60_000;
  await store.applyImport(withClerks("redeem"));
  clock += 60_000;
  await store.applyImport(withClerks("supervisor"));
  t.deepEqual(
    (await store.clerksOfStore("store-a")).map((clerk) => [clerk.id, clerk.role, clerk.updatedAt]),
    [
      ["c1", "supervisor", first],
      ["c2", "supervisor", new Date(clock).toISOString()],
    ],
  );
  t.deepEqual(
    (await store.clerksOfStore("store-b")).map((clerk) => clerk.id),
    ["c9"],
  );
});
