/**
 * 店員登入 (issue 5 §3): a PIN of digits, then Enter. The PIN shows as `*`s; a wrong PIN says how
 * many tries are left, a locked keypad until when (the back office keeps the count and the lock,
 * across restarts). On a self-service kiosk only a supervisor's PIN opens the counter menu.
 */
import type { ClerkSession, LoginResult } from "../../device/backOffice.js";
import type { ClerkRole } from "../../device/domain.js";
import { backOfficeCatalogues } from "../backOfficeMessages.js";
import { displayWidth, padEnd, safeText, truncate } from "../displayText.js";
import type { Key } from "../keys.js";
import { catalogues } from "../messages.js";
import { titled } from "../presenters.js";
import { formatTime } from "../timeText.js";
import type { Block, ScreenView, Tone } from "../view.js";
import type { Nav, Screen, ViewContext } from "./screen.js";
import { Task } from "./task.js";

/** A demo clerk's PIN, shown on the login screen of `ticket-kiosk demo`. */
export interface PinHint {
  readonly pin: string;
  readonly name: string;
  readonly role: ClerkRole;
}

type Notice =
  | { readonly kind: "wrong_pin"; readonly attemptsLeft: number }
  | { readonly kind: "locked"; readonly lockedUntilMs: number }
  | { readonly kind: "no_pin_key" | "pin_key_mismatch"; readonly file: string }
  | { readonly kind: "no_clerks" | "supervisor_only" | "login_first" };

/** Where the demo's web console is, and the account it made for it. */
export interface ConsoleHint {
  readonly url: string;
  readonly account: string;
  readonly password: string;
}

export interface LoginScreenOptions {
  /** Self-service: only a supervisor may log in (to open the counter menu). */
  readonly supervisorOnly: boolean;
  readonly hints?: readonly PinHint[] | undefined;
  /** The demo's web console, shown under the PINs. */
  readonly consoleHint?: ConsoleHint | undefined;
  readonly onLogin: (clerk: ClerkSession) => void;
}

/** PINs are 4 to 12 digits (device/clerkLogin.ts). */
export const maxPinDigits = 12;

/** A PIN being typed, shown as `*`s (the void screen asks for one too). */
export function pinEntry(label: string, pin: string): Block {
  return { kind: "entry", line: `${label}  ${"*".repeat(pin.length)}_` };
}

/**
 * The PIN after a key that edits it (a digit, ignored once the PIN is as long as one can be;
 * Backspace, and any other character, ignored); undefined for keys that do not edit a PIN.
 */
export function editedPin(pin: string, key: Key): string | undefined {
  switch (key.kind) {
    case "char":
      return /^[0-9]$/.test(key.ch) && pin.length < maxPinDigits ? pin + key.ch : pin;
    case "backspace":
      return pin.slice(0, -1);
    default:
      return undefined;
  }
}

export class LoginScreen implements Screen {
  private pin = "";
  private notice: Notice | undefined;
  private readonly task: Task;

  constructor(
    private readonly nav: Nav,
    private readonly options: LoginScreenOptions,
  ) {
    this.task = new Task(() => nav.changed());
  }

  /** A ticket was scanned while nobody is logged in: say why nothing happens. */
  turnedAway(): void {
    this.notice = { kind: "login_first" };
    this.nav.changed();
  }

  key(key: Key): boolean {
    if (this.task.running()) return true;
    const edited = editedPin(this.pin, key);
    if (edited !== undefined) {
      this.pin = edited;
      return true;
    }
    switch (key.kind) {
      case "escape":
        if (this.pin === "") return false;
        this.pin = "";
        return true;
      case "enter":
        if (this.pin !== "") this.submit();
        return true;
      default:
        return false;
    }
  }

