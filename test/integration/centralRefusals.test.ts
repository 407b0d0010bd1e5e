/**
 * What the central service answers when it does not judge a redemption at all, with a real kiosk
 * (real journal, real HTTP client) against the real central service on loopback: only a network
 * failure, a timeout, a 5xx or a 429 means offline. A revoked token refuses redemption, a 400 is
 * shown, and entries the server keeps refusing (a 400 on upload, a refused cancellation) stay open
 * and are listed on 例外清單 instead of closing or retrying unseen.
 */
import test, { type ExecutionContext } from "ava";
import type { ImportDocument } from "../../central/importDocument.js";
import { type Central, startCentral } from "../helpers/centralHarness.js";
import { runCli } from "../helpers/cliProcess.js";
import { type Fault, startFaultProxy } from "../helpers/faultProxy.js";
import { type KioskRig, startKioskRig } from "../helpers/kioskRig.js";

const codes = ["REFUSE-0001", "REFUSE-0002", "REFUSE-0003"];

function catalogue(): ImportDocument {
  return {
    stores: [{ id: "store-a", name: "台北信義店" }],
    clerks: [],
    orders: codes.map((code, i) => ({
      orderNumber: `#80${i}`,
      createdAt: "2026-11-01T10:00:00+08:00",
      customer: { name: "陳怡君", phone: "0912345678" },
      tickets: [
        {
          code,
          productName: "午餐券",
          totalUnits: 10,
          redeemedUnits: 0,
          status: "active",
          storeIds: ["store-a"],
        },
      ],
    })),
  };
}

async function central(t: Parameters<typeof startCentral>[0]): Promise<Central> {
  const service = await startCentral(t, { importCatalogue: false, clock: () => new Date() });
  const imported = await service.service.importDocument(catalogue());
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  return service;
}

/** A kiosk of store-a talking to `centralUrl` (the server or a proxy before it), once online. */
async function onlineKiosk(
  t: ExecutionContext,
  server: Central,
  centralUrl: string,
  options: { deviceId?: string; offline?: Record<string, unknown> } = {},
): Promise<KioskRig> {
  const deviceId = options.deviceId ?? "kiosk-1";
  const rig = await startKioskRig(t, {
    centralUrl,
    token: await server.tokenFor(deviceId, "store-a"),
    deviceId,
    ...(options.offline === undefined ? {} : { offline: options.offline }),
  });
  await rig.waitForStatus((s) => s.online);
  return rig;
}

const uploads = (method: string, path: string) => method === "POST" && path === "/v1/redemptions";
const badRequest: Fault = {
  kind: "status",
  status: 400,
  body: '{"error":{"code":"invalid_body","message":"redemptions.0.seq: too big"}}',
};

test("a revoked token refuses redemption with a clear outcome, online and after: never an offline acceptance", async (t) => {
  const server = await central(t);
  const rig = await onlineKiosk(t, server, server.url);
  const revoked = await runCli(["central", "revoke", "--data", server.dataDir, "--device", "kiosk-1"]);
  t.is(revoked.code, 0, revoked.stderr);

  const first = await rig.redeem(codes[0] ?? "");
  t.like(first, { outcome: "not_authorized", detail: "unauthorized", offline: false, redemption: undefined });
  const second = await rig.redeem(codes[1] ?? "");
  t.like(second, { outcome: "not_authorized", offline: false }, "the next scan is not taken offline either");
  t.like(rig.kiosk.status(), { online: false, offlineReason: "unauthorized" });
  t.false(
    (await rig.entries()).some((entry) => entry.disposition === "redeemed"),
    "nothing counts as redeemed",
  );
});

test("a 400 to an online redemption is shown as an error, not hidden as offline", async (t) => {
  const server = await central(t);
  const proxy = await startFaultProxy(server.url);
  t.teardown(() => proxy.close());
  const rig = await onlineKiosk(t, server, proxy.url);
  proxy.choose = (method, path) => (uploads(method, path) ? badRequest : { kind: "pass" });
  const decision = await rig.redeem(codes[0] ?? "");
  t.like(decision, {
    outcome: "central_error",
    detail: "bad_request",
    offline: false,
    redemption: undefined,
  });
  t.true(rig.kiosk.status().online, "a 400 says nothing about the link");
});

