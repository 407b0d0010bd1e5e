/**
 * The `tcp` printer: raw ESC/POS to port 9100 of a network printer, one connection per job.
 *
 * The link is two-way: on each connection the printer is first asked its status with DLE EOT
 * (`escposStatus.ts`), and the job goes out only when it says it is ready; `checkState` connects
 * just to ask. One connection at a time (`DeviceLink`): many printers serve only one.
 *
 * Failure cases: connection refused, host or network unreachable, DNS failure (retryable, state
 * `disconnected`); no connection or no progress within `timeoutMs` (retryable `timeout`, state
 * `offline`); no status answer within `statusTimeoutMs` (retryable `timeout`, nothing sent); the
 * printer resetting the connection mid-job (retryable). The job resolves once the bytes and our FIN
 * are handed to the kernel; the socket then lingers until the printer closes its side (or
 * `timeoutMs` more), because closing with unread data would send a RST that can discard what the
 * printer has not read yet.
 */
import { connect, type Socket } from "node:net";
import type { Logger } from "../../device/logger.js";
import { type Printer, PrinterError, type PrinterState, type PrintJob } from "../../device/ports/printer.js";
import { DeviceLink } from "./deviceLink.js";
import {
  notReadyError,
  queryStatus,
  type StatusAnswer,
  StatusReplies,
  stateOf,
  statusQuery,
} from "./escposStatus.js";

export interface TcpPrinterOptions {
  readonly host: string;
  readonly port?: number | undefined;
  readonly timeoutMs?: number | undefined;
  /** How long to wait for each DLE EOT answer; 0 never asks (printers that cannot answer). */
  readonly statusTimeoutMs?: number | undefined;
  readonly logger: Logger;
}

export class TcpPrinter implements Printer {
  readonly kind = "tcp";
  private readonly link: DeviceLink;
  private readonly address: string;
  private readonly port: number;
  private readonly timeoutMs: number;
  private readonly statusTimeoutMs: number;

  constructor(private readonly options: TcpPrinterOptions) {
    this.link = new DeviceLink(options.logger, "disconnected");
    this.port = options.port ?? 9100;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.address = `${options.host}:${this.port}`;
  }

  /** Connects (and asks the status) without printing, so the state is known before the first slip. */
  async start(): Promise<void> {
    await this.link.startByAsking(this.address, () => this.checkState());
  }

  async stop(): Promise<void> {}

  print(job: PrintJob): Promise<void> {
    return this.link.print(`print to ${this.address}`, async () => {
      const answer = await this.exchange(job.slip.bytes);
      if (answer !== "ready") throw notReadyError(answer, this.address, this.statusTimeoutMs);
    });
  }

  state(): PrinterState {
    return this.link.state();
  }

  checkState(): Promise<PrinterState> {
    return this.link.check(`connect to ${this.address}`, async () => {
      this.link.set(stateOf(await this.exchange(undefined)));
    });
  }

  /**
   * One connection: the status question (when asking is on), then `bytes` (when given and the
   * printer is ready), then our FIN. Resolves with the answer; rejects on socket errors and
   * timeouts. The deadline covers the whole exchange, status answers included.
   */
  private exchange(bytes: Buffer | undefined): Promise<StatusAnswer> {
    const socket = connect({ host: this.options.host, port: this.port });
    const replies = new StatusReplies();
    socket.on("data", (chunk: Buffer) => replies.feed(chunk));
    const deadlineMs = this.timeoutMs + 3 * this.statusTimeoutMs;
    const timer = setTimeout(() => {
      socket.destroy(new PrinterError(`${this.address} took more than ${deadlineMs} ms`, "timeout", true));
    }, deadlineMs);
    // `on`, not `once`: a late error (a RST while lingering) must find a listener, or it would crash.
    const failed = new Promise<never>((_, reject) => socket.on("error", reject));
    failed.catch(() => undefined);
    const step = <T>(work: Promise<T>): Promise<T> => Promise.race([work, failed]);

    const run = async (): Promise<StatusAnswer> => {
      await step(new Promise<void>((resolve) => socket.once("connect", () => resolve())));
      const answer =
        this.statusTimeoutMs === 0
          ? "ready"
          : await step(
              queryStatus((n) => {
                replies.clear();
                socket.write(statusQuery(n));
                return replies.next(this.statusTimeoutMs);
              }),
            );
      const sent = step(new Promise<void>((resolve) => socket.once("finish", () => resolve())));
      if (answer === "ready" && bytes !== undefined) socket.end(bytes);
      else socket.end();
      await sent;
      return answer;
    };
    return run().finally(() => {
      clearTimeout(timer);
      lingerThenClose(socket, this.timeoutMs);
    });
  }
}

function lingerThenClose(socket: Socket, timeoutMs: number): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}
