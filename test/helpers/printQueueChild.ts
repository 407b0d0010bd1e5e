/**
 * A process the print queue tests kill: it queues `job-0`, `job-1`… on a printer that is out of
 * paper (so nothing prints) and writes `QUEUED <id>` to stdout, synchronously, as soon as each
 * `enqueue` has resolved, the moment a caller would count on the job. Then it waits to be killed.
 */
import { writeSync } from "node:fs";
import { silentLogger } from "../../device/logger.js";
import { PrinterError } from "../../device/ports/printer.js";
import { encodeSlip } from "../../drivers/printer/escposSlip.js";
import { FakePrinter } from "../../drivers/printer/fakePrinter.js";
import { PrintQueue } from "../../drivers/printer/printQueue.js";
import { sampleSlip } from "./slips.js";

const [dir, countText] = process.argv.slice(2);
const printer = new FakePrinter();
printer.hold(new PrinterError("out of paper", "paper_out", true));
const queue = new PrintQueue({ dir: dir ?? "", printer, logger: silentLogger, pollMs: 60_000 });
await queue.start();
const slip = encodeSlip(sampleSlip, { paperWidthMm: 58 });
for (let i = 0; i < Number(countText); i += 1) {
  await queue.enqueue({ id: `job-${i}`, slip });
  writeSync(1, `QUEUED job-${i}\n`);
}
setInterval(() => undefined, 60_000);
