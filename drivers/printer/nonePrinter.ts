/** `printer.kind: none`: a kiosk without a printer. Jobs are accepted and dropped. */
import type { Printer, PrinterState, PrintJob } from "../../device/ports/printer.js";

export class NonePrinter implements Printer {
  readonly kind = "none";

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async print(_job: PrintJob): Promise<void> {}

  state(): PrinterState {
    return "none";
  }

  async checkState(): Promise<PrinterState> {
    return "none";
  }
}
