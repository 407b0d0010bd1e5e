import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { CentralStore, type RedemptionRecord } from "../../../central/centralStore.js";
import type { ImportDocument } from "../../../central/importDocument.js";
import { verifyPin } from "../../../central/pinHash.js";
import { makeRedemption, tempDir } from "../../helpers/fixtures.js";

const frozen = new Date("2026-11-27T08:00:00.000Z");

function document(): ImportDocument {
  return {
    stores: [{ id: "store-a", name: "台北信義店" }],
    clerks: [{ id: "c1", name: "王小明", pin: "2468", role: "supervisor", storeIds: ["store-a"] }],
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
  const page = await store.ticketsSince(0, 100, everything);
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
  t.false(JSON.stringify(clerk).includes("2468"), "the PIN is not stored in clear");
  t.true(await verifyPin("2468", clerk?.pinHash ?? ""));
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
  t.deepEqual((await store.ticketsSince(before?.rev ?? 0, 100, everything)).tickets, []);

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

  const page = await store.ticketsSince(before?.rev ?? 0, 100, everything);
  t.deepEqual(
    page.tickets.map((ticket) => ticket.code),
    ["TK-AAAA"],
  );
  t.is((await store.ticketsSince(0, 100, everything)).tickets.length, 2, "the old rev's index entry is gone");
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

test("paging scans a bounded number of revs, skips other stores and says whether more follow", async (t) => {
  const { store } = await openStore(t);
  await store.applyImport(document());
  await store.recordRedemption(accepted("TK-AAAA", 1), 1);
  const onlyB = (ticket: { code: string }) => ticket.code === "TK-BBBB";
  t.like(await store.ticketsSince(0, 1, onlyB), { lastRev: 2, hasMore: true });
  t.deepEqual(
    (await store.ticketsSince(0, 1, onlyB)).tickets.map((ticket) => ticket.code),
    ["TK-BBBB"],
  );
  const rest = await store.ticketsSince(2, 10, onlyB);
  t.deepEqual(rest, { tickets: [], lastRev: 3, hasMore: false }, "the cursor passes other stores' changes");
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

test("a reopened store continues its sequences; a second open of the same directory fails", async (t) => {
  const { store, reopen, location } = await openStore(t);
  await store.applyImport(document());
  const token = await store.issueToken("kiosk-1", "store-a");
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
