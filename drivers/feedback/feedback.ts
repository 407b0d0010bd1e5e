/**
 * The feedback port: what the customer sees and hears besides the screen (PRODUCT.md §2 step 5).
 */
export type FeedbackSignal = "ok" | "refused" | "attention";

export interface Feedback {
  readonly kind: "johnny-five" | "bell" | "none";
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Never throws: feedback is a courtesy and must not stop a redemption. */
  signal(signal: FeedbackSignal): void;
}
