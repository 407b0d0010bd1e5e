/**
 * Feedback that only remembers: for `feedback.kind: none` and for tests, where `press` stands in
 * for a physical button.
 */
import { EventEmitter } from "node:events";
import type {
  Feedback,
  FeedbackButton,
  FeedbackEvents,
  FeedbackSignal,
  FeedbackState,
} from "../../device/ports/feedback.js";

export class FakeFeedback extends EventEmitter<FeedbackEvents> implements Feedback {
  readonly kind = "none";
  readonly signals: FeedbackSignal[] = [];
  gates = 0;
  blinks = 0;

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  state(): FeedbackState {
    return "none";
  }

  signal(signal: FeedbackSignal): void {
    this.signals.push(signal);
  }

  openGate(): void {
    this.gates += 1;
  }

  blink(): void {
    this.blinks += 1;
  }

  press(button: FeedbackButton): void {
    this.emit("button", button);
  }
}
