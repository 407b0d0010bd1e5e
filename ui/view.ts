/**
 * The screen as data: what presenters and screens produce and the blessed drawer draws. Every string in a view is finished text, already made safe and fitted to its width.
 */
import type { Locale } from "./messages.js";

export type Tone = "ok" | "refused" | "attention";
/** A list row's colour: a tone, or greyed out (a voided redemption). */
export type RowTone = Tone | "muted";

/** The redemption flow's touch buttons (self-service), as click targets. */
export type FlowButton = "minus" | "plus" | "confirm" | "cancel";

/** What a mouse click or a touch on a row does: the screen that drew it decides. */
export interface Click {
  readonly target: string;
  readonly index: number;
}

export interface ListRow {
  readonly text: string;
  readonly tone?: RowTone | undefined;
  readonly click?: Click | undefined;
}

export type Block =
  /** Plain lines, left-aligned; a tone colours them (a message with its glyph). */
  | {
      readonly kind: "lines";
      readonly lines: readonly string[];
      readonly tone?: Tone | undefined;
      /** Work in progress: the drawer adds a spinner to the first line once it lasts. */
      readonly spinner?: boolean | undefined;
    }
  /** An entry line (a code, a PIN), framed. */
  | { readonly kind: "entry"; readonly line: string }
  /** Large type: bold, centred, framed, coloured by tone. */
  | {
      readonly kind: "big";
      readonly lines: readonly string[];
      readonly tone: Tone | "neutral";
      readonly spinner?: boolean | undefined;
    }
  /** Rows under an optional header (a table, a form, a list of actions); one may be selected. */
  | {
      readonly kind: "list";
      readonly header?: string | undefined;
      readonly rows: readonly ListRow[];
      readonly selected: number | undefined;
    }
  /** Buttons in one row, for a touch screen (self-service: − + 確認 取消); every one has its key too. */
  | {
      readonly kind: "buttons";
      readonly buttons: readonly { readonly label: string; readonly click: Click }[];
    }
  /** Tabs in one row (詳細訂單內容: 已核銷 / 未核銷). */
  | {
      readonly kind: "tabs";
      readonly tabs: readonly { readonly label: string; readonly active: boolean; readonly click: Click }[];
    };

export interface ScreenView {
  readonly title: string;
  readonly blocks: readonly Block[];
  /** The key hints line. */
  readonly keys: string;
  /** Work in progress: the drawer runs the spinner while this is set. */
  readonly busy: boolean;
}

export interface MenuView {
  readonly heading: string;
  /** Who is logged in, under the heading. */
  readonly clerk: string;
  readonly items: readonly { readonly label: string; readonly current: boolean; readonly click: Click }[];
  /** The cursor, while the keys go to the menu. */
  readonly selected: number | undefined;
  /** Cells the menu takes, its border included. */
  readonly width: number;
}

/** The whole screen but the status bar. */
export interface AppView {
  readonly locale: Locale;
  readonly body: ScreenView;
  readonly menu?: MenuView | undefined;
  /** Self-service: fewer, larger things for a customer standing at arm's length. */
  readonly large: boolean;
}
