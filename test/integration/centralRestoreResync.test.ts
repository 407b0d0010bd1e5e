/**
 * After its central service is restored from an older backup, a kiosk's cursor may be past every
 * change the server has: the changes made on the restored server get revs below it, and a kiosk
 * asking only for changes after its cursor would never see them. The server says so (`head` on
 * the page), and the kiosk downloads every ticket again (docs/central.md "What a kiosk does after a
 * restore"). A real kiosk (journal on disk, the undici client) and a real central service on
 * loopback, restored from a copy of its LevelDB folder taken earlier. Before the fix the kiosk
 * kept its stale copy of the changed ticket.
 */
import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { CentralService } from "../../central/centralServer.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { silentLogger } from "../../device/logger.js";
import type { OtherStoreCodesPage, ServerRedemption, TicketsPage } from "../../device/ports/wire.js";
import { call, catalogue, startCentral, upload } from "../helpers/centralHarness.js";
import { makeRedemption, tempDir } from "../helpers/fixtures.js";
import { startKioskRig } from "../helpers/kioskRig.js";

/** A central service on a data folder, on the real clock, listening on a free port. */
async function openCentral(t: ExecutionContext, dataDir: string) {
  const service = new CentralService({ dataDir, logger: silentLogger, now: () => new Date() });
  t.teardown(() => service.stop());
  const { url } = await service.listen({ host: "127.0.0.1", port: 0 });
  return { service, url };
}

async function cachedTicket(journalDir: string, code: string) {
  const journal = new LevelJournal(journalDir);
  await journal.open();
  try {
    return await journal.ticketCache.getTicket(code);
  } finally {
    await journal.close();
  }
}

test("a kiosk whose cursor is past a restored central's changes downloads everything again; its pending redemption is uploaded once", async (t) => {
  t.timeout(180_000);
  const dir = await tempDir("tk-restore-");
  t.teardown(dir.remove);
  const data = join(dir.path, "central");
  const backup = join(dir.path, "backup");
  const kioskDir = join(dir.path, "kiosk");

  // The central as it was at the backup: the catalogue and the kiosk's token.
  const before = await openCentral(t, data);
  t.true((await before.service.importDocument(catalogue())).ok);
  const issued = await before.service.issueToken("kiosk-a", "store-a");
  if (!issued.ok) throw new Error("no token");
  await before.service.stop();
  await cp(data, backup, { recursive: true });

  // Life goes on after the backup: the kiosk syncs and redeems online, its cursor moves past it.
  const live = await openCentral(t, data);
  const options = { token: issued.token, deviceId: "kiosk-a", dataDir: kioskDir };
  const kiosk = await startKioskRig(t, { ...options, centralUrl: live.url });
  await kiosk.waitForStatus((status) => status.online && status.lastSyncAt !== null);
  t.like(await kiosk.redeem("TK-FIVE"), { outcome: "ok", offline: false });
  t.like(await kiosk.redeem("TK-ANYWHERE"), { outcome: "ok", offline: false });
  const redeemedAtMs = Date.now();
  await kiosk.waitForStatus((status) => Date.parse(status.lastSyncAt ?? "") > redeemedAtMs + 300);
  // The service goes down; the kiosk redeems offline, and that entry waits to be uploaded.
  await live.service.stop();
  const offline = await kiosk.redeem("TK-FIVE");
  t.like(offline, { outcome: "ok", offline: true });
  await kiosk.waitForStatus((status) => status.pendingSync === 1);
  await kiosk.stop();
  t.like(await cachedTicket(join(kioskDir, "journal"), "TK-ONE-LEFT"), { redeemedUnits: 2 });

  // Restored from the older copy; a ticket changes there (another kiosk's redemption).
  await rm(data, { recursive: true });
  await cp(backup, data, { recursive: true });
  const restored = await openCentral(t, data);
  const other = await restored.service.issueToken("kiosk-b", "store-a");
  if (!other.ok) throw new Error("no token");
  const [changed] = await upload(restored.url, other.token, [
    makeRedemption({ ticketCode: "TK-ONE-LEFT", deviceId: "kiosk-b", redeemedAt: new Date().toISOString() }),
  ]);
  t.like(changed, { status: "accepted", ticket: { redeemedUnits: 3 } });

  const again = await startKioskRig(t, { ...options, centralUrl: restored.url });
  await again.waitForStatus(
    (status) => status.online && status.pendingSync === 0 && status.lastSyncAt !== null,
  );
  const syncedAtMs = Date.now();
  await again.waitForStatus((status) => Date.parse(status.lastSyncAt ?? "") > syncedAtMs + 300);
  await again.stop();
  t.like(
    await cachedTicket(join(kioskDir, "journal"), "TK-ONE-LEFT"),
    { redeemedUnits: 3 },
    "the change made on the restored central reached the kiosk",
  );
  const history = await call<{ redemptions: ServerRedemption[] }>(
    restored.url,
    "/v1/redemptions?ticket=TK-FIVE",
    { token: issued.token },
  );
  const uploads = history.body.redemptions.filter(
    (record) => record.redemption.id === offline.redemption?.id,
  );
  t.is(uploads.length, 1, "the pending offline redemption, uploaded exactly once");
});

test("a cursor past the last change, as a restore of an older backup leaves it, gets both feeds from the start", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-a", "store-a");
  const fromStart = await call<TicketsPage>(central.url, "/v1/tickets", { token });
  const ahead = await call<TicketsPage>(central.url, "/v1/tickets?since=999", { token });
  t.deepEqual(ahead.body, fromStart.body);
  t.is(ahead.body.total, 4, "a first page: the kiosk shows a full download's progress");
  const codes = await call<OtherStoreCodesPage>(central.url, "/v1/other-store-codes?since=999", { token });
  t.deepEqual(
    codes.body.codes.map((code) => code.storeIds),
    [["store-b"]],
  );
  t.like(
    central.logs.filter((line) => line.event === "cursor_stale"),
    [
      { feed: "tickets", why: "past_head" },
      { feed: "other-store-codes", why: "past_head" },
    ],
  );
});