  view(context: ViewContext): ScreenView {
    const b = backOfficeCatalogues[context.locale];
    const m = catalogues[context.locale];
    const { columns } = context;
    const supervisor = this.options.supervisorOnly;
    const blocks: Block[] = [
      { kind: "lines", lines: [truncate(supervisor ? b.login.supervisorPrompt : b.login.prompt, columns)] },
      pinEntry(b.login.pin, this.pin),
    ];
    const error = this.task.error();
    const notice: { text: string; tone: Tone } | undefined = this.task.running()
      ? undefined
      : error !== undefined
        ? { text: b.common.failed(error), tone: "refused" }
        : this.notice === undefined || lockPassed(this.notice, context.now)
          ? undefined
          : this.noticeText(this.notice, context);
    if (this.task.running()) blocks.push({ kind: "lines", lines: [b.login.checking], spinner: true });
    else if (notice !== undefined)
      blocks.push({ kind: "lines", lines: [truncate(notice.text, columns)], tone: notice.tone });
    const hints = this.options.hints ?? [];
    if (hints.length > 0) {
      // PINs of different lengths: the names stand in one column.
      const pinWidth = Math.max(...hints.map((hint) => displayWidth(hint.pin)));
      blocks.push({
        kind: "lines",
        lines: [
          b.login.demoHeading,
          ...hints.map(
            (hint) => `  ${padEnd(hint.pin, pinWidth)}  ${safeText(hint.name)}（${b.role[hint.role]}）`,
          ),
        ].map((line) => truncate(line, columns)),
      });
    }
    const web = this.options.consoleHint;
    if (web !== undefined)
      blocks.push({
        kind: "lines",
        lines: [truncate(b.login.demoConsole(web.url, web.account, web.password), columns)],
      });
    return {
      title: titled(m, supervisor ? b.login.supervisorTitle : b.login.title),
      blocks,
      keys: truncate(supervisor ? b.login.supervisorKeys : b.login.keys, columns),
      busy: this.task.running(),
    };
  }

  private submit(): void {
    const pin = this.pin;
    this.pin = "";
    this.notice = undefined;
    const { backOffice } = this.nav;
    this.task.run(
      // The supervisor prompt names its role, so the count of misses includes clerks' own PINs
      // typed there (device/clerkLogin.ts).
      () => backOffice.login(pin, this.options.supervisorOnly ? "supervisor" : undefined),
      (result) => {
        if (result.ok) this.options.onLogin(result.clerk);
        else this.notice = refusalNotice(result);
      },
    );
  }

  private noticeText(notice: Notice, context: ViewContext): { text: string; tone: Tone } {
    const b = backOfficeCatalogues[context.locale];
    switch (notice.kind) {
      case "wrong_pin":
        return { text: b.login.wrongPin(notice.attemptsLeft), tone: "refused" };
      case "locked":
        return {
          text: b.login.locked(formatTime(new Date(notice.lockedUntilMs), context.timeZone, true)),
          tone: "refused",
        };
      case "no_clerks":
        return { text: b.login.noClerks, tone: "attention" };
      case "no_pin_key":
        return { text: b.login.noPinKey(notice.file), tone: "attention" };
      case "pin_key_mismatch":
        return { text: b.login.pinKeyMismatch(notice.file), tone: "attention" };
      case "supervisor_only":
        return { text: b.login.supervisorOnly, tone: "refused" };
      case "login_first":
        return { text: b.login.loginFirst, tone: "attention" };
    }
  }
}

/**
 * A lock whose time has come says nothing more: the screen is drawn every second, so "locked until
 * 03:17:34" goes at 03:17:34 and the keypad takes a PIN again.
 */
function lockPassed(notice: Notice, now: Date): boolean {
  return notice.kind === "locked" && now.getTime() >= notice.lockedUntilMs;
}

function refusalNotice(result: Extract<LoginResult, { ok: false }>): Notice {
  switch (result.reason) {
    case "wrong_pin":
      return { kind: "wrong_pin", attemptsLeft: result.attemptsLeft };
    case "locked":
      return { kind: "locked", lockedUntilMs: result.lockedUntilMs };
    case "no_clerks":
      return { kind: "no_clerks" };
    case "wrong_role":
      return { kind: "supervisor_only" };
    case "no_pin_key":
    case "pin_key_mismatch":
      return { kind: result.reason, file: result.file };
  }
}
