/**
 * Whether the kiosk talks to the central service right now, and why not. A failed or timed-out
 * call takes it offline at once, so the next customer is not made to wait for another timeout;
 * answers that keep coming close to the deadline take it offline too (`slow`): a customer would
 * wait most of a timeout for each one. The sync loop keeps probing, and the first good answer
 * brings it back by itself.
 */
import { EventEmitter } from "node:events";
import { type CentralError, isSetupFault, type SetupFault } from "./ports/centralApi.js";

export type OfflineReason =
  | "starting"
  | "timeout"
  | "network"
  | "server"
  | "unauthorized"
  | "scope_mismatch"
  | "token_missing"
  | "rate_limited"
  | "bad_answer"
  | "slow";

export type ConnectivityState =
  | { readonly online: true; readonly sinceMs: number }
  | {
      readonly online: false;
      readonly reason: OfflineReason;
      readonly sinceMs: number;
      readonly detail: string;
    };

/** An answer slower than this share of the deadline counts as slow. */
const slowShare = 0.8;
/** Consecutive slow answers before the kiosk stops asking online. */
const slowAnswersToGoOffline = 3;

export class Connectivity extends EventEmitter<{ change: [ConnectivityState] }> {
  private current: ConnectivityState;
  private slowAnswers = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    super();
    this.current = { online: false, reason: "starting", sinceMs: nowMs(), detail: "not yet in touch" };
  }

  state(): ConnectivityState {
    return this.current;
  }

  online(): boolean {
    return this.current.online;
  }

  /**
   * Whether calls should be tried at all. Before the first answer the kiosk is not known to be
   * offline: it asks, so the first customer after a start is not refused for nothing.
   */
  worthAsking(): boolean {
    return this.current.online || this.current.reason === "starting";
  }

  /** The setup fault that stops syncing and redeeming, if that is why the kiosk is offline. */
  setupFault(): SetupFault | undefined {
    return !this.current.online && isSetupFault(this.current.reason) ? this.current.reason : undefined;
  }

  /** True when being offline is only about slowness: the sync loop then probes the latency. */
  slow(): boolean {
    return !this.current.online && this.current.reason === "slow";
  }

  /**
   * A call succeeded. With its latency, a slow answer counts towards going offline and a quick one
   * clears that; without it (a long download), it only brings back a kiosk that was cut off.
   */
  reportSuccess(latencyMs?: number): void {
    if (latencyMs !== undefined) {
      const slow = latencyMs > this.timeoutMs * slowShare;
      this.slowAnswers = slow ? this.slowAnswers + 1 : 0;
      if (this.slowAnswers >= slowAnswersToGoOffline) {
        if (!this.slow()) {
          this.set({
            online: false,
            reason: "slow",
            sinceMs: this.nowMs(),
            detail: `answers take ${Math.round(latencyMs)} ms`,
          });
        }
        return;
      }
    } else if (this.slow()) {
      return;
    }
    if (!this.current.online) this.set({ online: true, sinceMs: this.nowMs() });
  }

  reportFailure(error: CentralError): void {
    const reason = reasonFor(error);
    if (!this.current.online && this.current.reason === reason && this.current.detail === error.message)
      return;
    this.set({ online: false, reason, sinceMs: this.nowMs(), detail: error.message });
  }

  private set(state: ConnectivityState): void {
    this.current = state;
    this.emit("change", state);
  }
}

function reasonFor(error: CentralError): OfflineReason {
  switch (error.kind) {
    case "timeout":
      return "timeout";
    case "network":
      return "network";
    case "unauthorized":
      return "unauthorized";
    case "scope_mismatch":
      return "scope_mismatch";
    case "token_missing":
      return "token_missing";
    case "rate_limited":
      return "rate_limited";
    case "server":
      return "server";
    case "bad_request":
    case "not_found":
    case "invalid_response":
      return "bad_answer";
  }
}
