/**
 * What is on the screen and where keys go, for both modes (docs/domain.md §2, issue 5), without a
 * terminal: the blessed shell (blessedUi.ts) only feeds it keys and clicks and draws its view.
 *
 * What shows, first match wins:
 * 1. The redemption flow, whenever the session is past its scan screen: a scan (serial, or a wedge
 *    burst typed on any screen), or 未核銷's Enter, brings the ticket forward; when the flow is back
 *    at its scan screen, the screen it covered shows again, reloaded.
 * 2. The login screen: counter mode with nobody logged in; self-service after F2 or `*` (a
 *    supervisor's PIN opens the counter menu; Esc, or idling, closes it).
 * 3. Self-service with nobody logged in: the customer's flow, in big type, nothing else.
 * 4. Counter mode (and a supervisor on a self-service kiosk): the menu 電子票券 on the left and the
 *    chosen screen; Esc walks back through the screens opened from it, then to the menu. Logging
 *    out returns to 2 (counter) or 3 (self-service).
 *
 * Keys a wedge scanner may type (characters, Enter, Backspace) are grouped first on every screen
 * but the flow's scan and result screens (keyGrouper.ts), so a scan on the login screen is never a
 * wrong PIN and a scan on a menu never chooses an item: it goes to the keyboard scanner.
 */
import { EventEmitter } from "node:events";
import type { BackOffice, ClerkSession } from "../device/backOffice.js";
import type { KioskSession, SessionScreen } from "../device/kioskSession.js";
import type { KioskStatus } from "../device/kioskStatus.js";
import { backOfficeCatalogues, type MenuItemId } from "./backOfficeMessages.js";
import { KeyGrouper } from "./keyGrouper.js";
import { type Key, scannerMayType, type TimedKey } from "./keys.js";
import { digitChoice, menuItemsFor, movedCursor, presentMenu } from "./menu.js";
import type { Locale } from "./messages.js";
import type { DemoHint } from "./presenters.js";
import { type KeyInput, RedeemFlow } from "./redeemFlow.js";
import { DayReportScreen } from "./screens/dayReportScreen.js";
import { DeviceStatusScreen } from "./screens/deviceStatusScreen.js";
import { ExceptionsScreen } from "./screens/exceptionsScreen.js";
import { historyScreen } from "./screens/historyScreen.js";
import { LanguageScreen } from "./screens/languageScreen.js";
import { type ConsoleHint, LoginScreen, type PinHint } from "./screens/loginScreen.js";
import { OrderDetailScreen } from "./screens/orderDetailScreen.js";
import { ordersScreen } from "./screens/ordersScreen.js";
import type { Nav, Screen, ViewContext } from "./screens/screen.js";
import { presentSelfService } from "./selfServicePresenter.js";
import type { AppView, Click, MenuView, ScreenView } from "./view.js";

export interface KioskAppOptions {
  readonly session: KioskSession;
  readonly backOffice: BackOffice;
  readonly status: () => KioskStatus;
  readonly mode: "counter" | "self-service";
  readonly keyInput?: KeyInput | undefined;
  readonly locale: Locale;
  readonly timeZone: string;
  /** The demo's codes, as they stand now (their units change as they are redeemed). */
  readonly hints?: (() => readonly DemoHint[]) | undefined;
  readonly pinHints?: readonly PinHint[] | undefined;
  readonly consoleHint?: ConsoleHint | undefined;
  /**
   * Self-service (config `ui.idleTimeoutMs`): the supervisor login screen closes after this long
   * without a key, as a ticket left on the confirm screen does (device/kioskSession.ts).
   */
  readonly idleTimeoutMs?: number | undefined;
  /** Self-service: a supervisor in the counter menu is logged out after this long without a key. */
  readonly clerkIdleTimeoutMs?: number | undefined;
  readonly now: () => Date;
}

type Context = "flow" | "login" | "menu" | "screen";

