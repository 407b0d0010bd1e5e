/**
 * The kiosk's screen (PRODUCT.md §2, keys as in §4): blessed draws what the presenters decide and
 * turns keys into session actions. It holds no flow logic; what it keeps is only the echo of the
 * code being typed and the digits of a quantity being typed.
 *
 * Keys, and the cases they handle:
 * - Scan screen: printable keys, Enter and Backspace go to `keyInput` (the keyboard scanner tells
 *   a wedge scanner's burst from a person typing) and are echoed on the entry line. Without a
 *   `keyInput` (a serial scanner) Enter submits the echo as a manual code itself.
 * - Confirm screen: digits set the quantity, + - ↑ ↓ change it, Enter confirms, Esc cancels. A
 *   wedge scanner types into this screen too, and its digits and Enter must not become a quantity
 *   and a confirmation. So with a `keyInput`, typed keys wait until the keyboard is quiet for a
 *   moment: a group of at least `minChars` characters ending in Enter, every gap shorter than a
 *   person types, is a code and goes to `keyInput` (the session adds one for the same code, or asks
 *   before switching to another); anything else is a person's keys. Arrows and Esc never come from
 *   a scanner and act at once.
 * - Switch question (another code scanned while confirming): Enter switches, Esc keeps the
 *   current ticket; keys are grouped as on the confirm screen, so a scan's Enter is no answer.
 * - Result screen: any key returns to the scan screen; a printable key also starts the next code.
 * - Working screen: keys are dropped, and a half-typed code is cleared when a code is submitted,
 *   so nothing stale prefixes the next one.
 * - Ctrl+C emits `quit`; the entry point decides what that means.
 *
 * Terminal: `fullUnicode` and `forceUnicode` (a systemd service has no UTF-8 locale, and blessed
 * would otherwise print CJK as `??`). Nothing else ever writes to this terminal: logs go elsewhere.
 * blessed installs process handlers of its own (exit, SIGTERM/SIGINT/SIGQUIT, uncaughtException)
 * that only act when they are the sole listener; the entry point installs its own.
 */
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import blessed, { type Widgets } from "blessed";
import type { KioskSession, SessionScreen } from "../device/kioskSession.js";
import type { KioskStatus } from "../device/kioskStatus.js";
import { defaultBurstRule } from "../drivers/scanner/keyboardScanner.js";
import { displayWidth } from "./displayText.js";
import type { Locale } from "./messages.js";
import {
  type Block,
  bigFrameCells,
  type DemoHint,
  headerLine,
  presentScreen,
  presentStatus,
  type ScreenView,
  type Tone,
} from "./presenters.js";

/** Where typed keys go to be told apart: the keyboard scanner. */
export interface KeyInput {
  /** One key: a printable character, "\r" for Enter, "\b" for Backspace; `atMs` on a monotonic clock. */
  feedKey(ch: string, atMs: number): void;
  /** Forgets a half-typed code. */
  clear?(): void;
}

export interface StatusSource {
  current(): KioskStatus;
  on(event: "change", listener: () => void): unknown;
  off(event: "change", listener: () => void): unknown;
}

export interface BlessedUiOptions {
  readonly session: KioskSession;
  readonly status: StatusSource;
  readonly keyInput?: KeyInput | undefined;
  readonly locale: Locale;
  readonly timeZone: string;
  readonly hints?: readonly DemoHint[] | undefined;
  /** The terminal; process.stdin / process.stdout by default. */
  readonly input?: NodeJS.ReadableStream | undefined;
  readonly output?: NodeJS.WritableStream | undefined;
  /** The terminfo name; $TERM by default. */
  readonly terminal?: string | undefined;
  readonly now?: (() => Date) | undefined;
}

type Key =
  | { readonly kind: "char"; readonly ch: string }
  | { readonly kind: "enter" | "backspace" | "escape" | "up" | "down" | "quit" | "other" };

interface TimedKey {
  readonly key: Key;
  readonly atMs: number;
}

interface Frame {
  readonly screen: Widgets.Screen;
  readonly header: Widgets.BoxElement;
  readonly body: Widgets.BoxElement;
  readonly keys: Widgets.BoxElement;
  readonly alert: Widgets.BoxElement;
  readonly status: Widgets.BoxElement;
}

