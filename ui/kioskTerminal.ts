/**
 * The blessed screen every kiosk screen opens on its terminal (blessedUi.ts, pairingScreen.ts):
 * `fullUnicode` and `forceUnicode` (a systemd service has no UTF-8 locale, and blessed would
 * otherwise print CJK as `??`), the cursor hidden, and the header bar along the top.
 */
import blessed, { type Widgets } from "blessed";
import { plainBox } from "./blockDrawing.js";

export interface KioskTerminal {
  readonly input?: NodeJS.ReadableStream | undefined;
  readonly output?: NodeJS.WritableStream | undefined;
  /** The terminfo name; $TERM by default. */
  readonly terminal?: string | undefined;
}

export function openKioskScreen(terminal: KioskTerminal): {
  screen: Widgets.Screen;
  header: Widgets.BoxElement;
} {
  // @types/blessed 0.1.27 has the screen's two stream types swapped (input: Writable), hence the cast.
  const streams = {
    input: terminal.input ?? process.stdin,
    output: terminal.output ?? process.stdout,
  } as unknown as Pick<Widgets.IScreenOptions, "input" | "output">;
  const screen = blessed.screen({
    ...streams,
    ...(terminal.terminal === undefined ? {} : { terminal: terminal.terminal }),
    fullUnicode: true,
    forceUnicode: true,
    smartCSR: true,
    warnings: false,
  });
  screen.program.hideCursor();
  const header = plainBox(screen, {
    top: 0,
    left: 0,
    width: "100%",
    height: 1,
    style: { fg: "white", bg: "blue", bold: true },
  });
  return { screen, header };
}