/** Rows around the body: the header and a blank row above; keys, alert and status bar below. */
const frameRows = 5;

export class KioskApp extends EventEmitter<{ change: [] }> {
  private locale: Locale;
  private focus: "menu" | "screen" = "screen";
  private item: MenuItemId = "redeem";
  private menuCursor = 0;
  private stack: Screen[] = [];
  private login: LoginScreen | undefined;
  private size = { columns: 80, rows: 24 };
  private lastScreenKind: SessionScreen["kind"] = "scan";
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly flow: RedeemFlow;
  private readonly grouper: KeyGrouper;
  private readonly nav: Nav;

  private readonly onSessionChange = (screen: SessionScreen): void => {
    this.flow.sessionChanged(screen);
    // Keys typed before a new screen came up are no answer to it (a scan's Enter is no "yes").
    if (screen.kind !== "confirm") this.grouper.drop();
    if (screen.kind !== "scan" && this.login !== undefined && this.options.mode === "self-service") {
      // A customer scanned while the supervisor login was up: the customer comes first.
      this.login = undefined;
    }
    if (screen.kind === "scan" && this.lastScreenKind !== "scan") this.top()?.resume?.();
    this.lastScreenKind = screen.kind;
    this.changed();
  };
  private readonly onTurnedAway = (): void => this.login?.turnedAway();

  constructor(private readonly options: KioskAppOptions) {
    super();
    this.locale = options.locale;
    this.flow = new RedeemFlow(options.session, options.keyInput);
    this.grouper = new KeyGrouper((keys, scanned) => this.onGroup(keys, scanned));
    this.nav = {
      backOffice: options.backOffice,
      timeZone: options.timeZone,
      now: () => options.now(),
      locale: () => this.locale,
      setLocale: (locale) => {
        this.locale = locale;
        this.changed();
      },
      status: () => options.status(),
      clerk: () => options.backOffice.currentClerk(),
      listRows: (chromeRows) => Math.max(3, this.bodySize().rows - chromeRows),
      open: (screen) => {
        this.stack.push(screen);
        screen.resume?.();
        this.changed();
      },
      back: () => this.back(),
      redeem: (code) => options.session.redeemFromOrder(code),
      openOrder: (orderNumber) => this.nav.open(new OrderDetailScreen(this.nav, orderNumber)),
      changed: () => this.changed(),
    };
  }

  start(): void {
    this.options.session.on("change", this.onSessionChange);
    this.options.session.on("turnedAway", this.onTurnedAway);
    this.lastScreenKind = this.options.session.screen().kind;
    if (this.options.mode === "counter" && this.clerk() === undefined) this.openLogin(false);
  }

  stop(): void {
    this.options.session.off("change", this.onSessionChange);
    this.options.session.off("turnedAway", this.onTurnedAway);
    this.grouper.drop();
    clearTimeout(this.idleTimer);
  }

  /** The terminal's size; lists load as many rows as fit, so a new size reloads the screen shown. */
  resize(columns: number, rows: number): void {
    if (columns === this.size.columns && rows === this.size.rows) return;
    this.size = { columns, rows };
    this.top()?.resume?.();
  }

  key(key: Key, atMs: number): void {
    // Keys the kiosk does not know; blessed's duplicate of each Enter comes first among them, in the
    // middle of a scanner's burst, so it must neither flush nor split a group.
    if (key.kind === "other") return;
    this.armIdle();
    const { keyInput, session } = this.options;
    if (this.context() === "flow" && !this.flow.groupsKeys()) {
      const customerAtScan = this.options.mode === "self-service" && this.clerk() === undefined;
      if (
        customerAtScan &&
        session.screen().kind === "scan" &&
        (key.kind === "f2" || (key.kind === "char" && key.ch === "*"))
      ) {
        this.openLogin(true);
      } else {
        this.dispatch(key, atMs);
      }
      return;
    }
    if (keyInput !== undefined && scannerMayType(key)) {
      this.grouper.push({ key, atMs });
      return;
    }
    this.grouper.flush();
    this.dispatch(key, atMs);
  }