/** Keys closer together than this belong to one group (a scanner's burst); just above the burst gap. */
const groupQuietMs = defaultBurstRule.maxGapMs + 15;
/** A spinner only for work that lasts: a quick lookup should not flicker. */
const spinnerAfterMs = 300;
const spinnerFrames = ["|", "/", "-", "\\"];
/** The echo keeps this many characters: the scanner drops longer codes anyway. */
const maxEchoChars = 128;

const toneColour: Record<Tone, string> = { ok: "green", refused: "red", attention: "yellow" };

export class BlessedUi extends EventEmitter<{ quit: [] }> {
  private frame: Frame | undefined;
  private typed = "";
  private quantityDigits = "";
  private group: TimedKey[] = [];
  private groupTimer: NodeJS.Timeout | undefined;
  private clockTimer: NodeJS.Timeout | undefined;
  private spinnerTimer: NodeJS.Timeout | undefined;
  private workingSinceMs = 0;
  private renderPending = false;

  private readonly onSessionChange = (screen: SessionScreen): void => {
    if (screen.kind !== "scan" && this.typed !== "") {
      this.typed = "";
      this.options.keyInput?.clear?.();
    }
    if (screen.kind !== "confirm") {
      // Also when the switch question comes up: keys typed before it are no answer to it.
      this.dropGroup();
      this.quantityDigits = "";
    }
    this.toggleSpinner(screen.kind === "working");
    this.scheduleRender();
  };
  private readonly redraw = (): void => this.scheduleRender();
  private readonly onKeypress = (ch: string | undefined, key: Widgets.Events.IKeyEventArg): void =>
    this.handleKey(keyOf(ch, key), performance.now());

  constructor(private readonly options: BlessedUiOptions) {
    super();
  }

