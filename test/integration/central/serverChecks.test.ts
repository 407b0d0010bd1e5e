/**
 * What the central service checks rather than trusts (docs/security.md "What the server checks"),
 * on a real service on loopback: the time a redemption is judged at, and whose tombstone blocks
 * an id.
 */
import { randomUUID } from "node:crypto";
import test from "ava";
import type { Heartbeat, ServerRedemption } from "../../../device/ports/wire.js";
import { call, now, redemption, startCentral, upload } from "../../helpers/centralHarness.js";

const dayMs = 86_400_000;
const twoWeeksBefore = (at: Date) => new Date(at.getTime() - 14 * dayMs).toISOString();

const heartbeat = (at: Date): Heartbeat => ({
  version: "0.1.0",
  pendingSync: 0,
  oldestPendingAgeS: null,
  lastSyncAt: at.toISOString(),
  online: true,
  scanner: "connected",
  printer: "ready",
  clockSynced: true,
  exceptions: 0,
  deviceTime: at.toISOString(),
});

test("an online redemption is judged at the server's time: backdated two weeks, an expired ticket is still expired", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  const backdated = redemption({
    ticketCode: "TK-EXPIRED",
    redeemedAt: twoWeeksBefore(now),
    clockSynced: true,
    offline: false,
  });
  t.like((await upload(central.url, token, [backdated]))[0], {
    status: "rejected",
    reason: "expired",
    ticket: { redeemedUnits: 0 },
  });
});

test("an offline time before the device's last contact, or in the future, is judged at its bound and listed clock_suspect", async (t) => {
  let clockMs = now.getTime();
  const central = await startCentral(t, { clock: () => new Date(clockMs) });
  const token = await central.tokenFor("kiosk-1", "store-a");
  t.like(await call(central.url, "/v1/heartbeat", { token, body: heartbeat(now) }), { status: 200 });
  clockMs += 3_600_000;
  const later = new Date(clockMs);
  const backdated = redemption({
    ticketCode: "TK-EXPIRED",
    redeemedAt: twoWeeksBefore(now),
    clockSynced: true,
    offline: true,
  });
  const honest = redemption({ redeemedAt: new Date(now.getTime() + 600_000).toISOString(), offline: true });
  const future = redemption({ redeemedAt: new Date(clockMs + dayMs).toISOString(), offline: true });
  const results = await upload(central.url, token, [backdated, honest, future]);
  t.deepEqual(
    results.map((result) => [result.status, result.reason]),
    [
      ["rejected", "expired"],
      ["accepted", undefined],
      ["accepted", undefined],
    ],
  );
  const admin = await central.adminToken();
  const listed = await call<{ conflicts: ServerRedemption[] }>(central.url, "/v1/admin/conflicts", {
    token: admin,
  });
  const fiveMinutesMs = 300_000;
  t.deepEqual(
    listed.body.conflicts.map((record) => [record.redemption.id, record.flags, record.judgedAt]),
    [
      [backdated.id, ["clock_suspect"], new Date(now.getTime() - fiveMinutesMs).toISOString()],
      [future.id, ["clock_suspect"], new Date(later.getTime() + fiveMinutesMs).toISOString()],
    ],
    "recorded, flagged and judged at the last contact less 5 minutes, or the server's now plus 5",
  );
});

test("a tombstone is its device's: another store's device uploads the id as its own, and may not tombstone it", async (t) => {
  const central = await startCentral(t);
  const tokenA = await central.tokenFor("kiosk-1", "store-a");
  const tokenB = await central.tokenFor("kiosk-b", "store-b");
  const id = randomUUID();
  const abandon = (token: string) =>
    call(central.url, `/v1/redemptions/${id}/void`, {
      token,
      body: { reason: "abandoned", at: now.toISOString() },
    });
  t.like(await abandon(tokenA), { status: 200, body: { status: "cancelled" } });
  t.like(
    await abandon(tokenB),
    { status: 200, body: { status: "rejected", reason: "not_permitted" } },
    "store B's device cannot take back an id store A's device cancelled",
  );
  const fromB = redemption({ id, ticketCode: "TK-B-ONLY", deviceId: "kiosk-b", storeId: "store-b" });
  t.like((await upload(central.url, tokenB, [fromB]))[0], {
    status: "accepted",
    ticket: { redeemedUnits: 1 },
  });
  t.like(
    (await upload(central.url, tokenA, [redemption({ id })]))[0],
    { status: "rejected", reason: "id_reused" },
    "the id is store B's record now; store A's late copy is not counted",
  );
});