  click(area: "menu" | "body", click: Click): void {
    this.armIdle();
    // Not while a ticket is on screen: the flow ends by its own keys (Enter, Esc) or its timeout.
    if (area === "menu" && this.menuShown() && this.options.session.screen().kind === "scan") {
      const id = this.menuItems()[click.index];
      if (id !== undefined) this.openItem(id);
    } else if (area === "body" && this.context() === "screen") {
      this.top()?.click?.(click);
    } else if (area === "body" && this.context() === "flow") {
      this.flow.click(click);
    }
    this.changed();
  }

  view(): AppView {
    const { mode, session } = this.options;
    const b = backOfficeCatalogues[this.locale];
    const context = this.viewContext();
    const large = mode === "self-service" && this.clerk() === undefined && this.login === undefined;
    let body: ScreenView;
    switch (this.context()) {
      case "flow": {
        const flowContext = { ...context, waitingScans: session.waitingScans() };
        body = large
          ? presentSelfService(session.screen(), flowContext, this.options.status().printer !== "none")
          : this.flow.view(flowContext, this.options.hints?.());
        break;
      }
      case "login":
        body = this.login?.view(context) ?? this.flow.view(context, undefined);
        break;
      case "menu":
      case "screen": {
        const top = this.top();
        body = top === undefined ? this.flow.view(context, this.options.hints?.()) : top.view(context);
        if (this.focus === "menu") body = { ...body, keys: b.menu.keys };
        break;
      }
    }
    return { locale: this.locale, body, menu: this.menu(), large };
  }

  private clerk(): ClerkSession | undefined {
    return this.options.backOffice.currentClerk();
  }

  private top(): Screen | undefined {
    return this.item === "redeem" ? undefined : this.stack.at(-1);
  }

  private context(): Context {
    if (this.options.session.screen().kind !== "scan") return "flow";
    if (this.login !== undefined) return "login";
    if (this.clerk() === undefined) return "flow";
    if (this.focus === "menu") return "menu";
    return this.top() === undefined ? "flow" : "screen";
  }

  private menuShown(): boolean {
    return this.clerk() !== undefined && this.login === undefined;
  }

  private menuItems(): readonly MenuItemId[] {
    const clerk = this.clerk();
    return clerk === undefined ? [] : menuItemsFor(clerk.role);
  }

  private menu(): MenuView | undefined {
    const clerk = this.clerk();
    if (!this.menuShown() || clerk === undefined) return undefined;
    return presentMenu(
      {
        items: this.menuItems(),
        current: this.item,
        cursor: this.focus === "menu" && this.context() === "menu" ? this.menuCursor : undefined,
        exceptions: this.options.status().exceptions,
        clerkName: clerk.name,
      },
      backOfficeCatalogues[this.locale],
      this.size.columns,
    );
  }

  private bodySize(): { columns: number; rows: number } {
    const menu = this.menu();
    // The body keeps one blank column on each side; the menu's width includes its rule.
    const columns = this.size.columns - 2 - (menu === undefined ? 0 : menu.width);
    return { columns: Math.max(20, columns), rows: Math.max(5, this.size.rows - frameRows) };
  }

  private viewContext(): ViewContext {
    return {
      locale: this.locale,
      timeZone: this.options.timeZone,
      now: this.options.now(),
      ...this.bodySize(),
    };
  }

  private onGroup(keys: readonly TimedKey[], scanned: boolean): void {
    if (scanned) this.flow.scanned(keys);
    else for (const { key, atMs } of keys) this.dispatch(key, atMs);
    this.changed();
  }