  async start(): Promise<void> {
    if (this.frame !== undefined) return;
    // @types/blessed 0.1.27 has the screen's two stream types swapped (input: Writable), hence the cast.
    const streams = {
      input: this.options.input ?? process.stdin,
      output: this.options.output ?? process.stdout,
    } as unknown as Pick<Widgets.IScreenOptions, "input" | "output">;
    const screen = blessed.screen({
      ...streams,
      ...(this.options.terminal === undefined ? {} : { terminal: this.options.terminal }),
      fullUnicode: true,
      forceUnicode: true,
      smartCSR: true,
      warnings: false,
    });
    screen.program.hideCursor();
    this.frame = {
      screen,
      header: plainBox(screen, {
        top: 0,
        left: 0,
        width: "100%",
        height: 1,
        style: { fg: "white", bg: "blue", bold: true },
      }),
      body: plainBox(screen, { top: 2, left: 1, right: 1, bottom: 3 }),
      keys: plainBox(screen, { bottom: 2, left: 1, right: 1, height: 1, style: { fg: "cyan" } }),
      alert: plainBox(screen, { bottom: 1, left: 1, right: 1, height: 1 }),
      status: plainBox(screen, { bottom: 0, left: 0, width: "100%", height: 1 }),
    };
    screen.on("keypress", this.onKeypress);
    screen.on("resize", this.redraw);
    this.options.session.on("change", this.onSessionChange);
    this.options.status.on("change", this.redraw);
    this.clockTimer = setInterval(() => this.scheduleRender(), 1000);
    this.clockTimer.unref();
    try {
      this.render();
    } catch (error) {
      // A first draw that fails (an unknown time zone) would fail every second: give the terminal back.
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const frame = this.frame;
    if (frame === undefined) return;
    this.frame = undefined;
    this.options.session.off("change", this.onSessionChange);
    this.options.status.off("change", this.redraw);
    clearInterval(this.clockTimer);
    this.toggleSpinner(false);
    this.dropGroup();
    // Leaves the alternate screen, shows the cursor and takes the input out of raw mode.
    frame.screen.destroy();
  }

  /** Rings the terminal bell: the feedback of a kiosk without an IO board. */
  bell(): void {
    this.frame?.screen.program.bell();
  }

  /** What the screen shows, one string per row (blessed's filler cells after wide characters left out). */
  snapshot(): string[] {
    const screen = this.frame?.screen as unknown as { lines?: [number, string][][] } | undefined;
    return (screen?.lines ?? []).map((row) =>
      row
        .map(([, ch]) => ch)
        .join("")
        .replaceAll("\x03", ""),
    );
  }

  private handleKey(key: Key, atMs: number): void {
    if (key.kind === "quit") {
      this.emit("quit");
      return;
    }
    const { session, keyInput } = this.options;
    switch (session.screen().kind) {
      case "scan":
        this.typeKey(key, atMs);
        return;
      case "confirm":
      case "switch":
        if (keyInput === undefined || key.kind === "up" || key.kind === "down" || key.kind === "escape") {
          this.flushGroup();
          this.quantityKey(key);
        } else if (key.kind !== "other") {
          this.group.push({ key, atMs });
          clearTimeout(this.groupTimer);
          this.groupTimer = setTimeout(() => this.flushGroup(), groupQuietMs);
        }
        return;
      case "result":
        if (key.kind === "other") return;
        session.cancel();
        if (key.kind === "char") this.typeKey(key, atMs);
        return;
      case "working":
        return;
    }
  }

  /** A key on the scan screen: to the keyboard scanner, and onto the entry line. */
  private typeKey(key: Key, atMs: number): void {
    const { keyInput, session } = this.options;
    switch (key.kind) {
      case "char":
        this.typed = `${this.typed}${key.ch}`.slice(-maxEchoChars);
        keyInput?.feedKey(key.ch, atMs);
        break;
      case "backspace":
        this.typed = this.typed.slice(0, -1);
        keyInput?.feedKey("\b", atMs);
        break;
      case "enter": {
        const typed = this.typed.trim();
        this.typed = "";
        if (keyInput !== undefined) keyInput.feedKey("\r", atMs);
        else if (typed !== "") session.submitCode({ code: typed, source: "manual" });
        break;
      }
      case "escape":
        this.typed = "";
        keyInput?.clear?.();
        break;
      default:
        return;
    }
    this.scheduleRender();
  }

  /** A person's key on the confirm screen. */
  private quantityKey(key: Key): void {
    const { session } = this.options;
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
          // Digits accumulate (1 then 2 is 12); the session clamps to what may be redeemed.
          this.quantityDigits = `${this.quantityDigits}${key.ch}`.slice(-4);
          session.setQuantity(Number(this.quantityDigits));
        } else if (key.ch === "+" || key.ch === "=" || key.ch === "-") {
          this.quantityDigits = "";
          session.changeQuantity(key.ch === "-" ? -1 : 1);
        }
        return;
      default:
        return;
    }
  }

  /** The keys typed on the confirm screen, once the keyboard went quiet: a scanned code or a person's keys. */
  private flushGroup(): void {
    const group = this.dropGroup();
    if (group.length === 0) return;
    const { keyInput } = this.options;
    const chars = group.filter(({ key }) => key.kind === "char").length;
    const fast = group.every(
      ({ atMs }, i) => i === 0 || atMs - (group[i - 1]?.atMs ?? atMs) <= defaultBurstRule.maxGapMs,
    );
    if (
      keyInput !== undefined &&
      group.at(-1)?.key.kind === "enter" &&
      chars >= defaultBurstRule.minChars &&
      fast
    ) {
      this.quantityDigits = "";
      for (const { key, atMs } of group) {
        if (key.kind === "char") keyInput.feedKey(key.ch, atMs);
        else if (key.kind === "enter") keyInput.feedKey("\r", atMs);
        else if (key.kind === "backspace") keyInput.feedKey("\b", atMs);
      }
      return;
    }
    for (const { key } of group) this.quantityKey(key);
  }

  private dropGroup(): TimedKey[] {
    clearTimeout(this.groupTimer);
    this.groupTimer = undefined;
    const group = this.group;
    this.group = [];
    return group;
  }

  private toggleSpinner(on: boolean): void {
    if (on && this.spinnerTimer === undefined) {
      this.workingSinceMs = performance.now();
      this.spinnerTimer = setInterval(() => this.scheduleRender(), 100);
      this.spinnerTimer.unref();
    } else if (!on) {
      clearInterval(this.spinnerTimer);
      this.spinnerTimer = undefined;
    }
  }

  /**
   * One draw per turn of the event loop, after the keys at hand are handled: a wedge scanner's
   * burst arrives as one chunk, and drawing after each of its keys would space them out (on a slow
   * Pi, past the scanner's burst gap) and make a scan look typed.
   */
  private scheduleRender(): void {
    if (this.renderPending) return;
    this.renderPending = true;
    setImmediate(() => {
      this.renderPending = false;
      this.render();
    });
  }

  private render(): void {
    const frame = this.frame;
    if (frame === undefined) return;
    const { session, status, locale, timeZone, hints } = this.options;
    const now = this.options.now?.() ?? new Date();
    const width = frame.screen.cols;
    const view = presentScreen(session.screen(), {
      locale,
      timeZone,
      now,
      typed: this.typed,
      hints,
      columns: width - 2,
    });
    const bar = presentStatus(status.current(), { locale, timeZone, now, columns: width });
    frame.header.setContent(headerLine(view, bar, width));
    this.drawBody(frame, view);
    frame.keys.setContent(view.keys);
    frame.alert.setContent(bar.alert ?? "");
    frame.alert.style = { fg: bar.tone === "neutral" ? "yellow" : toneColour[bar.tone], bold: true };
    frame.status.setContent(bar.line);
    frame.status.style =
      bar.tone === "neutral"
        ? { fg: "white", bg: "blue" }
        : { fg: "black", bg: toneColour[bar.tone], bold: true };
    frame.screen.render();
  }

  /** The blocks stacked top to bottom, one blank row apart; what does not fit is clipped by blessed. */
  private drawBody(frame: Frame, view: ScreenView): void {
    for (const child of [...frame.body.children]) child.destroy();
    const columns = frame.screen.cols - 2;
    const spinner = this.spinner(view);
    let top = 0;
    for (const block of view.blocks) {
      drawBlock(frame.body, block, { top, columns, spinner });
      top += blockHeight(block) + 1;
    }
  }

  private spinner(view: ScreenView): string {
    const elapsedMs = performance.now() - this.workingSinceMs;
    if (!view.busy || elapsedMs < spinnerAfterMs) return "";
    return ` ${spinnerFrames[Math.floor(elapsedMs / 100) % spinnerFrames.length]}`;
  }
}

