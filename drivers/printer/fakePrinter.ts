/**
 * A printer in memory, for tests of the code that prints and for the demo: it records every job,
 * can be told to fail the next prints the way an unplugged or empty printer does, and can be put in
 * a state (paper out, cover open…) that it keeps, refusing jobs, until it is set ready again.
 */

import type { PrinterKind } from "../../device/ports/deviceKinds.js";
import { type Printer, PrinterError, type PrinterState, type PrintJob } from "../../device/ports/printer.js";
import { stateAfter } from "./deviceLink.js";

export class FakePrinter implements Printer {
  /** Jobs printed successfully, oldest first. */
  readonly jobs: PrintJob[] = [];
  /** Every call to `print`, successful or not. */
  attempts = 0;
  private current: PrinterState = "ready";
  private held: PrinterError | undefined;
  private failures: PrinterError[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(readonly kind: PrinterKind = "file") {}

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  state(): PrinterState {
    return this.current;
  }

  async checkState(): Promise<PrinterState> {
    return this.current;
  }

  /** The next `count` prints throw `error` (by default a retryable disconnect) and record nothing. */
  failNext(count: number, error = new PrinterError("fake printer unplugged", "disconnected", true)): void {
    this.failures.push(...Array.from({ length: count }, () => error));
  }

  /** Until set again: prints fail with `error` and the state is what that error leaves. */
  hold(error: PrinterError): void {
    this.held = error;
    this.current = stateAfter(error);
  }

  /** Back to printing. */
  release(): void {
    this.held = undefined;
    this.current = "ready";
  }

  async print(job: PrintJob): Promise<void> {
    this.attempts += 1;
    const failure = this.held ?? this.failures.shift();
    if (failure !== undefined) {
      this.current = stateAfter(failure);
      throw failure;
    }
    this.current = "ready";
    this.jobs.push(job);
    this.waiters = this.waiters.filter((waiter) => {
      if (this.jobs.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }

  /** Resolves once `count` jobs in all have been printed. */
  whenPrinted(count: number): Promise<readonly PrintJob[]> {
    return new Promise((resolve) => {
      const done = (): void => resolve(this.jobs);
      if (this.jobs.length >= count) done();
      else this.waiters.push({ count, resolve: done });
    });
  }
}
