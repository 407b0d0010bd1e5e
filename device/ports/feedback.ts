/**
 * The feedback port: what the customer sees, hears and walks through besides the screen
 * (docs/domain.md §2 step 5) — LEDs, a buzzer, a gate relay — and the physical buttons some kiosks
 * have instead of a keyboard.
 *
 * Feedback is a courtesy: a board that is absent, unplugged or failing never stops a redemption.
 * Adapters never throw from `signal`, `openGate` or `blink`; they log, show it in `state()` and
 * reconnect on their own.
 */
import type { EventEmitter } from "node:events";
import type { FeedbackKind } from "./deviceKinds.js";
import type { ReconnectPolicy } from "./reconnect.js";

export type FeedbackSignal = "ok" | "refused" | "attention";

/** A physical button; each acts like its key: Enter, Esc, + and -. */
export type FeedbackButton = "confirm" | "cancel" | "plus" | "minus";

/**
 * How often an absent device is tried again. Slower than the scanner's: opening the port resets
 * an Arduino, which then boots for about two seconds.
 */
export const feedbackReconnect: ReconnectPolicy = { initialMs: 1000, factor: 1.5, maxMs: 30_000 };

/** `disconnected`: configured but not answering (being retried); `none`: nothing to drive. */
export type FeedbackState = "ready" | "disconnected" | "none";

export interface FeedbackEvents {
  button: [FeedbackButton];
  state: [FeedbackState];
}

export interface Feedback extends EventEmitter<FeedbackEvents> {
  readonly kind: FeedbackKind;
  /** Starts connecting; resolves without waiting for a board that is slow or absent. */
  start(): Promise<void>;
  /** Turns every output off (the gate relay too) and lets the device go. */
  stop(): Promise<void>;
  state(): FeedbackState;
  /** The pattern for a decision: green for ok, red for refused, both (amber) for attention. */
  signal(signal: FeedbackSignal): void;
  /** One pulse of the gate relay: a redemption was committed. */
  openGate(): void;
  /** Every LED once and a short beep, never the relay: `doctor`'s sign of life. */
  blink(): void;
}
