/**
 * A ticket of another store (issue 11 item 5): the kiosk's snapshot holds its own store's tickets
 * only, so the code is not in it; the kiosk must say where the ticket may be used (限 台中公益店
 * 使用), not 查無此票券, and learn nothing else of another store's customer — online by asking the
 * central service, offline from other stores' codes downloaded hashed. A real central service on
 * loopback, a real kiosk (journal on disk, the undici client).
 */
import test from "ava";
import { codeHash } from "../../device/ports/wire.js";
import { presentScreen } from "../../ui/presenters.js";
import { call, startCentral } from "../helpers/centralHarness.js";
import { startFaultProxy } from "../helpers/faultProxy.js";
import { startKioskRig } from "../helpers/kioskRig.js";
import { allText } from "../unit/ui/viewLines.js";

test("GET /v1/tickets/:code/stores names the stores of any ticket and nothing else of it", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-a", "store-a");
  const stores = await call(central.url, "/v1/tickets/TK-B-ONLY/stores", { token });
  t.is(stores.status, 200);
  t.deepEqual(stores.body, { stores: [{ id: "store-b", name: "台中公益店" }] });
  t.false(JSON.stringify(stores.body).includes("林志豪"), "no customer of the other store");
  t.is(
    (await call(central.url, "/v1/tickets/TK-B-ONLY", { token })).status,
    404,
    "the ticket itself stays hidden",
  );
  t.is((await call(central.url, "/v1/tickets/TK-NOBODY/stores", { token })).status, 404);
  t.is((await call(central.url, "/v1/tickets/TK-B-ONLY/stores")).status, 401, "a device token is needed");
});

test("online, another store's ticket is refused as wrong_store, with the store it is for", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-a", "store-a");
  const rig = await startKioskRig(t, { centralUrl: central.url, token, deviceId: "kiosk-a" });
  await rig.waitForStatus((status) => status.online && status.lastSyncAt !== null);

  const decision = await rig.redeem("TK-B-ONLY");
  t.like(decision, { outcome: "wrong_store", offline: false, redemption: undefined });
  t.deepEqual(decision.validAt, ["台中公益店"]);
  const screen = allText(
    presentScreen(
      { kind: "result", decision },
      { locale: "zh-TW", now: new Date(), timeZone: "Asia/Taipei", typed: "" },
    ),
  );
  t.regex(screen, /✖ 限 台中公益店 使用/);
  t.false(screen.includes("查無此票券"));

  const unknown = await rig.redeem("TK-NOBODY");
  t.is(unknown.outcome, "not_found", "a code no store has is still not found");
  t.deepEqual(await rig.entries(), [], "nothing journaled for either");
});

test("GET /v1/other-store-codes pages other stores' codes, hashed, with their stores and nothing else", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-a", "store-a");
  const page = await call<{
    codes: { hash: string; storeIds: string[] }[];
    stores: unknown[];
    hasMore: boolean;
  }>(central.url, "/v1/other-store-codes", { token });
  t.is(page.status, 200);
  t.deepEqual(
    page.body.codes,
    [{ hash: codeHash("TK-B-ONLY"), storeIds: ["store-b"] }],
    "not store-a's, nor one for every store",
  );
  t.deepEqual(page.body.stores, [
    { id: "store-a", name: "台北信義店" },
    { id: "store-b", name: "台中公益店" },
  ]);
  t.false(page.body.hasMore);
  const text = JSON.stringify(page.body);
  t.false(text.includes("TK-B-ONLY"), "no code in the clear");
  t.false(text.includes("林志豪"), "no customer");
  const fromB = await call<{ codes: { hash: string }[] }>(central.url, "/v1/other-store-codes", {
    token: await central.tokenFor("kiosk-b", "store-b"),
  });
  t.deepEqual(
    fromB.body.codes.map((code) => code.hash).sort(),
    ["TK-EXPIRED", "TK-FIVE", "TK-ONE-LEFT"].map(codeHash).sort(),
  );
});

test("offline, another store's ticket is still refused as wrong_store, from the codes synced before", async (t) => {
  const central = await startCentral(t);
  const proxy = await startFaultProxy(central.url);
  t.teardown(() => proxy.close());
  const token = await central.tokenFor("kiosk-a", "store-a");
  const rig = await startKioskRig(t, { centralUrl: proxy.url, token, deviceId: "kiosk-a" });
  await rig.waitForStatus((status) => status.online && status.lastSyncAt !== null);

  proxy.refuseAll = true;
  const decision = await rig.redeem("TK-B-ONLY");
  t.like(decision, { outcome: "wrong_store", redemption: undefined });
  t.deepEqual(decision.validAt, ["台中公益店"]);
  t.false(rig.kiosk.status().online, "decided without the central service");
  const unknown = await rig.redeem("TK-NOBODY");
  t.like(
    unknown,
    { outcome: "offline_refused", detail: "not_in_snapshot" },
    "any other code cannot be told offline",
  );
});
