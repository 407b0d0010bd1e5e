/**
 * What every printer adapter shares about its device: the last known state, logged when it changes,
 * one lane for jobs, so two slips never interleave on one device (a second TCP connection is
 * refused by many printers; two writers on /dev/usb/lp0 mix their bytes), and the glue of `print`
 * and `checkState` around it. An adapter composes one and says only how its bytes travel
 * (`deliver`) and how it finds its state out (`probe`).
 */
import { access, constants } from "node:fs/promises";
import type { Logger } from "../../device/logger.js";
import type { PrinterError, PrinterState } from "../../device/ports/printer.js";
import { toPrinterError } from "./printerErrors.js";

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

  /**
   * One job on the lane: `deliver` hands the bytes to the device. A failure is logged, leaves its
   * state and is thrown as a `PrinterError` (`action` says what was being done); a success means ready.
   */
  print(action: string, deliver: () => Promise<void>): Promise<void> {
    return this.exclusive(async () => {
      try {
        await deliver();
      } catch (error) {
        throw this.failed(toPrinterError(error, action));
      }
      this.set("ready");
    });
  }

  /**
   * One state check on the lane, between jobs: `probe` sets what it finds; a failure is recorded
   * quietly (`checked`). Never throws; returns the state found.
   */
  check(action: string, probe: () => Promise<void>): Promise<PrinterState> {
    return this.exclusive(async () => {
      try {
        await probe();
      } catch (error) {
        this.checked(toPrinterError(error, action));
      }
      return this.current;
    });
  }

  /**
   * `start()` of a two-way link (serial, tcp): asks at once, so the state is known before the first
   * slip; a printer absent or unhappy at start is a warning, not a failure.
   */
  async startByAsking(printer: string, checkState: () => Promise<PrinterState>): Promise<void> {
    const state = await checkState();
    if (state !== "ready") this.logger.warn("printer not ready at start", { printer, state });
  }

  /**
   * The probe of a one-way link (file, usb-lp), which can only see whether `path` is there and
   * writable: a printer that was gone and is back counts as ready; one that is there but failed
   * its last write keeps that state until a write succeeds.
   */
  async probeWritable(path: string): Promise<void> {
    await access(path, constants.W_OK);
    if (this.current === "disconnected") this.set("ready");
  }

  /** Runs `task` after every task handed in before it has settled. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
