/**
 * Whether the kiosk talks to the central service right now, and why not. Any failed or timed-out
 * call takes it offline, so the next customer is not made to wait for another timeout; the sync
 * loop keeps probing and the first success brings it back by itself.
 */
import { EventEmitter } from "node:events";
import type { CentralError } from "./centralApi.js";

export type OfflineReason =
  | "starting"
  | "timeout"
  | "network"
  | "server"
  | "unauthorized"
  | "rate_limited"
  | "bad_answer";

export type ConnectivityState =
  | { readonly online: true; readonly sinceMs: number }
  | {
      readonly online: false;
      readonly reason: OfflineReason;
      readonly sinceMs: number;
      readonly detail: string;
    };

export class Connectivity extends EventEmitter<{ change: [ConnectivityState] }> {
  private current: ConnectivityState;

  constructor(private readonly nowMs: () => number = Date.now) {
    super();
    this.current = { online: false, reason: "starting", sinceMs: nowMs(), detail: "not yet in touch" };
  }

  state(): ConnectivityState {
    return this.current;
  }

  online(): boolean {
    return this.current.online;
  }

  reportSuccess(): void {
    if (this.current.online) return;
    this.set({ online: true, sinceMs: this.nowMs() });
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
