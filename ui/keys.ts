/**
 * The keys the kiosk knows (docs/protocol.md: a keypad, a keyboard or a keyboard-wedge scanner must be
 * enough), made from blessed's key events. Every screen handles these and nothing else.
 */
import type { Widgets } from "blessed";

export type Key =
  | { readonly kind: "char"; readonly ch: string }
  | {
      readonly kind:
        | "enter"
        | "backspace"
        | "escape"
        | "up"
        | "down"
        | "left"
        | "right"
        | "tab"
        | "backtab"
        | "pageup"
        | "pagedown"
        | "f2"
        | "quit"
        | "other";
    };

export interface TimedKey {
  readonly key: Key;
  /** On a monotonic clock. */
  readonly atMs: number;
}

/** Keys a wedge scanner types: what may belong to a scanned code. Anything else is a person's. */
export function scannerMayType(key: Key): boolean {
  return key.kind === "char" || key.kind === "enter" || key.kind === "backspace";
}

const named: Readonly<Record<string, Exclude<Key["kind"], "char">>> = {
  return: "enter", // "\r"
  linefeed: "enter", // "\n", which blessed renames from "enter"
  backspace: "backspace",
  escape: "escape",
  up: "up",
  down: "down",
  left: "left",
  right: "right",
  tab: "tab",
  pageup: "pageup",
  pagedown: "pagedown",
  f2: "f2",
};

/** blessed's key event as one of the keys the kiosk knows. */
export function keyOf(ch: string | undefined, key: Widgets.Events.IKeyEventArg): Key {
  if (key.full === "C-c") return { kind: "quit" };
  // blessed repeats every "\r" as an "enter": the "return" already counted.
  if (key.name === "enter") return { kind: "other" };
  if (key.name === "tab" && key.shift) return { kind: "backtab" };
  const kind = key.name === undefined ? undefined : named[key.name];
  if (kind !== undefined) return { kind };
  // One printable character (CJK too, for names typed into a search field); never a control.
  if (ch !== undefined && !key.ctrl && !key.meta && /^[^\p{C}]$/u.test(ch)) return { kind: "char", ch };
  return { kind: "other" };
}
