/**
 * Two durability gaps closed (issue 15): a slip is owed in the same durable batch as the decision
 * or the reprint that calls for it (device/slipPrinting.ts), so a kiosk killed (SIGKILL) at the
 * named point between that write and the print queue prints the slip after its restart, and the
 * reprint still counts for 日結.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { LevelJournal } from "../../device/levelJournal.js";
import { runKiosk, scanAndDecide, startCliStack } from "../helpers/cliStack.js";

const code = "QK7R-2M9X-TB4A";
const killBeforeQueue = { TK_CRASH_POINT: "before-slip-queued" };
const reprintKiosk = fileURLToPath(new URL("../helpers/reprintKiosk.js", import.meta.url));

/** Job ids of the slips printed so far by the file printer (`<job id>.bin`, written last). */
async function printedSlips(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => []);
  return names.filter((name) => name.endsWith(".bin")).map((name) => name.slice(0, -".bin".length));
}

test("killed after a redemption is journalled and before its slip is queued: the slip prints after the restart", async (t) => {
  t.timeout(240_000); // several real processes started one after another; slow on a loaded machine
  const stack = await startCliStack(t);
  const config = await stack.kioskConfig("kiosk", "kiosk-1");
  const slips = join(stack.dir, "kiosk", "slips");
  const dying = runKiosk(t, config, killBeforeQueue);
  await dying.waitForLog((line) => line.event === "sync");
  dying.child.stdin?.write(`${code}\n`);
  t.is(await dying.exited(), "SIGKILL");
  const decision = dying.logs.find((line) => line.event === "decision");
  t.like(decision, { outcome: "ok" }, "the customer was told: redeemed");
  const id = String(decision?.id);
  t.deepEqual(await printedSlips(slips), [], "no slip came out before the kill");

  const kiosk = runKiosk(t, config);
  const recovered = await kiosk.waitForLog(
    (line) => line.msg === "slips a crash left unqueued are queued now",
  );
  t.deepEqual(recovered.jobs, [id]);
  await kiosk.waitForLog((line) => line.event === "print" && line.id === id);
  t.deepEqual(await printedSlips(slips), [id], "that redemption's slip, printed once");

  // Once printed it is no longer owed: the next start prints nothing again.
  await kiosk.kill("SIGTERM");
  const again = runKiosk(t, config);
  await again.waitForLog((line) => line.event === "ready");
  t.false(again.logs.some((line) => line.msg === "slips a crash left unqueued are queued now"));
  t.deepEqual(await printedSlips(slips), [id]);
});

test("killed inside a reprint before its slip is queued: the reprint is counted for 日結 and its slip prints after the restart", async (t) => {
  t.timeout(240_000); // several real processes started one after another; slow on a loaded machine
  const stack = await startCliStack(t);
  const config = await stack.kioskConfig("kiosk", "kiosk-1");
  const slips = join(stack.dir, "kiosk", "slips");
  const kiosk = runKiosk(t, config);
  await kiosk.waitForLog((line) => line.event === "sync");
  const id = await scanAndDecide(kiosk, code);
  await kiosk.waitForLog((line) => line.event === "print" && line.id === id);
  await kiosk.kill("SIGTERM");

  const child = spawn(process.execPath, [reprintKiosk, "--config", config, "--id", id], {
    env: { ...process.env, ...killBeforeQueue },
    stdio: "ignore",
  });
  const [, signal] = await once(child, "exit");
  t.is(signal, "SIGKILL", "died inside the reprint");
  t.deepEqual(await printedSlips(slips), [id], "only the first slip so far");

  const restarted = runKiosk(t, config);
  const recovered = await restarted.waitForLog(
    (line) => line.msg === "slips a crash left unqueued are queued now",
  );
  const [jobId] = recovered.jobs as string[];
  t.true(jobId?.startsWith(`${id}-reprint-`));
  await restarted.waitForLog((line) => line.event === "print" && line.id === jobId);
  t.deepEqual((await printedSlips(slips)).sort(), [id, jobId].sort());
  const reprinted = await readFile(join(slips, `${jobId}.txt`), "utf8");
  t.regex(reprinted, /REPRINT/, "the reprint, marked as one");
  t.regex(reprinted, /王小明/, "with the supervisor who asked for it");
  await restarted.kill("SIGTERM");

  const journal = new LevelJournal(join(stack.dir, "kiosk", "journal"));
  await journal.open();
  t.teardown(() => journal.close());
  t.is(await journal.countReprints(new Date(0), new Date(Date.now() + 86_400_000)), 1, "counted for 日結");
});
