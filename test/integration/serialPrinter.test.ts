/**
 * The serial printer through a socat pty pair, with serialport's real binding: the printer opens
 * one end, the test reads the other. Killing socat is an unplug.
 */

import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { SerialPort } from "serialport";
import { silentLogger } from "../../device/logger.js";
import { PrinterError } from "../../drivers/printer/printer.js";
import { SerialPrinter } from "../../drivers/printer/serialPrinter.js";
import { tempDir } from "../helpers/fixtures.js";
import { contractJobs, printerContract, receivedBytes } from "../helpers/printerContract.js";
import { type PtyPair, startPtyPair } from "../helpers/ptyPair.js";

/** Opens the test's end of the cable and collects what arrives. */
async function reader(
  path: string,
): Promise<{ received: () => Promise<Buffer>; close: () => Promise<void> }> {
  const port = new SerialPort({ path, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  const chunks: Buffer[] = [];
  port.on("data", (chunk: Buffer) => chunks.push(chunk));
  return {
    received: async () => Buffer.concat(chunks),
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}

async function cable(): Promise<{ pair: PtyPair; remove: () => Promise<void> }> {
  const dir = await tempDir("printer-pty-");
  const pair = await startPtyPair(join(dir.path, "A"), join(dir.path, "B"));
  return { pair, remove: dir.remove };
}

printerContract("serial printer (socat pty)", async () => {
  const { pair, remove } = await cable();
  const end = await reader(pair.a);
  const printer = new SerialPrinter({ path: pair.b, baudRate: 115_200, logger: silentLogger });
  return {
    printer,
    received: end.received,
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
  const printer = new SerialPrinter({ path: pair.b, baudRate: 115_200, logger: silentLogger });
  t.teardown(() => printer.stop());
  await printer.start();
  t.is(printer.state(), "ready");

  await pair.stop();
  const [first, second] = contractJobs();
  const error = await t.throwsAsync(printer.print(first), { instanceOf: PrinterError });
  t.is(error?.code, "disconnected");
  t.true(error?.retryable);
  t.is(printer.state(), "disconnected");

  const again = await startPtyPair(pair.a, pair.b);
  t.teardown(() => again.stop());
  const end = await reader(again.a);
  t.teardown(end.close);
  await printer.print(second);
  t.is(printer.state(), "ready");
  t.deepEqual(await receivedBytes(end, second.slip.bytes.length), second.slip.bytes);
});

test("unplugged and replugged between jobs: the next job goes through the new port, once", async (t) => {
  const { pair, remove } = await cable();
  t.teardown(remove);
  const printer = new SerialPrinter({ path: pair.b, baudRate: 115_200, logger: silentLogger });
  t.teardown(() => printer.stop());
  await printer.start();

  await pair.stop();
  const again = await startPtyPair(pair.a, pair.b);
  t.teardown(() => again.stop());
  const end = await reader(again.a);
  t.teardown(end.close);
  const [job] = contractJobs();
  await printer.print(job);
  t.is(printer.state(), "ready");
  const received = await receivedBytes(end, job.slip.bytes.length);
  await sleep(100);
  t.deepEqual(await end.received(), received, "nothing more arrives");
  t.deepEqual(received, job.slip.bytes);
});
