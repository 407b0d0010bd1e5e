/**
 * The serial printer through a socat pty pair, with serialport's real binding: the printer opens
 * one end, a fake ESC/POS printer (`fakeEscPosDevice.ts`) reads the other and answers DLE EOT.
 * Killing socat is an unplug.
 */

import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { silentLogger } from "../../device/logger.js";
import { PrinterError, type PrintJob } from "../../device/ports/printer.js";
import { encodeSlip } from "../../drivers/printer/escposSlip.js";
import { PrintQueue } from "../../drivers/printer/printQueue.js";
import { SerialPrinter } from "../../drivers/printer/serialPrinter.js";
import { fakeSerialPrinter } from "../helpers/fakeEscPosDevice.js";
import { tempDir } from "../helpers/fixtures.js";
import { contractJobs, printerContract, receivedBytes } from "../helpers/printerContract.js";
import { type PtyPair, startPtyPair } from "../helpers/ptyPair.js";
import { sampleSlip } from "../helpers/slips.js";

async function cable(): Promise<{ pair: PtyPair; dir: string; remove: () => Promise<void> }> {
  const dir = await tempDir("printer-pty-");
  const pair = await startPtyPair(join(dir.path, "A"), join(dir.path, "B"));
  return { pair, dir: dir.path, remove: dir.remove };
}

/**
 * A long wait for status answers: a pty round trip through socat takes tens of milliseconds, and
 * far more when the test machine is busy. Only the silent printer waits for it in full.
 */
const serialPrinter = (path: string, statusTimeoutMs = 3000): SerialPrinter =>
  new SerialPrinter({ path, baudRate: 115_200, statusTimeoutMs, logger: silentLogger });

printerContract("serial printer (socat pty)", async () => {
  const { pair, remove } = await cable();
  const end = await fakeSerialPrinter(pair.a);
  const printer = serialPrinter(pair.b);
  return {
    printer,
    received: async () => end.device.received(),
    close: async () => {
      await printer.stop();
      await end.close();
      await pair.stop();
      await remove();
    },
  };
});

test("unplugged: jobs fail as retryable disconnects; replugged: the next job reopens the port", async (t) => {
  const { pair, remove } = await cable();
  t.teardown(remove);
  const printer = serialPrinter(pair.b);
  t.teardown(() => printer.stop());
  const first = await fakeSerialPrinter(pair.a);
  await printer.start();
  t.is(printer.state(), "ready");

  await first.close();
  await pair.stop();
  const [job, second] = contractJobs();
  const error = await t.throwsAsync(printer.print(job), { instanceOf: PrinterError });
  t.is(error?.code, "disconnected");
  t.true(error?.retryable);
  t.is(printer.state(), "disconnected");

  const again = await startPtyPair(pair.a, pair.b);
  t.teardown(() => again.stop());
  const end = await fakeSerialPrinter(again.a);
  t.teardown(end.close);
  await printer.print(second);
  t.is(printer.state(), "ready");
  t.deepEqual(
    await receivedBytes({ received: async () => end.device.received() }, second.slip.bytes.length),
    second.slip.bytes,
  );
});

test("unplugged and replugged between jobs: the next job goes through the new port, once", async (t) => {
  const { pair, remove } = await cable();
  t.teardown(remove);
  const printer = serialPrinter(pair.b);
  t.teardown(() => printer.stop());
  const first = await fakeSerialPrinter(pair.a);
  await printer.start();

  await first.close();
  await pair.stop();
  const again = await startPtyPair(pair.a, pair.b);
  t.teardown(() => again.stop());
  const end = await fakeSerialPrinter(again.a);
  t.teardown(end.close);
  const [job] = contractJobs();
  await printer.print(job);
  t.is(printer.state(), "ready");
  const received = await receivedBytes(
    { received: async () => end.device.received() },
    job.slip.bytes.length,
  );
  await sleep(100);
  t.deepEqual(end.device.received(), received, "nothing more arrives");
  t.deepEqual(received, job.slip.bytes);
});

