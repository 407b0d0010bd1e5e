/**
 * The redemption flow of one counter or kiosk as a small state machine (docs/domain.md §2 steps 1–4):
 * scan → ticket with quantity → result → scan. The screen (blessed) and the headless gate mode both
 * drive it and project its state; neither holds flow logic of its own.
 */
import { EventEmitter } from "node:events";
import type { RedemptionSource, Ticket } from "./domain.js";
import type { ScannedCode } from "./ports/scanner.js";
import type { DecisionResult, Inspection, RedeemRequest, UnitLimit } from "./redemptionService.js";

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
      /** `maxQuantity` is the offline limit, below the units left (offlinePolicy.ts). */
      readonly offlineLimit?: boolean | undefined;
      /**
       * A quantity just asked for and refused (above `maxQuantity`): the screen says so, and
       * `quantity`, what Enter redeems, stayed as it was. Cleared by the next change.
       */
      readonly refusedQuantity?: number | undefined;
    }
  /** Another code was scanned while a quantity was being confirmed: switch to it (Enter) or not (Esc)? */
  | {
      readonly kind: "switch";
      readonly confirming: Extract<SessionScreen, { kind: "confirm" }>;
      readonly next: ScannedCode;
    }
  | {
      readonly kind: "result";
      readonly decision: DecisionResult;
      /** The redemption stands but its slip did not print; the job waits in the print queue. */
      readonly slipWaiting?: boolean | undefined;
    };

/**
 * Scans kept while one is being looked up or decided. A serial scanner's double read, a gate's
 * next ticket 0.4 s behind the first, or piped lines come faster than a central service answers;
 * each waits its turn in order. Beyond this many the kiosk is not keeping up, and a further scan is
 * turned away as `busy` (logged, signalled) rather than kept without bound or dropped unsaid.
 */
export const maxWaitingScans = 5;

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

/** What became of a quantity asked for on the confirm screen. */
export type QuantityOutcome = "set" | "over_max" | "under_min" | "not_asked";

export class KioskSession extends EventEmitter<{
  change: [SessionScreen];
  error: [unknown];
  turnedAway: [ScannedCode];
  /** A scan that came while `maxWaitingScans` were already waiting: it is decided `busy`. */
  busy: [ScannedCode];
  halted: [ScannedCode];
}> {
  private current: SessionScreen = { kind: "scan" };
  private readonly waiting: ScannedCode[] = [];
  private resultTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: KioskSessionOptions) {
    super();
  }

  screen(): SessionScreen {
    return this.current;
  }

  /** Scans waiting for the one in progress (GET /status and the screen show how many). */
  waitingScans(): number {
    return this.waiting.length;
  }

  /**
   * A code from the scanner or typed by hand. While a quantity is being confirmed, the same code
   * adds one unit and another code asks first (docs/domain.md §2 step 3): the next customer's scan must not
   * silently drop the ticket in front of the clerk. While asking, the confirmed ticket's code goes
   * back to it (one more unit) and yet another code replaces the question's. While a code is being
   * looked up or decided, a scan waits its turn (`maxWaitingScans`).
   */
  submitCode(scanned: ScannedCode): void {
    const screen = this.current;
    if (screen.kind === "working") {
      this.wait(scanned);
      return;
    }
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

  changeQuantity(delta: number): QuantityOutcome {
    const screen = this.current;
    if (screen.kind !== "confirm") return "not_asked";
    return this.setQuantity(Math.max(1, screen.quantity + delta));
  }

  /**
   * A quantity asked for: taken when it is within 1 and `maxQuantity`; above it, refused and said
   * (the quantity stays what it was, never silently the maximum: the clerk must see what Enter
   * redeems); below 1, ignored (a lone 0 typed on the way to a number).
   */
  setQuantity(quantity: number): QuantityOutcome {
    const screen = this.current;
    if (screen.kind !== "confirm") return "not_asked";
    // A key pressed at the limit changes nothing on screen, but the customer is still there.
    this.armIdle();
    const asked = Math.trunc(quantity);
    if (asked > screen.maxQuantity) {
      this.show({ ...screen, refusedQuantity: asked });
      return "over_max";
    }
    if (asked < 1) return "under_min";
    if (asked !== screen.quantity || screen.refusedQuantity !== undefined) {
      this.show({ ...screen, quantity: asked, refusedQuantity: undefined });
    }
    return "set";
  }

  /**
   * The units a redemption may take changed while a quantity is being confirmed (the kiosk went
   * offline, or back): the range follows, so it is always what will be accepted now. A quantity
   * above the new range is brought down to it and the screen says so.
   */
  reviseLimit(limit: UnitLimit): void {
    const screen = this.current;
    if (screen.kind !== "confirm") return;
    const range = this.range(screen.remaining, limit);
    if (range.maxQuantity === screen.maxQuantity && range.offlineLimit === (screen.offlineLimit ?? false))
      return;
    const over = screen.quantity > range.maxQuantity;
    this.current = {
      ...screen,
      ...range,
      quantity: over ? range.maxQuantity : screen.quantity,
      refusedQuantity: over ? screen.quantity : screen.refusedQuantity,
    };
    this.emit("change", this.current);
  }

  /**
   * The slip of the redemption on the result screen could not be printed yet: the result says so
   * (the redemption stands; the job waits in the print queue).
   */
  slipNotPrinted(redemptionId: string): void {
    const screen = this.current;
    if (screen.kind !== "result" || screen.slipWaiting === true) return;
    if (screen.decision.redemption?.id !== redemptionId) return;
    this.current = { ...screen, slipWaiting: true };
    this.emit("change", this.current);
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

  /** A scan while another is in progress: kept in order, or turned away `busy` when too many wait. */
  private wait(scanned: ScannedCode): void {
    if (this.waiting.length >= maxWaitingScans) {
      this.emit("busy", scanned);
      return;
    }
    this.waiting.push(scanned);
    // The screen shows how many wait.
    this.emit("change", this.current);
  }

  /**
   * The oldest waiting scan, handled as if it came now: the moment the screen can take a code
   * (the scan screen, a result, a ticket being confirmed). A switch question takes none: it waits
   * for its answer, so no waiting code replaces the one it asks about.
   */
  private takeWaiting(): void {
    const kind = this.current.kind;
    if (kind === "working" || kind === "switch") return;
    const next = this.waiting.shift();
    if (next !== undefined) this.submitCode(next);
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
          validAt: inspection.validAt,
        });
        return;
      }
      if (this.options.confirm === "auto") {
        await this.commit(code, 1, source);
        return;
      }
      const range = this.range(remaining, {
        maxUnits: inspection.maxUnits ?? remaining,
        offlineLimit: inspection.offlineLimit,
      });
      this.show({ kind: "confirm", code, source, ticket, remaining, quantity: 1, ...range });
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

  /** The confirm screen's range: what the service accepts now, within the merchant's cap. */
  private range(remaining: number, limit: UnitLimit): { maxQuantity: number; offlineLimit: boolean } {
    const allowed = Math.min(remaining, limit.maxUnits);
    const maxQuantity = Math.max(1, Math.min(allowed, this.options.maxUnits ?? allowed));
    return { maxQuantity, offlineLimit: limit.offlineLimit === true && maxQuantity === allowed };
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
    this.takeWaiting();
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
