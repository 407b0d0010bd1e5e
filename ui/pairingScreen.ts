/**
 * The pairing screen on the kiosk's terminal (device/kioskPairing.ts): shown instead of the kiosk
 * until it is paired. Like the kiosk's screen (blessedUi.ts) it draws what its presenter decides
 * (pairingPresenter.ts), with tags never parsed; keys go to a keyboard scanner when there is one,
 * so a USB scanner that types works here too; Ctrl+C emits `quit`.
 */
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import type { Widgets } from "blessed";
import type { PairingDisplay, PairingState } from "../device/kioskPairing.js";
import { plainBox } from "./blockDrawing.js";
import { keyOf } from "./keys.js";
import { openKioskScreen } from "./kioskTerminal.js";
import type { Locale } from "./messages.js";
import { type PairingIdentity, type PairingView, pairingView } from "./pairingPresenter.js";
import type { KeyInput } from "./redeemFlow.js";

export interface PairingScreenOptions {
  readonly locale: Locale;
  readonly identity: PairingIdentity;
  readonly keyInput?: KeyInput | undefined;
  readonly input?: NodeJS.ReadableStream | undefined;
  readonly output?: NodeJS.WritableStream | undefined;
}

const toneStyle: Readonly<Record<PairingView["tone"], string>> = { info: "white", ok: "green", error: "red" };

interface Frame {
  readonly screen: Widgets.Screen;
  readonly header: Widgets.BoxElement;
  readonly kiosk: Widgets.BoxElement;
  readonly message: Widgets.BoxElement;
}

export class PairingScreen extends EventEmitter<{ quit: [] }> implements PairingDisplay {
  private frame: Frame | undefined;
  private state: PairingState = { kind: "waiting" };

  constructor(private readonly options: PairingScreenOptions) {
    super();
  }

  start(): void {
    if (this.frame !== undefined) return;
    const { screen, header } = openKioskScreen(this.options);
    this.frame = {
      screen,
      header,
      kiosk: plainBox(screen, { top: 2, left: 2, right: 2, height: 1 }),
      message: plainBox(screen, { top: 4, left: 2, right: 2, bottom: 1 }),
    };
    screen.on("keypress", (ch: string | undefined, event: Widgets.Events.IKeyEventArg) => {
      const key = keyOf(ch, event);
      const atMs = performance.now();
      if (key.kind === "quit") this.emit("quit");
      else if (key.kind === "char") this.options.keyInput?.feedKey(key.ch, atMs);
      else if (key.kind === "enter") this.options.keyInput?.feedKey("\r", atMs);
    });
    this.render();
  }

  show(state: PairingState): void {
    this.state = state;
    this.render();
  }

  stop(): void {
    const frame = this.frame;
    if (frame === undefined) return;
    this.frame = undefined;
    frame.screen.destroy();
  }

  private render(): void {
    const frame = this.frame;
    if (frame === undefined) return;
    const view = pairingView(this.state, this.options.locale, this.options.identity);
    frame.header.setContent(` ${view.title}`);
    frame.kiosk.setContent(view.kiosk);
    frame.message.setContent(view.message);
    frame.message.style = { fg: toneStyle[view.tone] };
    frame.screen.render();
  }
}
