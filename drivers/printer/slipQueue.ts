/**
 * The printer side of the slip port (device/ports/slipQueue.ts): lays a slip out for the paper,
 * encodes it into the printer's bytes (escposSlip.ts) and stores the job in the durable print
 * queue (printQueue.ts). The encoders load on the first slip: a kiosk starts without them.
 */
import type { Config } from "../../device/config.js";
import type { EncodedSlip } from "../../device/ports/printer.js";
import { keepsPicture } from "../../device/ports/printer.js";
import type { Slip, SlipJob, SlipQueue } from "../../device/ports/slipQueue.js";
import type { SlipOptions } from "./escposSlip.js";
import type { PrintQueue } from "./printQueue.js";

export class EscposSlipQueue implements SlipQueue {
  constructor(
    private readonly queue: Pick<PrintQueue, "enqueue">,
    private readonly printer: Config["printer"],
  ) {}

  async enqueue(job: SlipJob): Promise<void> {
    const { paperWidthMm, encoding, kind } = this.printer;
    const options: SlipOptions = { paperWidthMm, encoding, picture: keepsPicture(kind) };
    await this.queue.enqueue({ id: job.id, slip: await encode(job.slip, options) });
  }
}

async function encode(slip: Slip, options: SlipOptions): Promise<EncodedSlip> {
  const [{ encodeLayout, encodeSlip }, { columnsByPaper }] = await Promise.all([
    import("./escposSlip.js"),
    import("./slipLayout.js"),
  ]);
  const columns = columnsByPaper[options.paperWidthMm];
  switch (slip.kind) {
    case "redemption":
      return encodeSlip(slip.data, options);
    case "dayReport": {
      const { layoutDayReport } = await import("./dayReportLayout.js");
      return encodeLayout(layoutDayReport(slip.data, columns), options);
    }
    case "exceptions": {
      const { layoutExceptions } = await import("./exceptionsLayout.js");
      return encodeLayout(layoutExceptions(slip.data, columns), options);
    }
  }
}
