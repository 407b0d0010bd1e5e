/**
 * A kiosk replaced by a new one keeps its unsynced entries (issue 15, docs/reliability.md "Moving
 * a journal"): device A redeems offline and dies (SIGKILL) before it can upload; its journal is
 * exported; the replacement, B, takes over A's device id with a token of its own, imports the
 * export, and uploads each entry once: the central service counts every unit once, no duplicates.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { runCli } from "../helpers/cliProcess.js";
import { runKiosk, scanAndDecide, startCliStack } from "../helpers/cliStack.js";
import { startFaultProxy } from "../helpers/faultProxy.js";

const codes = ["QK7R-2M9X-TB4A", "YG5C-4HJN-W8ZE"];
const offline = { offline: { policy: "allow", maxUnitsPerRedemption: 5, maxSnapshotAgeMinutes: 1440 } };

test("entries redeemed offline on device A, exported, imported on device B, uploaded once: counted once, no duplicates", async (t) => {
  t.timeout(240_000); // several real processes started one after another; slow on a loaded machine
  const stack = await startCliStack(t);
  const proxy = await startFaultProxy(stack.url);
  t.teardown(() => proxy.close());
  const deviceA = await stack.kioskConfig("device-a", "kiosk-1", offline, proxy.url);
  const a = runKiosk(t, deviceA);
  await a.waitForLog((line) => line.event === "sync");
  proxy.refuseAll = true; // the network goes down: A redeems offline and cannot upload
  const ids = [];
  for (const code of codes) ids.push(await scanAndDecide(a, code));
  t.true(
    a.logs.filter((line) => line.event === "decision").every((line) => line.offline === true),
    "decided offline",
  );
  await a.kill("SIGKILL");

  const exported = await runCli(["journal", "export", "--config", deviceA]);
  t.is(exported.code, 0, exported.stderr);
  const file = join(stack.dir, "device-a.jsonl");
  await writeFile(file, exported.stdout);

  const deviceB = await stack.kioskConfig("device-b", "kiosk-1", offline);
  const imported = await runCli(["journal", "import", "--config", deviceB, file]);
  t.is(imported.code, 0, imported.stdout + imported.stderr);
  t.is(imported.stdout, "imported 2 entries (2 still to upload), 0 already here\n");
  const twice = await runCli(["journal", "import", "--config", deviceB, file]);
  t.is(
    twice.stdout,
    "imported 0 entries (2 still to upload), 2 already here\n",
    "importing twice changes nothing",
  );

  const b = runKiosk(t, deviceB);
  await b.waitForLog((line) => line.event === "sync" && line.uploaded === 2);
  await b.kill("SIGTERM");

  const token = await stack.token("kiosk-1");
  for (const [index, code] of codes.entries()) {
    const response = await fetch(`${stack.url}/v1/redemptions?ticket=${code}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const server = (await response.json()) as {
      redemptions: { redemption: { id: string }; status: string }[];
    };
    t.deepEqual(
      server.redemptions.map((record) => [record.redemption.id, record.status]),
      [[ids[index], "accepted"]],
      `${code}: A's redemption, counted once`,
    );
  }
  const journal = await runCli(["journal", "export", "--config", deviceB]);
  const entries = journal.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { redemption: { id: string }; sync: string });
  t.deepEqual(
    entries.map((entry) => [entry.redemption.id, entry.sync]),
    ids.map((id) => [id, "acknowledged"]),
    "closed on B",
  );
});

test("an export of another device is refused: a replacement takes over the old device id", async (t) => {
  t.timeout(240_000); // several real processes started one after another; slow on a loaded machine
  const stack = await startCliStack(t);
  const file = join(stack.dir, "other.jsonl");
  const config = await stack.kioskConfig("device-b", "kiosk-2");
  await writeFile(
    file,
    `${JSON.stringify({
      redemption: {
        id: "6f1c1a52-7d4e-4d0e-9a51-3b7f1c2d0001",
        ticketCode: codes[0],
        quantity: 1,
        redeemedAt: "2026-11-27T08:00:00.000Z",
        clockSynced: true,
        seq: 1,
        deviceId: "kiosk-1",
        storeId: "store-a",
        source: "scan",
        offline: true,
      },
      disposition: "redeemed",
      sync: "pending",
    })}\n`,
  );
  const refused = await runCli(["journal", "import", "--config", config, file]);
  t.is(refused.code, 1);
  t.regex(refused.stdout, /entry of device kiosk-1, but this kiosk is kiosk-2/);
});
