/**
 * What every printer adapter shares about its device: the last known state, logged when it changes,
 * and one lane for jobs, so two slips never interleave on one device (a second TCP connection is
 * refused by many printers; two writers on /dev/usb/lp0 mix their bytes).
 */
import type { Logger } from "../../device/logger.js";
import type { PrinterError, PrinterState } from "../../device/ports/printer.js";

/** The state a failure leaves the printer in, as far as a one-way link can tell. */
export function stateAfter(error: PrinterError): PrinterState {
  switch (error.code) {
    case "disconnected":
      return "disconnected";
    case "paper_out":
      return "paper_out";
    case "cover_open":
      return "cover_open";
    case "offline":
    case "timeout":
    case "io":
      return "offline";
  }
}

export class DeviceLink {
  private current: PrinterState;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly logger: Logger,
    initial: PrinterState,
  ) {
    this.current = initial;
  }

  state(): PrinterState {
    return this.current;
  }

  set(next: PrinterState): void {
    if (next === this.current) return;
    this.logger.info("printer state", { from: this.current, to: next });
    this.current = next;
  }

  /** Records the failure's state and returns the error, for `throw link.failed(error)`. */
  failed(error: PrinterError): PrinterError {
    this.logger.warn("print failed", {
      code: error.code,
      retryable: error.retryable,
      error: error.cause ?? error,
    });
    this.set(stateAfter(error));
    return error;
  }

  /**
   * Records what a state check found; quieter than `failed`, since the print queue checks every
   * second while a printer is away and only a change of state is news (`set` logs it).
   */
  checked(error: PrinterError): void {
    this.logger.debug("printer check failed", { code: error.code, error: error.cause ?? error });
    this.set(stateAfter(error));
  }

  /** Runs `task` after every task handed in before it has settled. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
