/**
 * The contract every `Printer` adapter keeps, run against each one with its own receiving end
 * (a folder, a loopback server, a pty, a plain file, memory): after `start()` it is ready, jobs
 * arrive byte for byte and in order even when handed in together, and `stop()` can be called twice.
 * `realPrinterContract` runs it on the printer `TICKET_KIOSK_TEST_PRINTER` names, whose paper a
 * person reads: two slips, the 58 mm one first, then its 80 mm reprint.
 */

import { setTimeout as sleep } from "node:timers/promises";
import test, { type ExecutionContext } from "ava";
import type { Printer, PrintJob } from "../../device/ports/printer.js";
import { encodeSlip } from "../../drivers/printer/escposSlip.js";
import { realDeviceTest, realPrinter } from "./realDevices.js";
import { sampleReprint, sampleSlip } from "./slips.js";

export interface PrinterRig {
  readonly printer: Printer;
  /** Everything the receiving end has got so far, jobs concatenated in order. */
  received(): Promise<Buffer>;
  close(): Promise<void>;
}

/** Polls until `length` bytes have arrived, or fails after `timeoutMs`. */
export async function receivedBytes(
  rig: Pick<PrinterRig, "received">,
  length: number,
  timeoutMs = 5000,
): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const bytes = await rig.received();
    if (bytes.length >= length || Date.now() > deadline) return bytes;
    await sleep(10);
  }
}

export function contractJobs(): [PrintJob, PrintJob] {
  return [
    { id: "slip-1", slip: encodeSlip(sampleSlip, { paperWidthMm: 58 }) },
    {
      id: "slip-1-reprint-1",
      slip: encodeSlip({ ...sampleSlip, reprint: sampleReprint }, { paperWidthMm: 80 }),
    },
  ];
}

const contractTitle = "ready after start; two jobs arrive byte for byte, in order; stop twice";

export function printerContract(name: string, makeRig: () => Promise<PrinterRig>): void {
  test(`${name}: ${contractTitle}`, async (t) => {
    const rig = await makeRig();
    t.teardown(() => rig.close());
    await keepsContract(t, rig.printer, async (expected) => {
      t.deepEqual(await receivedBytes(rig, expected.length), expected);
    });
  });
}

export function realPrinterContract(): void {
  realDeviceTest("TICKET_KIOSK_TEST_PRINTER", `real printer: ${contractTitle}`, async (t, device) => {
    // Nothing can be read back from a real printer: its paper is the receiving end.
    await keepsContract(t, realPrinter(device), async () => {});
  });
}

async function keepsContract(
  t: ExecutionContext,
  printer: Printer,
  received: (expected: Buffer) => Promise<void>,
): Promise<void> {
  await printer.start();
  t.is(printer.state(), "ready");

  const [first, second] = contractJobs();
  await Promise.all([printer.print(first), printer.print(second)]);
  await received(Buffer.concat([first.slip.bytes, second.slip.bytes]));
  t.is(printer.state(), "ready");

  await printer.stop();
  await printer.stop();
}
