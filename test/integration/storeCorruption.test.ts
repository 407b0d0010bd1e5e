/**
 * Corruption is found and said, never a silently shorter journal (issue 15): a real kiosk and a
 * real central service redeem three times and are killed (SIGKILL); one bit is flipped in a file
 * of their LevelDB stores, at a record of the second redemption; then the verify commands, the
 * export, the kiosk's status and both logs must say so. Before the integrity check, the flipped
 * log bit made `journal export` go from 3 entries to 1 with no warning.
 */
import { join } from "node:path";
import test from "ava";
import { runCli } from "../helpers/cliProcess.js";
import { type CliStack, runKiosk, scanAndDecide, startCliStack } from "../helpers/cliStack.js";
import { flipBitAfter, flipBitInside, storeFiles, withSublevel } from "../helpers/storeFiles.js";

const code = "QK7R-2M9X-TB4A";

/** Three online redemptions on a kiosk, then both processes killed; returns the ids. */
async function redeemThreeAndKill(t: Parameters<typeof startCliStack>[0], stack: CliStack, config: string) {
  const kiosk = runKiosk(t, config);
  await kiosk.waitForLog((line) => line.event === "sync");
  const ids = [];
  for (let n = 0; n < 3; n += 1) ids.push(await scanAndDecide(kiosk, code));
  await kiosk.kill("SIGKILL");
  await stack.central.kill("SIGKILL");
  return ids;
}

const exportedIds = (stdout: string) =>
  stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => (JSON.parse(line) as { redemption: { id: string } }).redemption.id);

test("a flipped bit in the journal's log after a kill: verify, export, the log and GET /status say what was lost, and nothing is redeemed", async (t) => {
  t.timeout(240_000); // several real processes started one after another; slow on a loaded machine
  const stack = await startCliStack(t);
  const config = await stack.kioskConfig("kiosk", "kiosk-1");
  const ids = await redeemThreeAndKill(t, stack, config);
  const journal = join(stack.dir, "kiosk", "journal");
  await flipBitAfter(await storeFiles(journal, ".log"), ids[1] ?? "");

  const verified = await runCli(["journal", "verify", "--config", config]);
  t.is(verified.code, 1, verified.stdout + verified.stderr);
  t.regex(verified.stdout, /DAMAGED/);
  t.regex(verified.stdout, /LevelDB dropped part of its log .*dropping \d+ bytes/);

  const exported = await runCli(["journal", "export", "--config", config]);
  t.is(exported.code, 1, "an export of a damaged journal does not pass for whole");
  t.regex(exported.stderr, /the journal is damaged, this export is not complete/);
  t.deepEqual(exportedIds(exported.stdout), [ids[0]], "the export is shorter, and says so");
  const doctor = await runCli(["doctor", "--config", config]);
  t.is(doctor.code, 1);
  t.regex(doctor.stdout, /journal damaged since .*dropping \d+ bytes/);

  await stack.startCentral();
  const kiosk = runKiosk(t, config);
  const damaged = await kiosk.waitForLog((line) => line.event === "journal_damaged");
  t.regex(String((damaged.findings as string[])[0]), /dropping \d+ bytes/);
  await kiosk.waitForLog((line) => line.event === "ready");
  const running = await runCli(["journal", "verify", "--config", config]);
  t.is(running.code, 1, "verify asks the running kiosk, whose GET /status carries the report");
  t.regex(running.stdout, /dropping \d+ bytes/);
  kiosk.child.stdin?.write(`${code}\n`);
  await kiosk.waitForLog((line) => line.event === "halted");
  t.false(
    kiosk.logs.some((line) => line.event === "decision"),
    "a damaged journal redeems nothing",
  );
  await kiosk.kill("SIGTERM");

  const again = await runCli(["journal", "verify", "--config", config]);
  t.is(again.code, 1, "the report outlives LevelDB's LOG, which each open replaces");
});

