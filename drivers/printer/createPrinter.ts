/**
 * Picks the printer adapter for `printer.kind`. Config validation already demands `path`, `host` or
 * `dir` for the kinds that need them; a missing one here is a programming error and throws.
 */
import type { BindingInterface } from "@serialport/bindings-cpp";
import type { Config } from "../../device/config.js";
import type { Logger } from "../../device/logger.js";
import type { Printer } from "../../device/ports/printer.js";
import { FilePrinter } from "./filePrinter.js";
import { NonePrinter } from "./nonePrinter.js";
import { SerialPrinter } from "./serialPrinter.js";
import { TcpPrinter } from "./tcpPrinter.js";
import { UsbLpPrinter } from "./usbLpPrinter.js";

export interface PrinterDeps {
  readonly logger: Logger;
  /** The serialport binding for `serial` printers; the real one when absent. */
  readonly binding?: BindingInterface | undefined;
}

function required(value: string | undefined, key: string): string {
  if (value === undefined) throw new Error(`${key} is required for this printer kind`);
  return value;
}

export function createPrinter(config: Config["printer"], deps: PrinterDeps): Printer {
  const { logger } = deps;
  switch (config.kind) {
    case "file":
      return new FilePrinter({ dir: required(config.dir, "printer.dir"), logger });
    case "tcp":
      return new TcpPrinter({
        host: required(config.host, "printer.host"),
        port: config.port,
        statusTimeoutMs: config.statusTimeoutMs,
        logger,
      });
    case "serial":
      return new SerialPrinter({
        path: required(config.path, "printer.path"),
        baudRate: config.baudRate,
        statusTimeoutMs: config.statusTimeoutMs,
        binding: deps.binding,
        logger,
      });
    case "usb-lp":
      return new UsbLpPrinter({ path: required(config.path, "printer.path"), logger });
    case "none":
      return new NonePrinter();
  }
}
