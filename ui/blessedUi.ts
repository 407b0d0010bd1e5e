/**
 * The kiosk's screen (docs/domain.md §2, keys as in docs/protocol.md): blessed draws what the app (kioskApp.ts) and
 * the presenters decide, and hands it keys and mouse clicks. It holds no flow or screen logic.
 *
 * Layout, from 80×24 up: the header (app, screen title, store); in counter mode the menu 電子票券 on
 * the left; the body; the key hints; the alert line (offline, scanner unplugged); the status bar.
 *
 * Terminal: `fullUnicode` and `forceUnicode` (a systemd service has no UTF-8 locale, and blessed
 * would otherwise print CJK as `??`). Nothing else ever writes to this terminal: logs go elsewhere.
 * blessed installs process handlers of its own (exit, SIGTERM/SIGINT/SIGQUIT, uncaughtException)
 * that only act when they are the sole listener; the entry point installs its own. Ctrl+C emits
 * `quit`; the entry point decides what that means.
 */
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import type { Widgets } from "blessed";
import type { KioskStatus } from "../device/kioskStatus.js";
import { blockHeight, drawBlock, plainBox, toneColour } from "./blockDrawing.js";
import { padEnd } from "./displayText.js";
import { keyOf } from "./keys.js";
import { KioskApp, type KioskAppOptions } from "./kioskApp.js";
import { openKioskScreen } from "./kioskTerminal.js";
import { headerLine, presentStatus } from "./presenters.js";
import type { AppView, MenuView } from "./view.js";

export type { KeyInput } from "./redeemFlow.js";

export interface StatusSource {
  current(): KioskStatus;
  on(event: "change", listener: () => void): unknown;
  off(event: "change", listener: () => void): unknown;
}

/** What `KioskApp` takes, with a status that says when it changes, and the terminal to draw on. */
export interface BlessedUiOptions extends Omit<KioskAppOptions, "status" | "now"> {
  readonly status: StatusSource;
  /** The terminal; process.stdin / process.stdout by default. */
  readonly input?: NodeJS.ReadableStream | undefined;
  readonly output?: NodeJS.WritableStream | undefined;
  /** The terminfo name; $TERM by default. */
  readonly terminal?: string | undefined;
  readonly now?: (() => Date) | undefined;
}

interface Frame {
  readonly screen: Widgets.Screen;
  readonly header: Widgets.BoxElement;
  readonly menu: Widgets.BoxElement;
  /** The rule between the menu and the body. */
  readonly menuRule: Widgets.BoxElement;
  readonly body: Widgets.BoxElement;
  readonly keys: Widgets.BoxElement;
  readonly alert: Widgets.BoxElement;
  readonly status: Widgets.BoxElement;
}

/** A spinner only for work that lasts: a quick lookup should not flicker. */
const spinnerAfterMs = 300;
const spinnerFrames = ["|", "/", "-", "\\"];

export class BlessedUi extends EventEmitter<{ quit: [] }> {
  private frame: Frame | undefined;
  private readonly app: KioskApp;
  private clockTimer: NodeJS.Timeout | undefined;
  private spinnerTimer: NodeJS.Timeout | undefined;
  private workingSinceMs = 0;
  private renderPending = false;

  private readonly redraw = (): void => this.scheduleRender();
  private readonly onResize = (): void => {
    const screen = this.frame?.screen;
    if (screen !== undefined) this.app.resize(screen.cols, screen.rows);
    this.scheduleRender();
  };
  private readonly onKeypress = (ch: string | undefined, event: Widgets.Events.IKeyEventArg): void => {
    const key = keyOf(ch, event);
    if (key.kind === "quit") this.emit("quit");
    else this.app.key(key, performance.now());
  };

  constructor(private readonly options: BlessedUiOptions) {
    super();
    const { status, now, input: _input, output: _output, terminal: _terminal, ...app } = options;
    this.app = new KioskApp({
      ...app,
      status: () => status.current(),
      now: () => now?.() ?? new Date(),
    });
  }

