/** Feedback that only remembers: for `feedback.kind: none` and for tests. */
import type { Feedback, FeedbackSignal } from "./feedback.js";

export class FakeFeedback implements Feedback {
  readonly kind = "none";
  readonly signals: FeedbackSignal[] = [];

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  signal(signal: FeedbackSignal): void {
    this.signals.push(signal);
  }
}