test("journal recover puts back what the central service acknowledged: the journal is whole again and the kiosk redeems", async (t) => {
  t.timeout(240_000); // several real processes started one after another; slow on a loaded machine
  const stack = await startCliStack(t);
  const config = await stack.kioskConfig("kiosk", "kiosk-1");
  const ids = await redeemThreeAndKill(t, stack, config);
  await flipBitAfter(await storeFiles(join(stack.dir, "kiosk", "journal"), ".log"), ids[1] ?? "");
  t.is((await runCli(["journal", "verify", "--config", config])).code, 1);

  await stack.startCentral();
  const recovered = await runCli(["journal", "recover", "--config", config]);
  t.is(recovered.code, 0, recovered.stdout + recovered.stderr);
  t.regex(recovered.stdout, /^restored 2 entries from the central service's 3 records of kiosk-1\n/);
  t.is((await runCli(["journal", "verify", "--config", config])).code, 0, "intact again");
  const exported = await runCli(["journal", "export", "--config", config]);
  t.is(exported.code, 0);
  t.deepEqual(exportedIds(exported.stdout), ids);

  const kiosk = runKiosk(t, config);
  await kiosk.waitForLog((line) => line.event === "sync");
  await scanAndDecide(kiosk, code);
  t.false(kiosk.logs.some((line) => line.event === "journal_damaged" || line.event === "halted"));
});

test("a flipped bit in a journal table file is found by its record's check", async (t) => {
  t.timeout(240_000); // several real processes started one after another; slow on a loaded machine
  const stack = await startCliStack(t);
  const config = await stack.kioskConfig("kiosk", "kiosk-1");
  const ids = await redeemThreeAndKill(t, stack, config);
  // An open replays the log into a table file (.ldb): from here the records live there.
  t.is((await runCli(["journal", "verify", "--config", config])).code, 0);
  const journal = join(stack.dir, "kiosk", "journal");
  const stored = await withSublevel(journal, "entries", (entries) => entries.get(ids[1] ?? ""));
  // The check is 16 random hex digits, stored once: the bit lands in the second entry's record.
  await flipBitInside(await storeFiles(journal, ".ldb"), String((stored as { check: string }).check));

  const verified = await runCli(["journal", "verify", "--config", config]);
  t.is(verified.code, 1, verified.stdout + verified.stderr);
  t.regex(verified.stdout, new RegExp(`record entries/${ids[1]} is damaged: check does not match`));
  const exported = await runCli(["journal", "export", "--config", config]);
  t.is(exported.code, 1);
  t.regex(exported.stderr, /the journal is damaged, this export is not complete/);
  t.deepEqual(
    exportedIds(exported.stdout),
    [ids[0], ids[2]],
    "the damaged entry left out, the rest exported",
  );
});

test("a flipped bit in the central store's log and table files after a kill: central verify and the service's start say so", async (t) => {
  t.timeout(240_000); // several real processes started one after another; slow on a loaded machine
  const stack = await startCliStack(t);
  const config = await stack.kioskConfig("kiosk", "kiosk-1");
  const ids = await redeemThreeAndKill(t, stack, config);
  const level = join(stack.centralData, "level");
  await flipBitAfter(await storeFiles(level, ".log"), ids[1] ?? "");

  const verified = await runCli(["central", "verify", "--data", stack.centralData]);
  t.is(verified.code, 1, verified.stdout + verified.stderr);
  t.regex(verified.stdout, /LevelDB dropped part of its log .*dropping \d+ bytes/);
  await stack.startCentral();
  const damaged = await stack.central.waitForLog((line) => line.event === "store_damaged");
  t.regex(String((damaged.findings as string[])[0]), /dropping \d+ bytes/);
  await stack.central.kill("SIGKILL");

  // Now in a table file, compressed. An id is random, so its first occurrence is stored mostly as
  // it is and later ones as copies of it: the flipped bit changes the first redemption's id alike
  // in its index entries, its key and its record, which only the record's own check can tell.
  await flipBitInside(await storeFiles(level, ".ldb"), ids[0] ?? "");
  const table = await runCli(["central", "verify", "--data", stack.centralData]);
  t.is(table.code, 1);
  t.regex(table.stdout, /record redemptions\/\S+ is damaged: check does not match|index names/);
});

test("verify says intact and exits 0 on an undamaged journal and store; 2 without --config", async (t) => {
  t.timeout(240_000); // several real processes started one after another; slow on a loaded machine
  const stack = await startCliStack(t);
  const config = await stack.kioskConfig("kiosk", "kiosk-1");
  await redeemThreeAndKill(t, stack, config);
  const journal = await runCli(["journal", "verify", "--config", config]);
  t.is(journal.code, 0);
  t.regex(journal.stdout, /: intact\n$/);
  t.is((await runCli(["central", "verify", "--data", stack.centralData])).code, 0);
  t.is((await runCli(["journal", "verify"])).code, 2);
});