  /** A person's key, to whatever has the keys now. */
  private dispatch(key: Key, atMs: number): void {
    switch (this.context()) {
      case "flow":
        if (!this.flow.key(key, atMs) && key.kind === "escape" && this.menuShown()) this.focusMenu();
        break;
      case "login":
        if (this.login?.key(key) === false && key.kind === "escape" && this.options.mode === "self-service") {
          this.login = undefined;
        }
        break;
      case "menu":
        this.menuKey(key);
        break;
      case "screen":
        if (this.top()?.key(key) === false && key.kind === "escape") this.back();
        break;
    }
    this.changed();
  }

  private menuKey(key: Key): void {
    const items = this.menuItems();
    switch (key.kind) {
      case "up":
      case "down":
        this.menuCursor = movedCursor(this.menuCursor, key.kind, items.length);
        return;
      case "char":
        this.menuCursor = digitChoice(key.ch, items.length) ?? this.menuCursor;
        return;
      case "enter":
      case "right": {
        const id = items[this.menuCursor];
        if (id !== undefined) this.openItem(id);
        return;
      }
      case "escape":
        // Back to the screen the menu sits beside.
        this.focus = "screen";
        return;
      default:
        return;
    }
  }

  private focusMenu(): void {
    this.focus = "menu";
    this.menuCursor = Math.max(0, this.menuItems().indexOf(this.item));
  }

  private openItem(id: MenuItemId): void {
    this.menuCursor = Math.max(0, this.menuItems().indexOf(id));
    this.focus = "screen";
    if (id === "logout") {
      this.logout();
      return;
    }
    this.item = id;
    const screen = this.screenFor(id);
    this.stack = screen === undefined ? [] : [screen];
    screen?.resume?.();
  }

  private screenFor(id: Exclude<MenuItemId, "logout">): Screen | undefined {
    const { nav } = this;
    switch (id) {
      case "redeem":
        return undefined;
      case "orders":
        return ordersScreen(nav);
      case "history":
        return historyScreen(nav);
      case "dayReport":
        return new DayReportScreen(nav);
      case "exceptions":
        return new ExceptionsScreen(nav);
      case "deviceStatus":
        return new DeviceStatusScreen(() => this.options.status());
      case "language":
        return new LanguageScreen(nav);
    }
  }

  private back(): void {
    if (this.stack.length <= 1) {
      this.focusMenu();
      return;
    }
    this.stack.pop();
    this.top()?.resume?.();
  }

  private openLogin(supervisorOnly: boolean): void {
    this.login = new LoginScreen(this.nav, {
      supervisorOnly,
      hints: this.options.pinHints,
      consoleHint: this.options.consoleHint,
      onLogin: () => {
        this.login = undefined;
        this.item = "redeem";
        this.stack = [];
        // A clerk at the counter scans straight away; a supervisor at a self-service kiosk came for the menu.
        if (supervisorOnly) this.focusMenu();
        else this.focus = "screen";
        this.armIdle();
      },
    });
    this.armIdle();
  }

  private logout(): void {
    this.options.backOffice.logout();
    this.item = "redeem";
    this.stack = [];
    this.focus = "screen";
    this.grouper.drop();
    if (this.options.mode === "counter") this.openLogin(false);
    this.armIdle();
  }

  /**
   * Self-service only: the supervisor login screen, or a supervisor's counter menu, left alone
   * closes by itself, so the next customer finds the scan screen and nobody finds a supervisor's
   * menu open.
   */
  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.options.mode !== "self-service") return;
    const timeoutMs =
      this.clerk() !== undefined
        ? this.options.clerkIdleTimeoutMs
        : this.login !== undefined
          ? this.options.idleTimeoutMs
          : undefined;
    if (timeoutMs === undefined) return;
    this.idleTimer = setTimeout(() => {
      this.login = undefined;
      if (this.clerk() !== undefined) this.logout();
      this.changed();
    }, timeoutMs);
    this.idleTimer.unref();
  }

  private changed(): void {
    this.emit("change");
  }
}
