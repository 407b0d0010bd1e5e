/**
 * One asynchronous back-office call at a time per screen, never blocking the event loop (issue 5:
 * the UI never freezes on I/O). While it runs the screen shows a spinner (after 300 ms, like the
 * redemption flow); an answer that comes after the screen asked again, or was left, is dropped.
 */
import { safeText } from "../displayText.js";

export class Task {
  private token = 0;
  private busy = false;
  private failure: string | undefined;

  constructor(private readonly changed: () => void) {}

  running(): boolean {
    return this.busy;
  }

  /** The last call's error, as plain text; undefined after a success. */
  error(): string | undefined {
    return this.failure;
  }

  run<T>(work: () => Promise<T>, done: (value: T) => void): void {
    const token = ++this.token;
    this.busy = true;
    this.failure = undefined;
    this.changed();
    const settle = (apply: () => void) => {
      if (token !== this.token) return;
      this.busy = false;
      apply();
      this.changed();
    };
    // A call that throws before returning its promise fails the same way as one that rejects.
    Promise.resolve()
      .then(work)
      .then(
        (value) => settle(() => done(value)),
        (error: unknown) =>
          settle(() => {
            this.failure = safeText(error instanceof Error ? error.message : String(error));
          }),
      );
  }

  /** Forgets the call in flight (the screen was left or asks something else). */
  cancel(): void {
    this.token += 1;
    this.busy = false;
  }
}