test("status over the wire: paper out, cover open, offline, and a printer that never answers", async (t) => {
  const { pair, remove } = await cable();
  t.teardown(remove);
  t.teardown(() => pair.stop());
  const end = await fakeSerialPrinter(pair.a);
  t.teardown(end.close);
  const printer = serialPrinter(pair.b);
  t.teardown(() => printer.stop());
  for (const [answer, state] of [
    ["paper_out", "paper_out"],
    ["cover_open", "cover_open"],
    ["offline", "offline"],
    ["ready", "ready"],
  ] as const) {
    end.device.state = answer;
    t.is(await printer.checkState(), state, answer);
  }
  await printer.stop();
  end.device.state = "silent";
  const impatient = serialPrinter(pair.b, 300);
  t.teardown(() => impatient.stop());
  const startedAt = Date.now();
  t.is(await impatient.checkState(), "offline");
  t.true(Date.now() - startedAt < 3000, "a printer that never answers is offline after the timeout, no hang");
  t.deepEqual(end.device.received(), Buffer.alloc(0), "only questions went over the wire");
});

test("paper out, then paper in: the queue holds the job, then prints it exactly once", async (t) => {
  const { pair, dir, remove } = await cable();
  t.teardown(remove);
  t.teardown(() => pair.stop());
  const end = await fakeSerialPrinter(pair.a);
  t.teardown(end.close);
  end.device.state = "paper_out";
  const printer = serialPrinter(pair.b);
  t.teardown(() => printer.stop());
  await printer.start();
  t.is(printer.state(), "paper_out");
  const queue = new PrintQueue({
    dir: join(dir, "print-queue"),
    printer,
    logger: silentLogger,
    pollMs: 50,
    maxBackoffMs: 60_000,
  });
  t.teardown(() => queue.stop());
  await queue.start();
  const [job] = contractJobs();
  await queue.enqueue(job);
  await sleep(400);
  t.true(end.device.queries.length >= 4, "the queue kept asking");
  t.deepEqual(end.device.received(), Buffer.alloc(0), "nothing printed while out of paper");
  t.is(queue.pending().length, 1);

  end.device.state = "ready";
  await queue.whenIdle();
  t.deepEqual(
    await receivedBytes({ received: async () => end.device.received() }, job.slip.bytes.length),
    job.slip.bytes,
  );
  await sleep(300);
  t.deepEqual(end.device.received(), job.slip.bytes, "printed once");
  t.is(printer.state(), "ready");
});

test("a status question never lands inside a job, even while state checks race the jobs", async (t) => {
  const { pair, remove } = await cable();
  t.teardown(remove);
  t.teardown(() => pair.stop());
  const end = await fakeSerialPrinter(pair.a);
  t.teardown(end.close);
  const printer = serialPrinter(pair.b);
  t.teardown(() => printer.stop());
  await printer.start();
  // Raster slips (tens of kilobytes) take a while on the wire, so the checks do overlap them.
  const jobs: PrintJob[] = [58, 80, 58, 80].map((paperWidthMm, i) => ({
    id: `job-${i}`,
    slip: encodeSlip(
      { ...sampleSlip, quantity: i + 1 },
      { paperWidthMm: paperWidthMm as 58 | 80, encoding: "raster" },
    ),
  }));
  const checks = Array.from({ length: 8 }, (_, i) => sleep(i * 5).then(() => printer.checkState()));
  await Promise.all([...jobs.map((job) => printer.print(job)), ...checks]);
  const all = Buffer.concat(jobs.map((job) => job.slip.bytes));
  t.deepEqual(await receivedBytes({ received: async () => end.device.received() }, all.length), all);

  const jobEnds = new Set<number>([0]);
  let offset = 0;
  for (const job of jobs) {
    offset += job.slip.bytes.length;
    jobEnds.add(offset);
  }
  let at = 0;
  for (const segment of end.device.segments) {
    at += segment.length;
    t.true(jobEnds.has(at), `a question arrived ${at} bytes in, not between two jobs`);
  }
  t.true(end.device.queries.length >= jobs.length * 2 + checks.length * 2);
});
