/**
 * The `usb-lp` printer: the kernel's USB printer class device (`/dev/usb/lp0`, or a udev name).
 *
 * The device is opened per job, write-only and non-blocking, and never read: a read, or a blocking
 * write to a printer out of paper, would hold a libuv thread for as long as the printer waits.
 * With O_NONBLOCK a stalled printer answers EAGAIN, retried every `pollMs` until `timeoutMs`.
 * No O_CREAT: when the printer is unplugged the device node is gone, and opening must fail (ENOENT,
 * retryable `disconnected`) instead of creating a regular file in its place. O_APPEND changes
 * nothing for a device and lets a plain file stand in for one.
 *
 * No status: DLE EOT needs a read, and a read on /dev/usb/lp0 blocks a libuv thread for as long as
 * the printer has nothing to say (docs/hardware.md). Paper out shows only as a write that times out.
 */
import { access, constants, open } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../../device/logger.js";
import { type Printer, PrinterError, type PrinterState, type PrintJob } from "../../device/ports/printer.js";
import { DeviceLink } from "./deviceLink.js";
import { toPrinterError } from "./printerErrors.js";

export interface UsbLpPrinterOptions {
  readonly path: string;
  readonly logger: Logger;
  readonly timeoutMs?: number | undefined;
}

const writeFlags = constants.O_WRONLY | constants.O_APPEND | constants.O_NONBLOCK;
const pollMs = 50;

export class UsbLpPrinter implements Printer {
  readonly kind = "usb-lp";
  private readonly link: DeviceLink;
  private readonly timeoutMs: number;

  constructor(private readonly options: UsbLpPrinterOptions) {
    this.link = new DeviceLink(options.logger, "disconnected");
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Checks the device node is there and writable, without opening it. */
  async start(): Promise<void> {
    try {
      await access(this.options.path, constants.W_OK);
      this.link.set("ready");
    } catch (error) {
      this.link.failed(toPrinterError(error, `open ${this.options.path}`));
    }
  }

  async stop(): Promise<void> {}

  print(job: PrintJob): Promise<void> {
    return this.link.print(`write to ${this.options.path}`, () => this.write(job.slip.bytes));
  }

  state(): PrinterState {
    return this.link.state();
  }

  /** Only whether the device node is there and writable (unplugged or not). */
  checkState(): Promise<PrinterState> {
    return this.link.check(`open ${this.options.path}`, () => this.link.probeWritable(this.options.path));
  }

  private async write(bytes: Buffer): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    const handle = await open(this.options.path, writeFlags);
    try {
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += (await handle.write(bytes, offset)).bytesWritten;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
          if (Date.now() >= deadline) {
            const message = `${this.options.path} took no data for ${this.timeoutMs} ms`;
            throw new PrinterError(message, "timeout", true, { cause: error });
          }
          await sleep(pollMs);
        }
      }
    } finally {
      await handle.close();
    }
  }
}
