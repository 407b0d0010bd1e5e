/**
 * The redemption flow of one counter or kiosk as a small state machine (PRODUCT.md §2 steps 1–4):
 * scan → ticket with quantity → result → scan. The screen (blessed) and the headless gate mode both
 * drive it and project its state; neither holds flow logic of its own.
 */
import { EventEmitter } from "node:events";
import type { ScannedCode } from "../drivers/scanner/scanner.js";
import type { RedemptionSource, Ticket } from "./domain.js";
import type { DecisionResult, Inspection, RedeemRequest } from "./redemptionService.js";

export type SessionScreen =
  | { readonly kind: "scan" }
  | { readonly kind: "working"; readonly code: string; readonly step: "lookup" | "commit" }
  | {
      readonly kind: "confirm";
      readonly code: string;
      readonly source: RedemptionSource;
      readonly ticket: Ticket;
      readonly remaining: number;
      readonly quantity: number;
      readonly maxQuantity: number;
    }
  /** Another code was scanned while a quantity was being confirmed: switch to it (Enter) or not (Esc)? */
  | {
      readonly kind: "switch";
      readonly confirming: Extract<SessionScreen, { kind: "confirm" }>;
      readonly next: ScannedCode;
    }
  | { readonly kind: "result"; readonly decision: DecisionResult };

/** What the session needs of the redemption service. */
export interface Redeemer {
  inspect(code: string): Promise<Inspection>;
  redeem(request: RedeemRequest): Promise<DecisionResult>;
}

export interface KioskSessionOptions {
  readonly redeemer: Redeemer;
  /** `auto` redeems one unit per scan without asking (gates, turnstiles). */
  readonly confirm: "ask" | "auto";
  /** How long a result stays before the scan screen returns. */
  readonly resultTimeoutMs: number;
  /** A merchant's cap on units per redemption (self-service); undefined = up to what remains. */
  readonly maxUnits?: number | undefined;
  readonly clerkId?: () => string | undefined;
  /**
   * Counter mode: every redemption records its clerk, so a code that comes while nobody is logged
   * in is turned away (`turnedAway`, for the login screen to say so) and nothing is looked up.
   */
  readonly requireClerk?: boolean | undefined;
  /**
   * True while redeeming must not happen at all (the journal is damaged: docs/reliability.md): a
   * code is turned away (`halted`) and nothing is looked up or written.
   */
  readonly halted?: (() => boolean) | undefined;
  /**
   * Self-service: a ticket left on the confirm screen (or the switch question) this long without a
   * key goes back to the scan screen, so the next customer never finds it; undefined = never.
   */
  readonly idleTimeoutMs?: number | undefined;
}

