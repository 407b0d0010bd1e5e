/**
 * 核銷票券's keys (docs/domain.md §2 steps 1–4, keys as in docs/protocol.md) turned into session actions. It holds no
 * flow logic: only the echo of the code being typed and the digits of a quantity being typed.
 *
 * Keys, and the cases they handle:
 * - Scan screen: printable keys, Enter and Backspace go to `keyInput` (the keyboard scanner tells
 *   a wedge scanner's burst from a person typing) and are echoed on the entry line. Without a
 *   `keyInput` (a serial scanner) Enter submits the echo as a manual code itself. Esc clears the
 *   echo; with nothing typed it is not the flow's (counter mode: back to the menu).
 * - Confirm screen: digits set the quantity, + - ↑ ↓ change it, Enter confirms, Esc cancels. Digits
 *   typed in quick succession make one number (1, 2 is 12); a digit after a pause
 *   (`quantityPauseMs`) starts a new one, so a clerk correcting a number types it afresh. A number
 *   above what may be redeemed is refused and said; the quantity shown stays what Enter redeems. A
 *   wedge scanner types into this screen too, so the app groups these keys first (keyGrouper.ts)
 *   and hands a burst to `scanned`: the session adds one for the same code, or asks before switching.
 * - Switch question (another code scanned while confirming): Enter switches, Esc keeps the
 *   current ticket; keys are grouped as on the confirm screen, so a scan's Enter is no answer.
 * - Result screen: any key returns to the scan screen; a printable key also starts the next code.
 * - Working screen: nothing is echoed, but keys still go to `keyInput`, so a wedge scanner's next
 *   code, scanned while this one is decided, waits its turn (kioskSession.ts) instead of vanishing.
 *   A half-typed code is cleared when a code is submitted, and keys a person typed while waiting
 *   are cleared when the answer comes (a scanner's code still arriving is kept), so nothing stale
 *   prefixes the next one.
 */
import type { KioskSession, SessionScreen } from "../device/kioskSession.js";
import { defaultBurstRule } from "../device/ports/burstRule.js";
import type { Key, TimedKey } from "./keys.js";
import { type DemoHint, presentScreen, type ScreenContext } from "./presenters.js";
import type { Click, ScreenView } from "./view.js";

/** Where typed keys go to be told apart: the keyboard scanner. */
export interface KeyInput {
  /** One key: a printable character, "\r" for Enter, "\b" for Backspace; `atMs` on a monotonic clock. */
  feedKey(ch: string, atMs: number): void;
  /** Forgets a half-typed code. */
  clear?(): void;
}

/** A digit this long after the previous one starts a new quantity instead of extending it. */
export const quantityPauseMs = 1000;

/** The echo keeps this many characters: the scanner drops longer codes anyway. */
const maxEchoChars = 128;

export class RedeemFlow {
  private typed = "";
  private quantityDigits = "";
  private lastDigitAtMs = Number.NEGATIVE_INFINITY;
  /** Keys went to `keyInput` while a code was decided; the last came at `lastFedAtMs`. */
  private fedWhileWorking = false;
  private lastFedAtMs = Number.NEGATIVE_INFINITY;