  async start(): Promise<void> {
    if (this.frame !== undefined) return;
    const { screen, header } = openKioskScreen(this.options);
    this.frame = {
      screen,
      header,
      menu: plainBox(screen, { top: 2, left: 0, width: 1, bottom: 3, hidden: true }),
      menuRule: plainBox(screen, { top: 2, left: 0, width: 1, bottom: 3, hidden: true, ch: "│" }),
      body: plainBox(screen, { top: 2, left: 1, right: 1, bottom: 3 }),
      keys: plainBox(screen, { bottom: 2, left: 1, right: 1, height: 1, style: { fg: "cyan" } }),
      alert: plainBox(screen, { bottom: 1, left: 1, right: 1, height: 1 }),
      status: plainBox(screen, { bottom: 0, left: 0, width: "100%", height: 1 }),
    };
    screen.on("keypress", this.onKeypress);
    screen.on("resize", this.onResize);
    this.app.on("change", this.redraw);
    this.options.status.on("change", this.redraw);
    this.app.resize(screen.cols, screen.rows);
    this.app.start();
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
    this.app.off("change", this.redraw);
    this.options.status.off("change", this.redraw);
    this.app.stop();
    clearInterval(this.clockTimer);
    this.toggleSpinner(false);
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
    const view = this.app.view();
    const { body } = view;
    this.toggleSpinner(body.busy);
    const width = frame.screen.cols;
    const now = this.options.now?.() ?? new Date();
    const bar = presentStatus(this.options.status.current(), {
      locale: view.locale,
      timeZone: this.options.timeZone,
      now,
      columns: width,
    });
    frame.header.setContent(headerLine(body, bar, width));
    const menuWidth = this.drawMenu(frame, view.menu);
    frame.body.left = menuWidth === 0 ? 1 : menuWidth + 1;
    this.drawBody(frame, view, width - 2 - (menuWidth === 0 ? 0 : menuWidth));
    frame.keys.setContent(body.keys);
    frame.alert.setContent(bar.alert ?? "");
    frame.alert.style = { fg: bar.tone === "neutral" ? "yellow" : toneColour[bar.tone], bold: true };
    frame.status.setContent(bar.line);
    frame.status.style =
      bar.tone === "neutral"
        ? { fg: "white", bg: "blue" }
        : { fg: "black", bg: toneColour[bar.tone], bold: true };
    frame.screen.render();
  }

  /** The menu pane, or nothing; returns the cells it takes, its rule included. */
  private drawMenu(frame: Frame, menu: MenuView | undefined): number {
    for (const child of [...frame.menu.children]) child.destroy();
    if (menu === undefined) {
      frame.menu.hide();
      frame.menuRule.hide();
      return 0;
    }
    const paneWidth = menu.width - 1;
    const inner = paneWidth - 2;
    frame.menu.show();
    frame.menu.width = paneWidth;
    frame.menuRule.show();
    frame.menuRule.left = paneWidth;
    plainBox(frame.menu, {
      top: 0,
      left: 1,
      width: inner,
      height: 1,
      content: menu.heading,
      style: { bold: true },
    });
    plainBox(frame.menu, {
      top: 1,
      left: 1,
      width: inner,
      height: 1,
      content: menu.clerk,
      style: { fg: "cyan" },
    });
    menu.items.forEach((item, index) => {
      const selected = index === menu.selected;
      const box = plainBox(frame.menu, {
        top: 3 + index,
        left: 0,
        width: paneWidth,
        height: 1,
        content: ` ${padEnd(item.label, inner)} `,
        style: selected
          ? { inverse: true, bold: true }
          : item.current
            ? { fg: "black", bg: "white", bold: true }
            : {},
      });
      box.on("click", () => this.app.click("menu", item.click));
    });
    return menu.width;
  }

  /** The blocks stacked top to bottom, one blank row apart; what does not fit is clipped by blessed. */
  private drawBody(frame: Frame, view: AppView, columns: number): void {
    for (const child of [...frame.body.children]) child.destroy();
    const spinner = this.spinner(view.body.busy);
    let top = 0;
    for (const block of view.body.blocks) {
      drawBlock(frame.body, block, {
        top,
        columns,
        spinner,
        large: view.large,
        onClick: (click) => this.app.click("body", click),
      });
      top += blockHeight(block) + 1;
    }
  }

  private spinner(busy: boolean): string {
    const elapsedMs = performance.now() - this.workingSinceMs;
    if (!busy || elapsedMs < spinnerAfterMs) return "";
    return ` ${spinnerFrames[Math.floor(elapsedMs / 100) % spinnerFrames.length]}`;
  }
}
