/**
 * The durable print queue on real files: a job is on disk before the first attempt, waits through
 * paper out and failures, prints exactly once, survives a kill -9 of the process that queued it,
 * and an unreadable job file is set aside rather than lost or retried forever.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import test from "ava";
import { silentLogger } from "../../device/logger.js";
import { PrinterError, type PrinterState, type PrintJob } from "../../device/ports/printer.js";
import { encodeSlip } from "../../drivers/printer/escposSlip.js";
import { FakePrinter } from "../../drivers/printer/fakePrinter.js";
import { PrintQueue, type PrintQueueOptions } from "../../drivers/printer/printQueue.js";
import { tempDir } from "../helpers/fixtures.js";
import { contractJobs } from "../helpers/printerContract.js";
import { sampleSlip } from "../helpers/slips.js";

const [{ slip }] = contractJobs();
const job = (id: string): PrintJob => ({ id, slip });
const paperOut = new PrinterError("out of paper", "paper_out", true);

async function rig(
  t: { teardown: (fn: () => Promise<void> | void) => void },
  options: Partial<PrintQueueOptions> = {},
): Promise<{ dir: string; printer: FakePrinter; queue: PrintQueue; jobFiles: () => Promise<string[]> }> {
  const dir = await tempDir("print-queue-");
  t.teardown(dir.remove);
  const printer = options.printer instanceof FakePrinter ? options.printer : new FakePrinter();
  const queue = new PrintQueue({
    dir: dir.path,
    printer,
    logger: silentLogger,
    pollMs: 20,
    maxBackoffMs: 80,
    ...options,
  });
  t.teardown(() => queue.stop());
  const jobFiles = async () => (await readdir(dir.path)).filter((name) => name.endsWith(".job")).sort();
  return { dir: dir.path, printer, queue, jobFiles };
}

test("a job is on disk before the first attempt and gone once printed", async (t) => {
  const seen: boolean[] = [];
  const printer = new FakePrinter();
  const { dir, queue, jobFiles } = await rig(t, { printer });
  const print = printer.print.bind(printer);
  printer.print = async (printJob) => {
    seen.push(existsSync(join(dir, `${printJob.id}.job`)));
    return print(printJob);
  };
  await queue.start();
  await queue.enqueue(job("r-1"));
  await printer.whenPrinted(1);
  await queue.whenIdle();
  t.deepEqual(seen, [true]);
  t.deepEqual(await jobFiles(), []);
  t.deepEqual(
    printer.jobs.map((printed) => printed.slip.bytes),
    [slip.bytes],
  );
});

test("a failed print keeps its job, records each attempt on disk, retries and prints it once", async (t) => {
  const { dir, printer, queue } = await rig(t);
  printer.failNext(3);
  const onDisk: number[] = [];
  // Read at once: the queue tells of a failure after recording it, before the next attempt.
  queue.on("failed", () => {
    onDisk.push(JSON.parse(readFileSync(join(dir, "r-1.job"), "utf8")).attempts as number);
  });
  await queue.start();
  await queue.enqueue(job("r-1"));
  await printer.whenPrinted(1);
  await queue.whenIdle();
  await sleep(100);
  t.is(printer.attempts, 4);
  t.is(printer.jobs.length, 1);
  t.deepEqual(onDisk, [1, 2, 3]);
});

test("paper out: the job waits, the state is told; paper back: it prints at once, once", async (t) => {
  const { printer, queue } = await rig(t, { pollMs: 20, maxBackoffMs: 60_000 });
  const states: PrinterState[] = [];
  queue.on("state", (state) => states.push(state));
  await queue.start();
  printer.hold(paperOut);
  const failedTwice = new Promise<void>((resolve) => {
    let failures = 0;
    queue.on("failed", () => {
      failures += 1;
      if (failures === 2) resolve();
    });
  });
  await queue.enqueue(job("r-1"));
  await failedTwice;
  t.deepEqual(printer.jobs, []);
  t.deepEqual(
    queue.pending().map((waiting) => waiting.id),
    ["r-1"],
  );
  t.true(states.includes("paper_out"));

  printer.release();
  const releasedAt = Date.now();
  await printer.whenPrinted(1);
  t.true(
    Date.now() - releasedAt < 10_000,
    "printed when the printer turned ready, not after the 60 s backoff",
  );
  await sleep(100);
  t.is(printer.jobs.length, 1);
  t.is(states.at(-1), "ready");
});

test("no job prints twice: jobs in order, a repeated id queued once, nothing again after a restart", async (t) => {
  const { dir, printer, queue } = await rig(t);
  await queue.start();
  const ids = Array.from({ length: 20 }, (_, i) => `r-${i}`);
  for (const [i, id] of ids.entries()) {
    if (i % 3 === 0) printer.failNext(1);
    await queue.enqueue(job(id));
    if (i % 5 === 0) await queue.enqueue(job(id));
  }
  await printer.whenPrinted(ids.length);
  await queue.whenIdle();
  await queue.stop();
  t.deepEqual(
    printer.jobs.map((printed) => printed.id),
    ids,
  );

  const again = new FakePrinter();
  const restarted = new PrintQueue({ dir, printer: again, logger: silentLogger, pollMs: 20 });
  t.teardown(() => restarted.stop());
  await restarted.start();
  await restarted.whenIdle();
  await sleep(100);
  t.deepEqual(again.jobs, []);
});

test("a job waiting across a restart keeps its slip as drawn: the picture when it had one, none otherwise", async (t) => {
  const { dir, queue } = await rig(t);
  const pictured = { id: "r-file", slip: encodeSlip(sampleSlip, { paperWidthMm: 58, picture: true }) };
  await queue.enqueue(pictured);
  await queue.enqueue(job("r-plain"));

  const printer = new FakePrinter();
  const restarted = new PrintQueue({ dir, printer, logger: silentLogger, pollMs: 20 });
  t.teardown(() => restarted.stop());
  await restarted.start();
  await restarted.whenIdle();
  const [first, second] = printer.jobs;
  t.deepEqual(first?.slip.bytes, pictured.slip.bytes);
  t.is(first?.slip.text, pictured.slip.text);
  t.true(pictured.slip.svg?.startsWith("<svg"));
  t.is(first?.slip.svg, pictured.slip.svg);
  t.deepEqual(second?.slip.bytes, slip.bytes);
  t.is(second?.slip.svg, undefined);
});

test("jobs queued by a process killed with SIGKILL print after a restart, each once, in order", async (t) => {
  const dir = await tempDir("print-queue-kill-");
  t.teardown(dir.remove);
  const script = fileURLToPath(new URL("../helpers/printQueueChild.js", import.meta.url));
  const child = spawn(process.execPath, [script, dir.path, "200"], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const acknowledged = await new Promise<string[]>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const ids = [...out.matchAll(/^QUEUED (\S+)$/gm)].map((match) => match[1] ?? "");
      // Killed in the middle of the run, wherever the next enqueue happens to be.
      if (ids.length >= 15) {
        child.kill("SIGKILL");
        resolve(ids);
      }
    });
    child.once("exit", (code) => reject(new Error(`child exited with ${code} before being killed`)));
  });
  await new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once("exit", resolve),
  );

  const printer = new FakePrinter();
  const queue = new PrintQueue({ dir: dir.path, printer, logger: silentLogger, pollMs: 20 });
  t.teardown(() => queue.stop());
  await queue.start();
  await queue.whenIdle();
  const printed = printer.jobs.map((printedJob) => printedJob.id);
  t.deepEqual(printed.slice(0, acknowledged.length), acknowledged, "every acknowledged job, in order");
  t.is(new Set(printed).size, printed.length, "none twice");
  t.true(printed.length <= acknowledged.length + 1, "at most the one being written when killed");
  t.deepEqual(
    (await readdir(dir.path)).filter((name) => !name.endsWith(".bad")),
    [],
    "no job file and no temporary file left",
  );
});

test("an unreadable job file is set aside as .bad; the other jobs print", async (t) => {
  const { dir, printer, queue } = await rig(t);
  await writeFile(join(dir, "broken.job"), "{ not json");
  const first = new PrintQueue({ dir, printer: new FakePrinter(), logger: silentLogger });
  await first.start();
  await first.stop();
  const held = new FakePrinter();
  held.hold(paperOut);
  const writer = new PrintQueue({ dir, printer: held, logger: silentLogger, pollMs: 60_000 });
  await writer.start();
  await writer.enqueue(job("r-1"));
  await writer.stop();

  await queue.start();
  await printer.whenPrinted(1);
  t.deepEqual(
    printer.jobs.map((printed) => printed.id),
    ["r-1"],
  );
  t.deepEqual((await readdir(dir)).sort(), ["broken.job.bad"]);
});

test("an empty queue still checks the printer, so paper out shows before the next slip", async (t) => {
  const { printer, queue } = await rig(t, { idlePollMs: 20 });
  const states: PrinterState[] = [];
  queue.on("state", (state) => states.push(state));
  await queue.start();
  printer.hold(paperOut);
  await once(queue, "state");
  await sleep(100);
  t.deepEqual(states, ["paper_out"], "told once");
});

test("stop prints what the printer takes at once and leaves the rest on disk", async (t) => {
  const { printer, queue, jobFiles } = await rig(t, { pollMs: 60_000, maxBackoffMs: 60_000 });
  printer.hold(paperOut);
  await queue.start();
  const failed = once(queue, "failed");
  await queue.enqueue(job("r-1"));
  await queue.enqueue(job("r-2"));
  await failed;
  printer.release();
  printer.failNext(1, new PrinterError("jammed", "io", true));
  await queue.stop();
  t.deepEqual(await jobFiles(), ["r-1.job", "r-2.job"], "the last try failed: both wait");

  const again = new FakePrinter();
  const { dir } = await rig(t);
  const second = new PrintQueue({
    dir,
    printer: again,
    logger: silentLogger,
    pollMs: 60_000,
    idlePollMs: 60_000,
  });
  await second.start();
  await second.enqueue(job("r-3"));
  await second.stop();
  t.deepEqual(
    again.jobs.map((printed) => printed.id),
    ["r-3"],
  );
});
