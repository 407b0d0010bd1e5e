/**
 * Real devices named by environment variables, as node-serialport's tests take `TEST_PORT`: the
 * contract suites also run against them when set, and report those cases as not run when unset.
 * - `TICKET_KIOSK_TEST_SCANNER=/dev/ttyACM0`: a serial scanner (at `TICKET_KIOSK_TEST_SCANNER_BAUD`,
 *   9600 unless set).
 * - `TICKET_KIOSK_TEST_PRINTER=/dev/usb/lp0` (usb-lp), `tcp://192.0.2.10:9100` (tcp) or another
 *   path such as `/dev/ttyUSB0` (serial at `TICKET_KIOSK_TEST_PRINTER_BAUD`, 9600 unless set).
 */
import test, { type ExecutionContext } from "ava";
import { silentLogger } from "../../device/logger.js";
import type { Printer } from "../../device/ports/printer.js";
import { SerialPrinter } from "../../drivers/printer/serialPrinter.js";
import { TcpPrinter } from "../../drivers/printer/tcpPrinter.js";
import { UsbLpPrinter } from "../../drivers/printer/usbLpPrinter.js";

export type RealDeviceVariable = "TICKET_KIOSK_TEST_SCANNER" | "TICKET_KIOSK_TEST_PRINTER";

/**
 * Registers `body` on the device the variable names, or, when it is unset, as a skipped test so
 * the report says that this case did not run.
 */
export function realDeviceTest(
  variable: RealDeviceVariable,
  title: string,
  body: (t: ExecutionContext, device: string) => Promise<void>,
): void {
  const device = process.env[variable];
  if (device === undefined || device === "") {
    test.skip(`${title} (set ${variable} to run it on a real device)`, () => {});
    return;
  }
  test(`${title} (${variable}=${device})`, (t) => body(t, device));
}

export function baudRateOf(variable: string): number {
  return Number(process.env[variable] ?? 9600);
}

/** The printer adapter for `TICKET_KIOSK_TEST_PRINTER`'s value. */
export function realPrinter(device: string): Printer {
  if (device.startsWith("tcp://")) {
    const url = new URL(device);
    return new TcpPrinter({ host: url.hostname, port: Number(url.port || 9100), logger: silentLogger });
  }
  if (device.startsWith("/dev/usb/")) return new UsbLpPrinter({ path: device, logger: silentLogger });
  return new SerialPrinter({
    path: device,
    baudRate: baudRateOf("TICKET_KIOSK_TEST_PRINTER_BAUD"),
    logger: silentLogger,
  });
}
