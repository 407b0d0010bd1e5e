/**
 * Counter-mode screens driven without a terminal: a Nav that records what a screen asks of the app
 * (open, back, redeem), a fake back office, and helpers to type and to read the view.
 */
import type { ClerkSession } from "../../../device/backOffice.js";
import type { KioskStatus } from "../../../device/kioskStatus.js";
import type { Key } from "../../../ui/keys.js";
import type { Locale } from "../../../ui/messages.js";
import { OrderDetailScreen } from "../../../ui/screens/orderDetailScreen.js";
import type { Nav, Screen, ViewContext } from "../../../ui/screens/screen.js";
import { FakeBackOffice, supervisor } from "../../helpers/fakeBackOffice.js";
import { makeStatus } from "../../helpers/fixtures.js";
import { allText } from "./viewLines.js";

/** 2026-11-27 14:05:09 in Taipei. */
export const now = new Date("2026-11-27T06:05:09Z");

export interface RigOptions {
  readonly clerk?: ClerkSession | null;
  readonly locale?: Locale;
  readonly status?: Partial<KioskStatus>;
  /** Cells of the body (80 columns less the menu). */
  readonly columns?: number;
  readonly rows?: number;
}

export function screenRig({
  clerk = supervisor,
  locale = "zh-TW",
  status = {},
  columns = 64,
  rows = 19,
}: RigOptions = {}) {
  const backOffice = new FakeBackOffice(() => now.getTime());
  if (clerk !== null) backOffice.signIn(clerk);
  const opened: Screen[] = [];
  const redeemed: string[] = [];
  let backs = 0;
  let current: Locale = locale;
  const nav: Nav = {
    backOffice,
    timeZone: "Asia/Taipei",
    now: () => now,
    locale: () => current,
    setLocale: (next) => {
      current = next;
    },
    status: () => makeStatus({ now: now.toISOString(), ...status }),
    clerk: () => backOffice.currentClerk(),
    listRows: (chromeRows) => Math.max(3, rows - chromeRows),
    open: (screen) => {
      opened.push(screen);
      screen.resume?.();
    },
    back: () => {
      backs += 1;
    },
    redeem: (code) => redeemed.push(code),
    openOrder: (orderNumber) => nav.open(new OrderDetailScreen(nav, orderNumber)),
    changed: () => undefined,
  };
  const context = (): ViewContext => ({ locale: current, timeZone: "Asia/Taipei", now, columns, rows });
  return { nav, backOffice, opened, redeemed, backs: () => backs, context, locale: () => current };
}

/** Lets the back office's answers arrive (the fake answers on the next turns of the event loop). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

const named: Readonly<Record<string, Key>> = {
  "<enter>": { kind: "enter" },
  "<esc>": { kind: "escape" },
  "<up>": { kind: "up" },
  "<down>": { kind: "down" },
  "<left>": { kind: "left" },
  "<right>": { kind: "right" },
  "<tab>": { kind: "tab" },
  "<bs>": { kind: "backspace" },
};

/** Keys as text: `<enter>`, `<down>`… by name, anything else one character at a time. */
export function keysOf(text: string): Key[] {
  return (text.match(/<[a-z]+>|[\s\S]/gu) ?? []).map((part) => named[part] ?? { kind: "char", ch: part });
}

/** Types into a screen; returns what the screen said of each key (false: not its key). */
export function press(screen: Screen, text: string): boolean[] {
  return keysOf(text).map((key) => screen.key(key));
}

export function shown(screen: Screen, context: ViewContext): string {
  return allText(screen.view(context));
}
