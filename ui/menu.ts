/**
 * The left-hand menu 電子票券 (docs/domain.md §2) for the clerk logged in. A supervisor sees every
 * screen; a clerk with the `redeem` role (docs/domain.md §1: scan and redeem only) sees 核銷票券, their
 * own 核銷紀錄 (historyScreen.ts says why) and 登出.
 */
import type { ClerkRole } from "../device/domain.js";
import type { BackOfficeMessages, MenuItemId } from "./backOfficeMessages.js";
import { displayWidth, safeText, truncate } from "./displayText.js";
import type { Key } from "./keys.js";
import type { MenuView } from "./view.js";

const supervisorItems: readonly MenuItemId[] = [
  "redeem",
  "orders",
  "history",
  "dayReport",
  "exceptions",
  "deviceStatus",
  "language",
  "logout",
];
const redeemItems: readonly MenuItemId[] = ["redeem", "history", "logout"];

export function menuItemsFor(role: ClerkRole): readonly MenuItemId[] {
  return role === "supervisor" ? supervisorItems : redeemItems;
}

/**
 * Every numbered list of the kiosk (this menu, 核銷明細's actions, 取消核銷's reasons) takes a digit
 * the same way: it moves the cursor to that line, and Enter does what the line says. One action per
 * intent: a digit never acts by itself, so the Enter the footer asks for cannot do it a second time
 * (issue 11: a reprint ran twice). The index chosen, or undefined for a key that names no line.
 */
export function digitChoice(ch: string, lines: number): number | undefined {
  if (!/^[1-9]$/.test(ch)) return undefined;
  const index = Number(ch) - 1;
  return index < lines ? index : undefined;
}

/**
 * Every list's up and down arrows: one line up or down, wrapping round at either end, so the
 * 4-key keypads of some kiosks reach every line. An empty list has its cursor at 0.
 */
export function movedCursor(cursor: number, direction: "up" | "down", lines: number): number {
  if (lines === 0) return 0;
  return (cursor + (direction === "up" ? lines - 1 : 1)) % lines;
}

/** What a key did to a list: where its cursor is now, and whether Enter asked to act on that line. */
export interface ListMove {
  readonly cursor: number;
  readonly enter: boolean;
}

/**
 * A key on a list of `lines`: the arrows move the cursor (`movedCursor`), a digit picks a line on
 * a numbered list (`digitChoice`), Enter acts on the cursor's line. Undefined for a key the list
 * does not take, so the screen can hand it on.
 */
export function listKey(key: Key, cursor: number, lines: number, numbered: boolean): ListMove | undefined {
  switch (key.kind) {
    case "up":
    case "down":
      return { cursor: movedCursor(cursor, key.kind, lines), enter: false };
    case "char":
      return numbered ? { cursor: digitChoice(key.ch, lines) ?? cursor, enter: false } : undefined;
    case "enter":
      return { cursor, enter: true };
    default:
      return undefined;
  }
}

/** Cells around the labels: a space on each side and the rule on the right. */
const menuChrome = 3;
/** The menu never takes more than this share of the screen. */
const maxShare = 0.3;

export interface MenuState {
  readonly items: readonly MenuItemId[];
  readonly current: MenuItemId;
  /** The cursor, while keys go to the menu. */
  readonly cursor: number | undefined;
  /** Exceptions waiting: 例外清單 shows how many. */
  readonly exceptions: number;
  readonly clerkName: string;
}

export function presentMenu(state: MenuState, b: BackOfficeMessages, screenColumns: number): MenuView {
  const labels = state.items.map((id, index) => {
    const count = id === "exceptions" && state.exceptions > 0 ? ` (${state.exceptions})` : "";
    return `${index + 1} ${b.menu.items[id]}${count}`;
  });
  const heading = b.menu.heading;
  const widest = Math.max(displayWidth(heading), ...labels.map(displayWidth));
  const width = Math.min(widest + menuChrome, Math.max(12, Math.floor(screenColumns * maxShare)));
  const room = width - menuChrome;
  return {
    heading: truncate(heading, room),
    clerk: truncate(safeText(state.clerkName), room),
    items: labels.map((label, index) => ({
      label: truncate(label, room),
      current: state.items[index] === state.current,
      click: { target: "menu", index },
    })),
    selected: state.cursor,
    width,
  };
}
