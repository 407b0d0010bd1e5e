/**
 * The terminal bell: one ring for ok, two for a refusal, three for attention. The ring itself is
 * injected (the UI owns the terminal). There is no gate and no button.
 */
import { EventEmitter } from "node:events";
import type { Feedback, FeedbackEvents, FeedbackSignal, FeedbackState } from "../../device/ports/feedback.js";

const rings: Record<FeedbackSignal, number> = { ok: 1, refused: 2, attention: 3 };
const gapMs = 180;

export class BellFeedback extends EventEmitter<FeedbackEvents> implements Feedback {
  readonly kind = "bell";
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly ring: () => void) {
    super();
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  state(): FeedbackState {
    return "ready";
  }

  signal(signal: FeedbackSignal): void {
    for (let i = 0; i < rings[signal]; i += 1) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.ring();
      }, i * gapMs);
      this.timers.add(timer);
    }
  }

  openGate(): void {}

  blink(): void {
    this.ring();
  }
}
