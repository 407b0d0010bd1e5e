/**
 * After its central service is restored from an older backup, a kiosk's cursor may be past every
 * change the server has: the changes made on the restored server get revs below it, and a kiosk
 * asking only for changes after its cursor would never see them. The server says so (`head` on
 * the page), and the kiosk downloads every ticket again (docs/central.md "What a kiosk does after a
 * restore"). A real kiosk (journal on disk, the undici client) and a real central service on
 * loopback, restored as its operator would: a copy of its LevelDB folder taken earlier, or
 * pg_dump / pg_restore of its PostgreSQL database. Before the fix the kiosk kept its stale copy of
 * the changed ticket.
 */

import { execFile } from "node:child_process";
import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import test, { type ExecutionContext } from "ava";
import { CentralService } from "../../central/centralServer.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { silentLogger } from "../../device/logger.js";
import type { OtherStoreCodesPage, ServerRedemption, TicketsPage } from "../../device/ports/wire.js";
import { call, catalogue, startCentral, upload } from "../helpers/centralHarness.js";
import { makeRedemption, tempDir } from "../helpers/fixtures.js";
import { startKioskRig } from "../helpers/kioskRig.js";
import { findPgBin, usePgCluster } from "../helpers/pgCluster.js";

const run = promisify(execFile);
const database = usePgCluster(test);

/** Where the central keeps its records, and how its operator backs them up and restores them. */
interface Backend {
  /** The service on the live store, on the real clock, listening on a free port. */
  open(): Promise<{ service: CentralService; url: string }>;
  backup(): Promise<void>;
  /** Puts the backup back in place of the live store (the service stopped). */
  restore(): Promise<void>;
}

async function openCentral(t: ExecutionContext, store: { dataDir: string } | { databaseUrl: string }) {
  const service = new CentralService({ ...store, logger: silentLogger, now: () => new Date() });
  t.teardown(() => service.stop());
  const { url } = await service.listen({ host: "127.0.0.1", port: 0 });
  return { service, url };
}

/** LevelDB: the service stopped, its folder copied; restored by copying it back. */
function levelFolderCopy(t: ExecutionContext, dir: string): Backend {
  const data = join(dir, "central");
  const backup = join(dir, "backup");
  return {
    open: () => openCentral(t, { dataDir: data }),
    backup: () => cp(data, backup, { recursive: true }),
    restore: async () => {
      await rm(data, { recursive: true });
      await cp(backup, data, { recursive: true });
    },
  };
}

/** PostgreSQL: `pg_dump -Fc`, and `pg_restore` into a new database the service then uses. */
async function pgDumpRestore(t: ExecutionContext, dir: string): Promise<Backend> {
  const bin = await findPgBin();
  const file = join(dir, "central.pgdump");
  let url = await database(t);
  return {
    open: () => openCentral(t, { databaseUrl: url }),
    backup: async () => {
      await run(join(bin, "pg_dump"), ["--format=custom", `--file=${file}`, `--dbname=${url}`]);
    },
    restore: async () => {
      url = await database(t);
      await run(join(bin, "pg_restore"), ["--exit-on-error", `--dbname=${url}`, file]);
    },
  };
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

/**
 * The kiosk syncs and redeems after the backup, so its cursor moves past it; it redeems offline
 * while the service is down; the service comes back restored from the backup, and another kiosk's
 * redemption changes a ticket there. The kiosk's next sync must bring that change, and upload its
 * offline redemption once.
 */
async function restoredFromOlderBackup(t: ExecutionContext, backend: Backend, kioskDir: string) {
  // The central as it was at the backup: the catalogue and the kiosk's token.
  const before = await backend.open();
  t.true((await before.service.importDocument(catalogue())).ok);
  const issued = await before.service.issueToken("kiosk-a", "store-a");
  if (!issued.ok) throw new Error("no token");
  await before.service.stop();
  await backend.backup();

  // Life goes on after the backup: the kiosk syncs and redeems online, its cursor moves past it.
  const live = await backend.open();
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

  // Restored from the older backup; a ticket changes there (another kiosk's redemption).
  await backend.restore();
  const restored = await backend.open();
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
}

test("LevelDB restored from a folder copy: the kiosk downloads everything again and sees the change; its pending redemption is uploaded once", async (t) => {
  t.timeout(180_000);
  const dir = await tempDir("tk-restore-");
  t.teardown(dir.remove);
  await restoredFromOlderBackup(t, levelFolderCopy(t, dir.path), join(dir.path, "kiosk"));
});

test("PostgreSQL restored with pg_restore from a pg_dump: the kiosk downloads everything again and sees the change; its pending redemption is uploaded once", async (t) => {
  t.timeout(180_000);
  const dir = await tempDir("tk-restore-");
  t.teardown(dir.remove);
  await restoredFromOlderBackup(t, await pgDumpRestore(t, dir.path), join(dir.path, "kiosk"));
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
