/**
 * A kiosk whose setup is wrong, as the real `ticket-kiosk run` process meets it against the real
 * central service on loopback: a token for another store than the config's, and a token file that
 * is not there. Sync must stop loudly (status, log, doctor), nothing may be redeemed, not even
 * offline, and every entry made under the right setup stays open until the setup is fixed.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import type { KioskStatus } from "../../device/kioskStatus.js";
import { call, startCentral } from "../helpers/centralHarness.js";
import { type CliProcess, runCli, startCli } from "../helpers/cliProcess.js";
import { startFaultProxy } from "../helpers/faultProxy.js";
import { tempDir } from "../helpers/fixtures.js";
import { writeHeadlessConfig } from "../helpers/headlessConfig.js";
import { kioskStatus } from "../helpers/kioskStatusSocket.js";

async function statusUntil(
  dataDir: string,
  match: (status: KioskStatus) => boolean,
  what: string,
): Promise<KioskStatus> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await kioskStatus(dataDir).catch(() => undefined);
    if (status !== undefined && match(status)) return status;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function kioskSetup(t: ExecutionContext, centralUrl: string) {
  const dir = await tempDir("tk-setup-");
  t.teardown(dir.remove);
  const dataDir = join(dir.path, "data");
  const tokenFile = join(dir.path, "token");
  const config = join(dir.path, "kiosk.json");
  await writeHeadlessConfig(config, {
    dataDir,
    device: { id: "kiosk-1", storeId: "store-a" },
    central: { url: centralUrl, tokenFile, timeoutMs: 2000, syncIntervalMs: 500 },
    scanner: { kind: "keyboard" },
  });
  const start = (): CliProcess => {
    const kiosk = startCli(["run", "--config", config]);
    t.teardown(() => kiosk.kill("SIGKILL"));
    return kiosk;
  };
  const scan = async (kiosk: CliProcess, code: string) => {
    const seen = kiosk.logs.filter((line) => line.event === "decision").length;
    kiosk.child.stdin?.write(`${code}\n`);
    let count = 0;
    return kiosk.waitForLog((line) => line.event === "decision" && ++count > seen, 30_000);
  };
  return { dataDir, tokenFile, config, start, scan };
}

test("a token for another store: the whole upload is refused, sync stops loudly, nothing is redeemed, and every entry waits for the right token", async (t) => {
  t.timeout(180_000);
  const central = await startCentral(t, { clock: () => new Date() });
  const proxy = await startFaultProxy(central.url);
  t.teardown(() => proxy.close());
  const rightToken = await central.tokenFor("kiosk-1", "store-a");
  const kiosk = await kioskSetup(t, proxy.url);

  // Under the right setup: the snapshot comes down, then two redemptions are made offline.
  await writeFile(kiosk.tokenFile, rightToken);
  const first = kiosk.start();
  await first.waitForLog((line) => line.event === "sync", 60_000);
  proxy.refuseAll = true;
  const offline = [await kiosk.scan(first, "TK-FIVE"), await kiosk.scan(first, "TK-ANYWHERE")];
  t.deepEqual(
    offline.map((line) => [line.outcome, line.offline]),
    [
      ["ok", true],
      ["ok", true],
    ],
  );
  t.is(await first.kill("SIGTERM"), 0);

  // The token is replaced by one made for another store, and the kiosk restarted.
  await writeFile(kiosk.tokenFile, await central.tokenFor("kiosk-1", "store-b"));
  proxy.refuseAll = false;
  const second = kiosk.start();
  const stopped = await second.waitForLog(
    (line) => line.event === "sync_failed" && line.kind === "scope_mismatch",
    60_000,
  );
  t.is(stopped.level, "error", "logged as an error, not a warning among many");
  const status = await statusUntil(kiosk.dataDir, (s) => s.offlineReason === "scope_mismatch", "scope");
  t.like(status, { online: false, offlineReason: "scope_mismatch" });
  t.regex(String(status.offlineDetail), /this token is for device kiosk-1 of store store-b/);

  const refused = await kiosk.scan(second, "TK-FIVE");
  t.like(refused, { outcome: "not_authorized", offline: false }, "not even offline");

  const doctor = await runCli(["doctor", "--config", kiosk.config]);
  t.is(doctor.code, 1, doctor.stdout);
  t.regex(doctor.stdout, /✖ central +the token does not match device\.id kiosk-1 \/ device\.storeId store-a/);

  const exported = await runCli(["journal", "export", "--config", kiosk.config]);
  const entries = exported.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { redemption: { id: string }; disposition: string; sync: string });
  const offlineIds = offline.map((line) => line.id);
  t.deepEqual(
    entries.filter((entry) => offlineIds.includes(entry.redemption.id)).map((entry) => entry.sync),
    ["pending", "pending"],
    "nothing was closed under the wrong token",
  );
  const before = await call<{ redemptions: unknown[] }>(central.url, "/v1/redemptions?ticket=TK-FIVE", {
    token: rightToken,
  });
  t.deepEqual(before.body.redemptions, [], "nothing reached the server");

  // Fixing the token is enough: it is read again, and the entries go up.
  await writeFile(kiosk.tokenFile, rightToken);
  await statusUntil(kiosk.dataDir, (s) => s.online && s.pendingSync === 0, "synced after the fix");
  const records = await Promise.all(
    ["TK-FIVE", "TK-ANYWHERE"].map(
      async (code) =>
        (
          await call<{ redemptions: { redemption: { id: string }; status: string }[] }>(
            central.url,
            `/v1/redemptions?ticket=${code}`,
            { token: rightToken },
          )
        ).body.redemptions,
    ),
  );
  t.deepEqual(
    records.flat().map((record) => [record.redemption.id, record.status]),
    offlineIds.map((id) => [id, "accepted"]),
  );
});

test("a missing token file is said as such: status, log and doctor name the file; nothing is redeemed", async (t) => {
  t.timeout(120_000);
  const central = await startCentral(t, { clock: () => new Date() });
  const kiosk = await kioskSetup(t, central.url);
  const running = kiosk.start();
  const failed = await running.waitForLog(
    (line) => line.event === "sync_failed" && line.kind === "token_missing",
    60_000,
  );
  t.is(failed.level, "error");
  const status = await statusUntil(kiosk.dataDir, (s) => s.offlineReason !== "starting", "token_missing");
  t.like(status, { online: false, offlineReason: "token_missing" });
  t.is(status.offlineDetail, `the device token file ${kiosk.tokenFile} is missing`);
  t.like(await kiosk.scan(running, "TK-FIVE"), { outcome: "not_authorized" });

  const doctor = await runCli(["doctor", "--config", kiosk.config]);
  t.is(doctor.code, 1);
  t.regex(doctor.stdout, new RegExp(`✖ central +the device token file ${kiosk.tokenFile} is missing`));

  await writeFile(kiosk.tokenFile, await central.tokenFor("kiosk-1", "store-a"));
  await statusUntil(kiosk.dataDir, (s) => s.online, "online once the file is there");
});
