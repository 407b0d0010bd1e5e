/**
 * Keys as a clerk types them into the kiosk under tmux. `tmux send-keys` of a whole string arrives
 * as one burst, which the kiosk rightly takes for a wedge scanner (a PIN typed that fast would be a
 * scan, not a login); a person's keys come one by one, well apart. Esc is the one key to wait after:
 * a busy kiosk that reads Esc together with the next key gets Alt+key (or one Esc for two), as any
 * terminal program would, so `pressEscape` waits for the screen the Esc leads to.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { TmuxTerminal } from "../helpers/tmuxTerminal.js";

/** Esc, then the screen it leads to. */
export async function pressEscape(terminal: TmuxTerminal, then: string | RegExp): Promise<string> {
  await terminal.keys("Escape");
  return terminal.waitFor(then);
}

/** Slower than any scanner (35 ms between keys at most), like a person at a keypad. */
const personGapMs = 120;

export async function typeByHand(terminal: TmuxTerminal, text: string): Promise<void> {
  for (const ch of text) {
    await terminal.type(ch);
    await sleep(personGapMs);
  }
}

/** Named keys (Enter, Escape, Down…) one by one, each given time to be handled on its own. */
export async function press(terminal: TmuxTerminal, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    await terminal.keys(key);
    await sleep(personGapMs);
  }
}

export async function logIn(terminal: TmuxTerminal, pin: string): Promise<void> {
  await typeByHand(terminal, pin);
  await press(terminal, "Enter");
}
