/**
 * The `tcp` printer: raw ESC/POS to port 9100 of a network printer, one connection per job.
 *
 * Failure cases: connection refused, host or network unreachable, DNS failure (retryable, state
 * `disconnected`); no connection or no progress within `timeoutMs` (retryable `timeout`, state
 * `offline`); the printer resetting the connection mid-job (retryable). The job resolves once the
 * bytes and our FIN are handed to the kernel; the socket then lingers until the printer closes its
 * side (or `timeoutMs` more), because closing with unread data would send a RST that can discard
 * what the printer has not read yet.
 */
import { connect, type Socket } from "node:net";
import type { Logger } from "../../device/logger.js";
import { DeviceLink } from "./deviceLink.js";
import { type Printer, PrinterError, type PrinterState, type PrintJob } from "./printer.js";
import { toPrinterError } from "./printerErrors.js";

export interface TcpPrinterOptions {
  readonly host: string;
  readonly port?: number | undefined;
  readonly timeoutMs?: number | undefined;
  readonly logger: Logger;
}

export class TcpPrinter implements Printer {
  readonly kind = "tcp";
  private readonly link: DeviceLink;
  private readonly address: string;
  private readonly port: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: TcpPrinterOptions) {
    this.link = new DeviceLink(options.logger, "disconnected");
    this.port = options.port ?? 9100;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.address = `${options.host}:${this.port}`;
  }

  /** Connects once without sending anything, so the state is known before the first slip. */
  async start(): Promise<void> {
    await this.link.exclusive(async () => {
      try {
        await this.send(Buffer.alloc(0));
        this.link.set("ready");
      } catch (error) {
        this.link.failed(toPrinterError(error, `connect to ${this.address}`));
      }
    });
  }

  async stop(): Promise<void> {}

  print(job: PrintJob): Promise<void> {
    return this.link.exclusive(async () => {
      try {
        await this.send(job.slip.bytes);
      } catch (error) {
        throw this.link.failed(toPrinterError(error, `print to ${this.address}`));
      }
      this.link.set("ready");
    });
  }

  state(): PrinterState {
    return this.link.state();
  }

  private send(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.port });
      const timer = setTimeout(() => {
        const message = `${this.address} took more than ${this.timeoutMs} ms`;
        socket.destroy(new PrinterError(message, "timeout", true));
      }, this.timeoutMs);
      socket.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once("finish", () => {
        clearTimeout(timer);
        resolve();
        lingerThenClose(socket, this.timeoutMs);
      });
      // Printers may send status bytes (ASB); reading them keeps the peer from stalling and our
      // close from turning into a RST. Reading status is later work; for now they are dropped.
      socket.resume();
      socket.end(bytes);
    });
  }
}

function lingerThenClose(socket: Socket, timeoutMs: number): void {
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}
