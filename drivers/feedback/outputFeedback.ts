/**
 * What the feedback adapters that drive on/off outputs share (the IO board through johnny-five,
 * the Pi's GPIO lines): the patterns played by one `OutputPlayer`, the state and its events, the
 * start/stop lifecycle and one `ReconnectingLink` for a device that is absent or lost. A subclass
 * says how it reaches its device (`begin`, `retry`), how it lets it go (`release`) and how a
 * change of outputs is written (`write`, which must not throw).
 *
 * Failure cases handled here: start and stop called twice; a failure while stopping (no retry is
 * scheduled once stopped); a streak of failures (one warning, then debug lines).
 */
import { EventEmitter } from "node:events";
import type { LogFields, Logger } from "../../device/logger.js";
import {
  type Feedback,
  type FeedbackEvents,
  type FeedbackSignal,
  type FeedbackState,
  feedbackReconnect,
} from "../../device/ports/feedback.js";
import type { ReconnectPolicy } from "../../device/ports/reconnect.js";
import { ReconnectingLink } from "../reconnectingLink.js";
import {
  blinkPattern,
  gatePattern,
  type OutputChange,
  OutputPlayer,
  type Schedule,
  signalPatterns,
  timerSchedule,
} from "./outputPlayer.js";

export interface OutputFeedbackSettings {
  readonly relayPulseMs: number;
  readonly reconnect?: ReconnectPolicy | undefined;
  readonly logger: Logger;
  /** The pattern clock; real timers by default. */
  readonly schedule?: Schedule | undefined;
}

export abstract class OutputFeedback extends EventEmitter<FeedbackEvents> implements Feedback {
  abstract readonly kind: Feedback["kind"];
  protected readonly player: OutputPlayer;
  protected readonly reconnect: ReconnectingLink;
  private current: FeedbackState = "disconnected";
  private running = false;

  constructor(private readonly settings: OutputFeedbackSettings) {
    super();
    this.player = new OutputPlayer((changes) => this.write(changes), settings.schedule ?? timerSchedule);
    this.reconnect = new ReconnectingLink(settings.reconnect ?? feedbackReconnect, () => this.retry());
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.reconnect.start();
    await this.begin();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.reconnect.stop();
    this.player.allOff();
    await this.release();
    this.setState("disconnected");
  }

  state(): FeedbackState {
    return this.current;
  }

  signal(signal: FeedbackSignal): void {
    this.player.play("signal", signalPatterns[signal]);
  }

  openGate(): void {
    this.player.play("gate", gatePattern(this.settings.relayPulseMs));
  }

  blink(): void {
    this.player.play("signal", blinkPattern);
  }

  /** `start()`'s first attempt; resolves without waiting for a device that is slow or absent. */
  protected abstract begin(): Promise<void>;
  /** One attempt after a failure, on the reconnect backoff. Never rejects. */
  protected abstract retry(): Promise<void>;
  /** Lets the device go once every output has been asked to turn off. */
  protected abstract release(): Promise<void>;
  /** Writes the changes due at one instant; must not throw. */
  protected abstract write(changes: readonly OutputChange[]): void;

  /**
   * A failed attempt or a lost device: counted, logged (a warning for the first of a streak, debug
   * lines after it), shown as `disconnected`, and retried after the backoff.
   */
  protected failed(message: string, fields: LogFields): void {
    const { first, retryInMs } = this.reconnect.failed();
    const logged = { ...fields, retryInMs };
    if (first) this.settings.logger.warn(message, logged);
    else this.settings.logger.debug(message, logged);
    this.setState("disconnected");
  }

  protected setState(state: FeedbackState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit("state", state);
  }
}
