/**
 * Picks the printer adapter for `printer.kind`. Config validation already demands `path`, `host` or
 * `dir` for the kinds that need them; a missing one here is a programming error and throws.
 * Adapters are imported lazily: only the configured one loads at start, so a kiosk without a serial
 * printer never loads serialport (docs/performance.md, "Cold start, second round").
 */
import type { BindingInterface } from "@serialport/bindings-cpp";
import type { Config } from "../../device/config.js";
import type { Logger } from "../../device/logger.js";
import type { Printer } from "../../device/ports/printer.js";

export interface PrinterDeps {
  readonly logger: Logger;
  /** The serialport binding for `serial` printers; the real one when absent. */
  readonly binding?: BindingInterface | undefined;
}

function required(value: string | undefined, key: string): string {
  if (value === undefined) throw new Error(`${key} is required for this printer kind`);
  return value;
}

export async function createPrinter(config: Config["printer"], deps: PrinterDeps): Promise<Printer> {
  const { logger } = deps;
  switch (config.kind) {
    case "file": {
      const { FilePrinter } = await import("./filePrinter.js");
      return new FilePrinter({ dir: required(config.dir, "printer.dir"), logger });
    }
    case "tcp": {
      const { TcpPrinter } = await import("./tcpPrinter.js");
      return new TcpPrinter({
        host: required(config.host, "printer.host"),
        port: config.port,
        statusTimeoutMs: config.statusTimeoutMs,
        logger,
      });
    }
    case "serial": {
      const { SerialPrinter } = await import("./serialPrinter.js");
      return new SerialPrinter({
        path: required(config.path, "printer.path"),
        baudRate: config.baudRate,
        statusTimeoutMs: config.statusTimeoutMs,
        binding: deps.binding,
        logger,
      });
    }
    case "usb-lp": {
      const { UsbLpPrinter } = await import("./usbLpPrinter.js");
      return new UsbLpPrinter({ path: required(config.path, "printer.path"), logger });
    }
    case "none": {
      const { NonePrinter } = await import("./nonePrinter.js");
      return new NonePrinter();
    }
  }
}
