/**
 * What every counter-mode screen is to the app that shows it (kioskApp.ts): a projection of its own
 * state (`view`, pure), a key handler, and the few things it may ask of the app (`Nav`). Screens
 * hold no blessed object, so each is driven and read in tests without a terminal.
 */
import type { BackOffice, ClerkSession } from "../../device/backOffice.js";
import type { KioskStatus } from "../../device/kioskStatus.js";
import type { Key } from "../keys.js";
import type { Locale } from "../messages.js";
import type { Click, ScreenView } from "../view.js";

export interface ViewContext {
  readonly locale: Locale;
  readonly timeZone: string;
  readonly now: Date;
  /** Cells a line may take. */
  readonly columns: number;
  /** Rows the screen's blocks may take. */
  readonly rows: number;
}

export interface Nav {
  readonly backOffice: BackOffice;
  readonly timeZone: string;
  now(): Date;
  locale(): Locale;
  setLocale(locale: Locale): void;
  status(): KioskStatus;
  clerk(): ClerkSession | undefined;
  /** Rows a list may show below a screen's `chromeRows` of other lines, at the current size. */
  listRows(chromeRows: number): number;
  /** Shows a screen on top of this one; Esc comes back. */
  open(screen: Screen): void;
  /** Closes the screen on top. */
  back(): void;
  /** Starts the redemption flow for a ticket of an order (詳細訂單內容's 未核銷 tab). */
  redeem(code: string): void;
  /**
   * Shows an order's detail (詳細訂單內容) on top. The app builds that screen, so a screen the
   * detail itself opens (a redemption) can link back to it without importing it.
   */
  openOrder(orderNumber: string): void;
  /** The screen's state changed (an answer arrived): draw again. */
  changed(): void;
}

export interface Screen {
  view(context: ViewContext): ScreenView;
  /** A person's key; false when the screen has no use for it (Esc at its top level: the app goes back). */
  key(key: Key): boolean;
  /** A mouse click or touch on something the view marked clickable. */
  click?(click: Click): void;
  /** Shown: when opened, and again when a screen opened from it closed, a redemption ended or the terminal was resized. */
  resume?(): void;
}