  /** `nowMs`: the clock of the keys' `atMs` (monotonic). */
  constructor(
    private readonly session: KioskSession,
    private readonly keyInput: KeyInput | undefined,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** The session moved on: what was typed for the screen it left means nothing on the next. */
  sessionChanged(screen: SessionScreen): void {
    if (screen.kind !== "working" && this.fedWhileWorking) {
      this.fedWhileWorking = false;
      const quietMs = this.nowMs() - this.lastFedAtMs;
      if (quietMs > defaultBurstRule.maxGapMs) this.keyInput?.clear?.();
    }
    if (screen.kind !== "scan" && this.typed !== "") {
      this.typed = "";
      this.keyInput?.clear?.();
    }
    if (screen.kind !== "confirm") this.quantityDigits = "";
  }

  /** Whether this screen's keys must wait to be told from a scanner's (keyGrouper.ts). */
  groupsKeys(): boolean {
    const kind = this.session.screen().kind;
    return this.keyInput !== undefined && (kind === "confirm" || kind === "switch");
  }

  /** A person's key; false when the flow has no use for it (Esc on an empty scan screen). */
  key(key: Key, atMs: number): boolean {
    const { session } = this;
    switch (session.screen().kind) {
      case "scan":
        return this.typeKey(key, atMs);
      case "confirm":
      case "switch":
        this.quantityKey(key, atMs);
        return true;
      case "result":
        if (key.kind === "other") return true;
        session.cancel();
        if (key.kind === "char") this.typeKey(key, atMs);
        return true;
      case "working":
        this.feed(key, atMs);
        this.fedWhileWorking = true;
        this.lastFedAtMs = atMs;
        return true;
    }
  }

  /** A scanner's burst typed on a screen that groups keys: it goes to the keyboard scanner as typed. */
  scanned(keys: readonly TimedKey[]): void {
    const { keyInput } = this;
    if (keyInput === undefined) return;
    this.quantityDigits = "";
    for (const { key, atMs } of keys) this.feed(key, atMs);
  }

  /** A key as the keyboard scanner takes it (characters, Enter, Backspace), not echoed. */
  private feed(key: Key, atMs: number): void {
    const { keyInput } = this;
    if (key.kind === "char") keyInput?.feedKey(key.ch, atMs);
    else if (key.kind === "enter") keyInput?.feedKey("\r", atMs);
    else if (key.kind === "backspace") keyInput?.feedKey("\b", atMs);
  }

  /** A touch button of the flow (self-service, selfServicePresenter.ts): the same as its key. */
  click(click: Click): void {
    const { session } = this;
    this.quantityDigits = "";
    switch (click.target) {
      case "minus":
        session.changeQuantity(-1);
        return;
      case "plus":
        session.changeQuantity(1);
        return;
      case "confirm":
        session.confirm();
        return;
      case "cancel":
        session.cancel();
        return;
      default:
        return;
    }
  }

  view(context: Omit<ScreenContext, "typed">, hints: readonly DemoHint[] | undefined): ScreenView {
    return presentScreen(this.session.screen(), { ...context, typed: this.typed, hints });
  }

  /** A key on the scan screen: to the keyboard scanner, and onto the entry line. */
  private typeKey(key: Key, atMs: number): boolean {
    const { keyInput, session } = this;
    switch (key.kind) {
      case "char":
        // Codes are printable ASCII (the scanner drops anything else), so the echo takes only that too.
        if (!/^[\x20-\x7e]$/.test(key.ch)) return true;
        this.typed = `${this.typed}${key.ch}`.slice(-maxEchoChars);
        keyInput?.feedKey(key.ch, atMs);
        return true;
      case "backspace":
        this.typed = this.typed.slice(0, -1);
        keyInput?.feedKey("\b", atMs);
        return true;
      case "enter": {
        const typed = this.typed.trim();
        this.typed = "";
        if (keyInput !== undefined) keyInput.feedKey("\r", atMs);
        else if (typed !== "") session.submitCode({ code: typed, source: "manual" });
        return true;
      }
      case "escape": {
        const hadText = this.typed !== "";
        this.typed = "";
        keyInput?.clear?.();
        return hadText;
      }
      default:
        return false;
    }
  }

  /** A person's key on the confirm screen or the switch question. */
  private quantityKey(key: Key, atMs: number): void {
    const { session } = this;
    switch (key.kind) {
      case "up":
      case "down":
        this.quantityDigits = "";
        session.changeQuantity(key.kind === "up" ? 1 : -1);
        return;
      case "enter":
        session.confirm();
        return;
      case "escape":
        session.cancel();
        return;
      case "backspace":
        this.quantityDigits = this.quantityDigits.slice(0, -1);
        if (this.quantityDigits !== "") session.setQuantity(Number(this.quantityDigits));
        return;
      case "char":
        if (/^[0-9]$/.test(key.ch)) {
          this.quantityDigit(key.ch, atMs);
        } else if (key.ch === "+" || key.ch === "=" || key.ch === "-") {
          this.quantityDigits = "";
          session.changeQuantity(key.ch === "-" ? -1 : 1);
        }
        return;
      default:
        return;
    }
  }

  /**
   * 9, 0, 2 typed quickly on a ticket with 5 left: 9 is refused, 0 is no quantity yet, 02 is 2.
   * A refused number is over, so the next digit starts a new one.
   */
  private quantityDigit(digit: string, atMs: number): void {
    const fresh = atMs - this.lastDigitAtMs > quantityPauseMs;
    this.lastDigitAtMs = atMs;
    const digits = `${fresh ? "" : this.quantityDigits}${digit}`.slice(-4);
    const outcome = this.session.setQuantity(Number(digits));
    this.quantityDigits = outcome === "over_max" ? "" : digits;
  }
}
