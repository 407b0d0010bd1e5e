/**
 * `ticket-kiosk print-test --config FILE`: prints the test slip (`testSlipLayout.ts`) on the
 * configured printer, straight to it (not through the daemon's queue), after saying what the
 * printer reports. Exit status: 0 sent, 1 the printer is not ready or the print failed, 2 bad
 * configuration or no printer configured. A serial printer is held by a running daemon: stop it
 * first (the port is then busy and the check says so).
 */
import type { Writable } from "node:stream";
import type { Config } from "./config.js";
import { loadConfig } from "./config.js";
import type { Logger } from "./logger.js";
import { keepsPicture, type Printer, type PrinterState } from "./ports/printer.js";

export interface PrintTestIo {
  readonly stdout: Writable;
  readonly logger: Logger;
  readonly now?: () => Date;
}

/** Where the configured printer is, as a person would name it. */
function describe(printer: Config["printer"]): string {
  switch (printer.kind) {
    case "serial":
      return `serial ${printer.path ?? "?"} at ${printer.baudRate} baud`;
    case "tcp":
      return `tcp ${printer.host ?? "?"}:${printer.port}`;
    case "usb-lp":
      return `usb-lp ${printer.path ?? "?"}`;
    case "file":
      return `file ${printer.dir ?? "?"}`;
    case "none":
      return "none";
  }
}

const advice: Record<Exclude<PrinterState, "ready">, string> = {
  paper_out: "load paper",
  cover_open: "close the cover",
  offline:
    "switch the printer on and check the cable; a printer that cannot answer DLE EOT needs printer.statusTimeoutMs 0",
  disconnected: "check the cable, power, and printer.path / printer.host",
  none: "set printer.kind",
};

export async function printTestCommand(configFile: string, io: PrintTestIo): Promise<number> {
  const config = await loadConfig(configFile);
  const say = (line: string): void => {
    io.stdout.write(`${line}\n`);
  };
  const settings = config.printer;
  say(`printer: ${describe(settings)}`);
  if (settings.kind === "none") {
    say("no printer configured (printer.kind is none): nothing to test");
    return 2;
  }
  const { createPrinter } = await import("../drivers/printer/createPrinter.js");
  const printer: Printer = await createPrinter(settings, { logger: io.logger.child("printer") });
  try {
    await printer.start();
    const state = await printer.checkState();
    const oneWay =
      settings.kind === "usb-lp" || settings.kind === "file"
        ? " (this link cannot report paper or cover)"
        : "";
    say(`status: ${state}${oneWay}`);
    if (state !== "ready") {
      say(`not printing: ${advice[state]}`);
      return 1;
    }
    const { encodeLayout } = await import("../drivers/printer/escposSlip.js");
    const { layoutTestSlip } = await import("../drivers/printer/testSlipLayout.js");
    const { columnsByPaper } = await import("../drivers/printer/slipLayout.js");
    const at = (io.now ?? (() => new Date()))();
    const { encoding, paperWidthMm } = settings;
    const lines = layoutTestSlip(
      {
        printer: describe(settings),
        encoding,
        paperWidthMm,
        deviceId: config.device.id,
        at,
        timeZone: config.device.timeZone,
      },
      columnsByPaper[paperWidthMm],
    );
    const slip = encodeLayout(lines, { paperWidthMm, encoding, picture: keepsPicture(settings.kind) });
    const id = `print-test-${at.getTime()}`;
    try {
      await printer.print({ id, slip });
    } catch (error) {
      say(`print failed: ${(error as Error).message}`);
      return 1;
    }
    say(`sent: test slip, ${slip.bytes.length} bytes, ${encoding}, ${paperWidthMm} mm`);
    if (settings.kind === "file") say(`picture: ${settings.dir ?? "."}/${id}.svg`);
    return 0;
  } finally {
    await printer.stop();
  }
}
