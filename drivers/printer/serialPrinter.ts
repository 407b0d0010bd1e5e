/**
 * The `serial` printer: ESC/POS over RS-232 or USB-serial through serialport 13. The binding is
 * injected (the real one by default, `MockBinding` in unit tests).
 *
 * The link is two-way: before each job, and in `checkState`, the printer is asked its status with
 * DLE EOT (`escposStatus.ts`); a printer out of paper, with its cover open, offline or silent gets
 * nothing, so the job can wait in the print queue instead of filling the printer's buffer.
 *
 * Failure cases: the port cannot be opened at start (state `disconnected`, start still resolves);
 * the port vanishes (USB unplugged: the next write fails, serialport closes the port, state
 * `disconnected`) and is reopened by a later job, or by the same job when the device is already
 * back (see `send`); the printer stops taking data (hardware flow control while out of paper, or
 * switched off): after `timeoutMs` plus the time the bytes need at the baud rate, the job fails as
 * `timeout`, and the bytes still queued in the OS are discarded and the port closed, so that a
 * retry does not print the slip twice when the printer comes back.
 */
import type { BindingInterface } from "@serialport/bindings-cpp";
import type { Logger } from "../../device/logger.js";
import { type Printer, PrinterError, type PrinterState, type PrintJob } from "../../device/ports/printer.js";
import { SerialPortStream, systemBinding } from "../serialPort.js";
import { DeviceLink } from "./deviceLink.js";
import {
  notReadyError,
  queryStatus,
  type StatusAnswer,
  StatusReplies,
  stateOf,
  statusQuery,
} from "./escposStatus.js";

export interface SerialPrinterOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly logger: Logger;
  readonly binding?: BindingInterface | undefined;
  readonly timeoutMs?: number | undefined;
  /** How long to wait for each DLE EOT answer; 0 never asks (printers that cannot answer). */
  readonly statusTimeoutMs?: number | undefined;
}

export class SerialPrinter implements Printer {
  readonly kind = "serial";
  private readonly link: DeviceLink;
  private readonly binding: BindingInterface;
  private readonly timeoutMs: number;
  private readonly statusTimeoutMs: number;
  private readonly replies = new StatusReplies();
  private port: SerialPortStream | undefined;

  constructor(private readonly options: SerialPrinterOptions) {
    this.link = new DeviceLink(options.logger, "disconnected");
    this.binding = options.binding ?? systemBinding;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
  }

  /** Opens the port and asks the status; an absent or unhappy printer only shows in the state. */
  async start(): Promise<void> {
    await this.link.startByAsking(this.options.path, () => this.checkState());
  }

  async stop(): Promise<void> {
    await this.link.exclusive(() => this.close());
    this.link.set("disconnected");
  }

  print(job: PrintJob): Promise<void> {
    return this.link.print(`print to ${this.options.path}`, () => this.send(job.slip.bytes));
  }

  state(): PrinterState {
    return this.link.state();
  }

  checkState(): Promise<PrinterState> {
    return this.link.check(`ask ${this.options.path}`, async () => {
      const port = await this.open();
      if (this.statusTimeoutMs > 0) this.link.set(stateOf(await this.query(port)));
    });
  }

  /** The open port, opening it when there is none (at start, or after it went away). */
  private async open(): Promise<SerialPortStream> {
    if (this.port?.isOpen) return this.port;
    const { path, baudRate } = this.options;
    const port = new SerialPortStream({ binding: this.binding, path, baudRate, autoOpen: false });
    port.on("error", (error) => this.options.logger.warn("serial port error", { path, error }));
    port.on("close", () => {
      if (this.port !== port) return;
      this.port = undefined;
      this.link.set("disconnected");
    });
    try {
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      throw new PrinterError(`cannot open ${path}`, "disconnected", true, { cause: error });
    }
    // Flowing mode: what the printer sends is read at once, status answers kept, the rest dropped.
    port.on("data", (chunk: Buffer) => this.replies.feed(chunk));
    this.port = port;
    this.link.set("ready");
    return port;
  }

  /** Closes the port, if any; its `close` event no longer counts as a disconnect. */
  private async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /**
   * Writes on the open port. A port opened before the device went away and came back (unplugged
   * and replugged between jobs) is dead: its first write fails with EIO, since serialport notices
   * no unplug while only reading. Such a port is reopened and the job sent once more; nothing of it
   * reached the device through the dead port. After an unplug in the middle of this job the
   * reopen fails, as the device has only just gone, so a half slip is not followed by a whole one.
   */
  private async send(bytes: Buffer): Promise<void> {
    const reused = this.port?.isOpen === true;
    try {
      await this.deliver(await this.open(), bytes);
    } catch (error) {
      if (!reused || !(error instanceof PrinterError) || error.code !== "disconnected") throw error;
      await this.close();
      await this.deliver(await this.open(), bytes);
    }
  }

  /** Asks first (when asking is on) and sends the job only to a printer that says it is ready. */
  private async deliver(port: SerialPortStream, bytes: Buffer): Promise<void> {
    if (this.statusTimeoutMs > 0) {
      const answer = await this.query(port);
      if (answer !== "ready") throw notReadyError(answer, this.options.path, this.statusTimeoutMs);
    }
    await this.writeAndDrain(port, bytes);
  }

  private query(port: SerialPortStream): Promise<StatusAnswer> {
    return queryStatus(async (n) => {
      this.replies.clear();
      await this.writeAndDrain(port, statusQuery(n));
      return this.replies.next(this.statusTimeoutMs);
    });
  }

  private writeAndDrain(port: SerialPortStream, bytes: Buffer): Promise<void> {
    const { path, baudRate } = this.options;
    // 10 bits per byte on the wire (start, 8 data, stop): a slip at 9600 baud needs about 0.7 s.
    const deadlineMs = this.timeoutMs + Math.ceil((bytes.length * 10 * 1000) / baudRate);
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        const error = new PrinterError(`${path} took no data for ${deadlineMs} ms`, "timeout", true);
        // Fails only once the port is closed, so a retry opens a fresh port (the old one holds the
        // device lock until then) and finds no stale bytes ahead of its own.
        port.flush(() => void this.close().then(() => reject(error)));
      }, deadlineMs);
      const settle = (cause: Error | null | undefined): void => {
        if (timedOut) return;
        clearTimeout(timer);
        if (!cause) resolve();
        else reject(new PrinterError(`write to ${path} failed`, "disconnected", true, { cause }));
      };
      port.write(bytes, (cause) => {
        if (cause) settle(cause);
      });
      port.drain(settle);
    });
  }
}