test("an entry that gets a 400 on every upload stays open and is listed on 例外清單 until the server takes it", async (t) => {
  const server = await central(t);
  const proxy = await startFaultProxy(server.url);
  t.teardown(() => proxy.close());
  const rig = await onlineKiosk(t, server, proxy.url);
  proxy.refuseAll = true;
  const offline = await rig.redeem(codes[0] ?? "");
  t.like(offline, { outcome: "ok", offline: true });
  const id = offline.redemption?.id;

  proxy.choose = (method, path) => (uploads(method, path) ? badRequest : { kind: "pass" });
  proxy.refuseAll = false;
  const listed = await rig.waitForStatus((s) => s.exceptions === 1);
  t.is(listed.pendingSync, 1, "still open");
  const [exception] = await rig.kiosk.exceptions(10);
  t.is(exception?.redemption.id, id);
  t.like(exception, {
    sync: "pending",
    attention: {
      problem: "upload_refused",
      detail: "POST /v1/redemptions: HTTP 400 (redemptions.0.seq: too big)",
    },
  });

  proxy.choose = () => ({ kind: "pass" });
  rig.kiosk.syncNow();
  // Its backoff starts at 2 s: the next attempt gets through and closes it.
  const settled = await rig.waitForStatus((s) => s.pendingSync === 0, 30_000);
  t.is(settled.exceptions, 0, "off the list once the server accepted it");
  t.deepEqual(await rig.kiosk.exceptions(10), []);
});

test("an abandoned intent whose cancellation the server refuses stays open and is listed; only a confirmation closes it", async (t) => {
  const server = await central(t);
  const proxy = await startFaultProxy(server.url);
  t.teardown(() => proxy.close());
  const rig = await onlineKiosk(t, server, proxy.url, { offline: { policy: "refuse" } });
  // The online attempt is cut off before the server sees it; offline the policy refuses: abandoned.
  // Its cancellation is cut off too until the test chooses the answer, so no background sync pass
  // can close it first.
  const voids = (method: string, path: string) =>
    method === "POST" && /^\/v1\/redemptions\/[^/]+\/void$/.test(path);
  proxy.choose = (method, path) =>
    uploads(method, path) || voids(method, path) ? { kind: "reset" } : { kind: "pass" };
  const abandoned = await rig.redeem(codes[0] ?? "");
  t.like(abandoned, { outcome: "offline_refused" });
  const [entry] = await rig.entries();
  t.is(entry?.disposition, "abandoned");
  const id = entry?.redemption.id ?? "";

  const voidPath = `/v1/redemptions/${id}/void`;
  proxy.choose = (method, path) =>
    method === "POST" && path === voidPath
      ? {
          kind: "status",
          status: 200,
          body: JSON.stringify({ id, status: "rejected", reason: "not_permitted" }),
        }
      : { kind: "pass" };
  rig.kiosk.syncNow();
  const listed = await rig.waitForStatus((s) => s.online && s.exceptions === 1);
  t.is(listed.pendingSync, 1, "a refusal does not close it");
  const [exception] = await rig.kiosk.exceptions(10);
  t.like(exception, { sync: "pending", attention: { problem: "cancel_refused", detail: "not_permitted" } });

  proxy.choose = () => ({ kind: "pass" });
  rig.kiosk.syncNow();
  const closed = await rig.waitForStatus((s) => s.pendingSync === 0, 30_000);
  t.is(closed.exceptions, 0);
  const [after] = await rig.entries();
  t.is(after?.sync, "cancelled", "closed once the server confirmed the cancellation");
});

test("a device id of any characters is claimed intact: the scope check refuses no kiosk set up right", async (t) => {
  const server = await central(t);
  const rig = await onlineKiosk(t, server, server.url, { deviceId: "信義櫃台 1" });
  t.like(await rig.redeem(codes[0] ?? ""), { outcome: "ok", offline: false });
});
