/**
 * The contract every `Printer` adapter keeps, run against each one with its own receiving end
 * (a folder, a loopback server, a pty, a plain file, memory): after `start()` it is ready, jobs
 * arrive byte for byte and in order even when handed in together, and `stop()` can be called twice.
 */

import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import type { Printer, PrintJob } from "../../device/ports/printer.js";
import { encodeSlip } from "../../drivers/printer/escposSlip.js";
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

export function printerContract(name: string, makeRig: () => Promise<PrinterRig>): void {
  test(`${name}: ready after start; two jobs arrive byte for byte, in order; stop twice`, async (t) => {
    const rig = await makeRig();
    t.teardown(() => rig.close());
    await rig.printer.start();
    t.is(rig.printer.state(), "ready");

    const [first, second] = contractJobs();
    await Promise.all([rig.printer.print(first), rig.printer.print(second)]);
    const expected = Buffer.concat([first.slip.bytes, second.slip.bytes]);
    t.deepEqual(await receivedBytes(rig, expected.length), expected);
    t.is(rig.printer.state(), "ready");

    await rig.printer.stop();
    await rig.printer.stop();
  });
}