export class KioskSession extends EventEmitter<{
  change: [SessionScreen];
  error: [unknown];
  turnedAway: [ScannedCode];
  halted: [ScannedCode];
}> {
  private current: SessionScreen = { kind: "scan" };
  private resultTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: KioskSessionOptions) {
    super();
  }

  screen(): SessionScreen {
    return this.current;
  }

  /**
   * A code from the scanner or typed by hand. While a quantity is being confirmed, the same code
   * adds one unit and another code asks first (PRODUCT.md §2.3): the next customer's scan must not
   * silently drop the ticket in front of the clerk. While asking, the confirmed ticket's code goes
   * back to it (one more unit) and yet another code replaces the question's.
   */
  submitCode(scanned: ScannedCode): void {
    const screen = this.current;
    if (screen.kind === "working") return;
    if (this.options.halted?.() === true) {
      this.emit("halted", scanned);
      return;
    }
    if (this.options.requireClerk === true && this.options.clerkId?.() === undefined) {
      this.emit("turnedAway", scanned);
      return;
    }
    if (screen.kind === "switch") {
      if (scanned.code !== screen.confirming.code) this.show({ ...screen, next: scanned });
      else {
        this.show(screen.confirming);
        this.changeQuantity(1);
      }
      return;
    }
    if (screen.kind === "confirm") {
      if (screen.code === scanned.code) this.changeQuantity(1);
      else this.show({ kind: "switch", confirming: screen, next: scanned });
      return;
    }
    void this.lookUp(scanned.code, scanned.source);
  }

  /**
   * 詳細訂單內容's 未核銷 tab: the clerk chose a ticket of the order; it is looked up and confirmed
   * like a scan, and the redemption records where it came from. Only from the scan screen.
   */
  redeemFromOrder(code: string): void {
    if (this.current.kind !== "scan") return;
    if (this.options.requireClerk === true && this.options.clerkId?.() === undefined) return;
    void this.lookUp(code, "order-detail");
  }

  changeQuantity(delta: number): void {
    const screen = this.current;
    if (screen.kind !== "confirm") return;
    this.setQuantity(screen.quantity + delta);
  }

  setQuantity(quantity: number): void {
    const screen = this.current;
    if (screen.kind !== "confirm") return;
    // A key pressed at the limit changes nothing on screen, but the customer is still there.
    this.armIdle();
    const clamped = Math.min(screen.maxQuantity, Math.max(1, Math.trunc(quantity)));
    if (clamped !== screen.quantity) this.show({ ...screen, quantity: clamped });
  }

  /** Enter: redeem the quantity; asked to switch, yes: look the new code up (nothing was redeemed). */
  confirm(): void {
    const screen = this.current;
    if (screen.kind === "switch") void this.lookUp(screen.next.code, screen.next.source);
    else if (screen.kind === "confirm") void this.commit(screen.code, screen.quantity, screen.source);
  }

  /**
   * Esc: back to the scan screen from a ticket or a result; nothing is redeemed. Asked to switch,
   * no: back to the ticket being confirmed, its quantity kept.
   */
  cancel(): void {
    if (this.current.kind === "switch") this.show(this.current.confirming);
    else if (this.current.kind === "confirm" || this.current.kind === "result") this.show({ kind: "scan" });
  }

  stop(): void {
    clearTimeout(this.resultTimer);
    this.resultTimer = undefined;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private async lookUp(code: string, source: RedemptionSource): Promise<void> {
    this.show({ kind: "working", code, step: "lookup" });
    try {
      const inspection = await this.options.redeemer.inspect(code);
      const { ticket, remaining } = inspection;
      if (inspection.outcome !== "ok" || ticket === undefined || remaining === undefined) {
        this.showResult({
          outcome: inspection.outcome,
          code,
          quantity: 0,
          ticket,
          remaining,
          redemption: undefined,
          offline: inspection.outcome === "offline_refused",
          detail: inspection.detail,
        });
        return;
      }
      if (this.options.confirm === "auto") {
        await this.commit(code, 1, source);
        return;
      }
      const maxQuantity = Math.max(1, Math.min(remaining, this.options.maxUnits ?? remaining));
      this.show({ kind: "confirm", code, source, ticket, remaining, quantity: 1, maxQuantity });
    } catch (error) {
      this.fail(error);
    }
  }

  private async commit(code: string, quantity: number, source: RedemptionSource): Promise<void> {
    this.show({ kind: "working", code, step: "commit" });
    try {
      const decision = await this.options.redeemer.redeem({
        code,
        quantity,
        source,
        clerkId: this.options.clerkId?.(),
      });
      this.showResult(decision);
    } catch (error) {
      this.fail(error);
    }
  }

  /** An unexpected fault (the journal failed): nothing was said redeemed; back to scanning. */
  private fail(error: unknown): void {
    this.show({ kind: "scan" });
    this.emit("error", error);
  }

  private showResult(decision: DecisionResult): void {
    this.show({ kind: "result", decision });
    this.resultTimer = setTimeout(() => {
      if (this.current.kind === "result" && this.current.decision === decision) this.show({ kind: "scan" });
    }, this.options.resultTimeoutMs);
    this.resultTimer.unref();
  }

  private show(screen: SessionScreen): void {
    clearTimeout(this.resultTimer);
    this.current = screen;
    this.armIdle();
    this.emit("change", screen);
  }

  /** Restarts the idle timeout while a ticket waits for the customer; stops it otherwise. */
  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const { idleTimeoutMs } = this.options;
    const screen = this.current;
    if (idleTimeoutMs === undefined || (screen.kind !== "confirm" && screen.kind !== "switch")) return;
    this.idleTimer = setTimeout(() => {
      if (this.current === screen) this.show({ kind: "scan" });
    }, idleTimeoutMs);
    this.idleTimer.unref();
  }
}
