/**
 * Moving a central between its stores (docs/central.md "Moving from LevelDB to PostgreSQL"), as an
 * operator does it: real CLI child processes, a real LevelDB on disk and a real PostgreSQL server.
 * A LevelDB central with real activity is exported, restored into PostgreSQL, and the PostgreSQL
 * central serves the same state: the same device tokens, old redemption ids answered as before,
 * the kiosks' change feed going on from their cursors; its export is the first one line for line.
 * And back: PostgreSQL into LevelDB.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import type { Redemption } from "../../../device/domain.js";
import type { RedemptionResult, TicketsPage } from "../../../device/ports/wire.js";
import { cliToken, exampleCatalogue } from "../../helpers/cliCentral.js";
import { runCli, startCli } from "../../helpers/cliProcess.js";
import { makeRedemption, tempDir } from "../../helpers/fixtures.js";
import { usePgCluster } from "../../helpers/pgCluster.js";

const database = usePgCluster(test);
const five = "QK7R-2M9X-TB4A";
const lastUnit = "PX3D-8KQW-M2VN";

interface Running {
  readonly url: string;
  call(path: string, token: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  upload(token: string, redemption: Redemption): Promise<RedemptionResult>;
}

/** `ticket-kiosk central --port 0` on a store, stopped when `work` is done. */
async function withCentral<T>(
  t: ExecutionContext,
  store: readonly string[],
  work: (central: Running) => Promise<T>,
): Promise<T> {
  const child = startCli(["central", ...store, "--port", "0"]);
  t.teardown(() => child.kill().then(() => undefined));
  const listening = await child.waitForLog((line) => line.event === "listening", 60_000);
  const url = String(listening.url);
  const call: Running["call"] = async (path, token, body) => {
    const response = await fetch(`${url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };
  const upload: Running["upload"] = async (token, redemption) => {
    const { body } = await call("/v1/redemptions", token, { redemptions: [redemption] });
    const [result] = (body as { results: RedemptionResult[] }).results;
    if (result === undefined) throw new Error(`no result: ${JSON.stringify(body)}`);
    return result;
  };
  try {
    return await work({ url, call, upload });
  } finally {
    await child.kill();
  }
}

async function run(t: ExecutionContext, args: readonly string[]) {
  const done = await runCli(args);
  t.log(`central ${args[1]}: exit ${done.code}`);
  return done;
}

/** A dump's lines after its header: what two dumps of the same state share. */
async function records(file: string): Promise<string[]> {
  return (await readFile(file, "utf8")).trimEnd().split("\n").slice(1);
}

const at = () => new Date().toISOString();

/**
 * A LevelDB central with the catalogue, two kiosks' tokens, an online redemption, two offline ones
 * of one last unit (a conflict), a supervisor's void, an abandoned id (a tombstone) and heartbeats.
 */
async function busyLevelCentral(t: ExecutionContext, data: string) {
  t.is((await run(t, ["central", "import", "--data", data, exampleCatalogue])).code, 0);
  const kiosk1 = await cliToken(["--data", data], "kiosk-1");
  const kiosk2 = await cliToken(["--data", data], "kiosk-2");
  const kiosk = { deviceId: "kiosk-1", storeId: "store-a", redeemedAt: at() };
  const online = makeRedemption({ ...kiosk, ticketCode: five, quantity: 2 });
  const voided = makeRedemption({ ...kiosk, ticketCode: five });
  const offline1 = makeRedemption({ ...kiosk, ticketCode: lastUnit, offline: true });
  const offline2 = makeRedemption({ ...kiosk, deviceId: "kiosk-2", ticketCode: lastUnit, offline: true });
  const seen = await withCentral(t, ["--data", data], async (central) => {
    t.is((await central.upload(kiosk1.token, online)).status, "accepted");
    t.is((await central.upload(kiosk1.token, voided)).status, "accepted");
    t.is((await central.upload(kiosk1.token, offline1)).status, "accepted");
    t.is((await central.upload(kiosk2.token, offline2)).status, "conflict");
    const voiding = { reason: "wrong ticket", clerkId: "c1", pin: "246810", at: at() };
    t.like(await central.call(`/v1/redemptions/${voided.id}/void`, kiosk1.token, voiding), {
      body: { status: "voided" },
    });
    const abandon = { reason: "abandoned", at: at() };
    t.like(await central.call(`/v1/redemptions/${makeRedemption().id}/void`, kiosk1.token, abandon), {
      body: { status: "cancelled" },
    });
    const status = {
      version: "0.1.0",
      pendingSync: 0,
      oldestPendingAgeS: null,
      lastSyncAt: at(),
      online: true,
    };
    const heartbeat = { ...status, scanner: "connected", printer: "ready", clockSynced: true, exceptions: 0 };
    const sent = await central.call("/v1/heartbeat", kiosk2.token, { ...heartbeat, deviceTime: at() });
    t.is(sent.status, 200);
    return (await central.call("/v1/tickets", kiosk1.token)).body as TicketsPage;
  });
  return { tokens: [kiosk1.token, kiosk2.token], online, offline2, seen };
}

/** What a restored central must answer as the first one did. */
async function servesTheSameState(
  t: ExecutionContext,
  store: readonly string[],
  moved: Awaited<ReturnType<typeof busyLevelCentral>>,
) {
  const [kiosk1 = "", kiosk2 = ""] = moved.tokens;
  await withCentral(t, store, async (central) => {
    const page = (await central.call("/v1/tickets", kiosk1)).body as TicketsPage;
    t.deepEqual(page, moved.seen, "the same tickets, units, times and cursor");
    t.is((await central.call("/v1/tickets", kiosk2)).status, 200, "the second kiosk's token works");
    t.like(await central.upload(kiosk1, moved.online), { status: "duplicate", original: "accepted" });
    t.like(await central.upload(kiosk1, { ...moved.online, quantity: 1 }), {
      status: "rejected",
      reason: "id_reused",
    });
    t.like(await central.upload(kiosk2, moved.offline2), { status: "duplicate", original: "conflict" });
    // The feed goes on from the cursor the kiosks hold: nothing new, then the next change.
    const since = `/v1/tickets?since=${moved.seen.cursor}`;
    t.deepEqual(((await central.call(since, kiosk1)).body as TicketsPage).tickets, []);
    const next = makeRedemption({ ticketCode: five, redeemedAt: at() });
    t.like(await central.upload(kiosk1, next), { status: "accepted", ticket: { redeemedUnits: 3 } });
    const changes = (await central.call(since, kiosk1)).body as TicketsPage;
    t.deepEqual(
      changes.tickets.map((ticket) => [ticket.code, ticket.redeemedUnits]),
      [[five, 3]],
    );
  });
}

test("LevelDB → export → restore into PostgreSQL: the same state served, the same dump; and back into LevelDB", async (t) => {
  const dir = await tempDir("central-export-");
  t.teardown(dir.remove);
  const level = join(dir.path, "level-central");
  const moved = await busyLevelCentral(t, level);
  const fromLevel = join(dir.path, "from-level.ndjson");
  const exported = await run(t, ["central", "export", "--data", level, "--out", fromLevel]);
  t.is(exported.code, 0, exported.stderr);
  t.regex(exported.stderr, /"event":"export_done"/);
  const [header = ""] = (await readFile(fromLevel, "utf8")).split("\n");
  t.like(JSON.parse(header), { format: "ticket-kiosk-central-dump", version: 1, from: "leveldb" });

  const url = await database(t);
  t.is((await run(t, ["central", "restore", "--database", url, fromLevel])).code, 0);
  const fromPg = join(dir.path, "from-pg.ndjson");
  t.is((await run(t, ["central", "export", "--database", url, "--out", fromPg])).code, 0);
  t.deepEqual(await records(fromPg), await records(fromLevel), "line for line after the header");
  const again = await run(t, ["central", "restore", "--database", url, fromLevel]);
  t.is(again.code, 4);
  t.regex(again.stderr, /is not empty/);
  await servesTheSameState(t, ["--database", url], moved);

  const back = join(dir.path, "level-again");
  t.is((await run(t, ["central", "restore", "--data", back, fromPg])).code, 0);
  const fromBack = join(dir.path, "from-level-again.ndjson");
  t.is((await run(t, ["central", "export", "--data", back, "--out", fromBack])).code, 0);
  t.deepEqual(await records(fromBack), await records(fromLevel));
  await servesTheSameState(t, ["--data", back], moved);
});

test("a dump cut short, or not a dump, is refused before anything is written (exit 2)", async (t) => {
  const dir = await tempDir("central-export-");
  t.teardown(dir.remove);
  const level = join(dir.path, "level-central");
  t.is((await run(t, ["central", "import", "--data", level, exampleCatalogue])).code, 0);
  const whole = join(dir.path, "whole.ndjson");
  t.is((await run(t, ["central", "export", "--data", level, "--out", whole])).code, 0);
  const lines = (await readFile(whole, "utf8")).split("\n");
  const cut = join(dir.path, "cut.ndjson");
  await writeFile(cut, `${lines.slice(0, -3).join("\n")}\n`);
  const url = await database(t);
  const refused = await run(t, ["central", "restore", "--database", url, cut]);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /cut short/);
  t.is((await run(t, ["central", "restore", "--database", url, exampleCatalogue])).code, 2);
  t.is(
    (await run(t, ["central", "restore", "--database", url, whole])).code,
    0,
    "nothing was written before",
  );
});

test("an export that fails leaves no file behind, not even its partial one (exit 1)", async (t) => {
  const dir = await tempDir("central-export-");
  t.teardown(dir.remove);
  const out = join(dir.path, "dump.ndjson");
  // Nothing listens on port 1: the store cannot be opened once the export has begun its file.
  const failed = await run(t, [
    "central",
    "export",
    "--database",
    "postgres://nobody@127.0.0.1:1/none",
    "--out",
    out,
  ]);
  t.is(failed.code, 1);
  t.deepEqual(await readdir(dir.path), []);
});