/** The one way widgets are made: blessed tags are never parsed, so untrusted `{…}` stays text. */
function plainBox(parent: Widgets.Node, options: Widgets.BoxOptions): Widgets.BoxElement {
  return blessed.box({ ...options, parent, tags: false });
}

function blockHeight(block: Block): number {
  switch (block.kind) {
    case "lines":
      return block.lines.length;
    case "entry":
      return 3;
    case "big":
      return block.lines.length + 4;
  }
}

interface Placement {
  readonly top: number;
  readonly columns: number;
  readonly spinner: string;
}

function drawBlock(body: Widgets.BoxElement, block: Block, { top, columns, spinner }: Placement): void {
  const height = blockHeight(block);
  switch (block.kind) {
    case "lines":
      plainBox(body, { top, left: 0, right: 0, height, content: block.lines.join("\n") });
      return;
    case "entry":
      plainBox(body, {
        top,
        left: 0,
        right: 0,
        height,
        border: { type: "line" },
        padding: { left: 2, right: 2 },
        content: block.line,
      });
      return;
    case "big": {
      // The spinner goes after the first line, so a lasting lookup visibly moves.
      const lines = block.lines.map((line, i) => (i === 0 ? `${line}${spinner}` : line));
      const colour = block.tone === "neutral" ? "white" : toneColour[block.tone];
      const contentWidth = Math.max(24, ...lines.map(displayWidth));
      plainBox(body, {
        top,
        left: "center",
        width: Math.min(contentWidth + bigFrameCells, columns),
        height,
        border: { type: "line" },
        padding: { left: 2, right: 2, top: 1, bottom: 1 },
        align: "center",
        content: lines.join("\n"),
        style: { fg: colour, bold: true, border: { fg: colour } },
      });
      return;
    }
  }
}

/** blessed's key event as one of the keys the kiosk knows. */
function keyOf(ch: string | undefined, key: Widgets.Events.IKeyEventArg): Key {
  if (key.full === "C-c") return { kind: "quit" };
  switch (key.name) {
    case "return": // "\r"
    case "linefeed": // "\n", which blessed renames from "enter"
      return { kind: "enter" };
    case "enter": // blessed repeats every "\r" as an "enter": the "return" already counted
      return { kind: "other" };
    case "backspace":
    case "escape":
    case "up":
    case "down":
      return { kind: key.name };
  }
  // Codes are printable ASCII (the scanner drops anything else), so the echo takes only that too.
  if (ch !== undefined && !key.ctrl && !key.meta && /^[\x20-\x7e]$/.test(ch)) return { kind: "char", ch };
  return { kind: "other" };
}
