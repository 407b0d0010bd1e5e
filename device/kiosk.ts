/**
 * The composition root: builds every part from the validated config, starts them in order and
 * stops them in reverse. Drivers and the UI are imported lazily, so a kiosk loads only what its
 * config uses (every module costs start-up time on a Pi) and this core never imports serialport,
 * blessed or undici itself.
 */
import { EventEmitter, once } from "node:events";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { PrintQueue } from "../drivers/printer/printQueue.js";
import { EscposSlipQueue } from "../drivers/printer/slipQueue.js";
import { readCentralCa } from "../sync/centralCa.js";
import { readDeviceToken } from "../sync/deviceToken.js";
import { SyncLoop } from "../sync/syncLoop.js";
import type { BackOffice, ReprintOutcome } from "./backOffice.js";
import { ClerkLogin } from "./clerkLogin.js";
import type { ClerkStore } from "./clerkStore.js";
import { type Clock, SystemClock } from "./clock.js";
import { type CodeHint, liveCodeHints } from "./codeHints.js";
import { flushCompileCache } from "./compileCache.js";
import type { Config } from "./config.js";
import { Connectivity } from "./connectivity.js";
import { ControlServer } from "./controlServer.js";
import type { ClerkRole, Outcome } from "./domain.js";
import { pressButton } from "./feedbackButtons.js";
import type { Journal, JournalEntry } from "./journal.js";
import { KioskSession } from "./kioskSession.js";
import type { KioskStatus } from "./kioskStatus.js";
import { type LazyCentralApi, lazyCentralApi } from "./lazyCentralApi.js";
import { LevelBackOffice } from "./levelBackOffice.js";
import { LevelJournal } from "./levelJournal.js";
import type { JournalWrites } from "./levelStore.js";
import type { Logger } from "./logger.js";
import { pinKeyFileOf, readPinKey } from "./pinKeyFile.js";
import type { CentralApi } from "./ports/centralApi.js";
import type { Feedback, FeedbackSignal } from "./ports/feedback.js";
import type { Printer } from "./ports/printer.js";
import type { Scanner } from "./ports/scanner.js";
import type { Heartbeat } from "./ports/wire.js";
import { type DecisionResult, RedemptionService } from "./redemptionService.js";
import { SlipPrinting } from "./slipPrinting.js";
import { damageSummary, describeFinding } from "./storeIntegrity.js";
import type { TicketCache } from "./ticketCache.js";

/**
 * The kiosk's stored data, one port per loss it tolerates (levelStore.ts): the journal (never lost),
 * the ticket cache (downloaded again) and the clerk store (clerks downloaded again). The journal
 * opens and closes the other two with it.
 */
export interface KioskStores {
  readonly journal: Journal;
  readonly ticketCache: TicketCache;
  readonly clerkStore: ClerkStore;
}

/** The three stores of one LevelJournal, which share its database. */
export function levelStores(journal: LevelJournal): KioskStores {
  return { journal, ticketCache: journal.ticketCache, clerkStore: journal.clerkStore };
}

/** Seams for tests and the demo; everything left out is built from the config. */
export interface KioskDeps {
  readonly logger: Logger;
  readonly version: string;
  readonly clock?: Clock;
  readonly central?: CentralApi;
  readonly scanner?: Scanner;
  readonly printer?: Printer;
  readonly feedback?: Feedback;
  /** The three stores; left out, one LevelJournal on `dataDir/journal` with its cache and clerks. */
  readonly stores?: KioskStores;
  /**
   * Test-only: how the journal built from the config writes (default: synced). Only the power-loss
   * harness's negative control passes `{ sync: false }` (docs/reliability.md, "Negative control").
   */
  readonly journalWrites?: JournalWrites;
  readonly terminal?: { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream };
  /** Codes shown on the scan screen so a newcomer can try the demo. */
  readonly hints?: readonly CodeHint[];
  /**
   * The clerk recorded on redemptions when nobody can log in (the headless demo has no screen to
   * log in on, but a redemption still says who made it).
   */
  readonly standingClerkId?: string;
  /** Demo clerks' PINs shown on the login screen. */
  readonly pinHints?: readonly { readonly pin: string; readonly name: string; readonly role: ClerkRole }[];
  /** The demo's web console and its account, shown on the login screen too. */
  readonly consoleHint?: { readonly url: string; readonly account: string; readonly password: string };
}

/** A kiosk that cannot start: another daemon owns the data directory. */
export class KioskLockedError extends Error {
  override readonly name = "KioskLockedError";
}

interface Ui {
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

const signalFor: Record<Outcome, FeedbackSignal> = {
  ok: "ok",
  not_found: "refused",
  invalid_code: "refused",
  not_yet_valid: "refused",
  expired: "refused",
  voided: "refused",
  refunded: "refused",
  fully_redeemed: "refused",
  wrong_store: "refused",
  quantity_exceeds_remaining: "refused",
  offline_refused: "attention",
  conflict: "attention",
  rejected: "attention",
  not_authorized: "attention",
  central_error: "attention",
  busy: "refused",
};

export class Kiosk extends EventEmitter<{ quit: []; status: [KioskStatus]; decision: [DecisionResult] }> {
  private readonly clock: Clock;
  private readonly connectivity: Connectivity;
  private readonly journal: Journal;
  private readonly ticketCache: TicketCache;
  private readonly clerkStore: ClerkStore;
  private ready = false;
  private started: { readonly name: string; readonly stop: () => Promise<void> | void }[] = [];
  private scanner: Scanner | undefined;
  private printer: Printer | undefined;
  private slips: SlipPrinting | undefined;
  private office: BackOffice | undefined;
  private syncLoop: SyncLoop | undefined;
  private session: KioskSession | undefined;
  private readonly printing = new Set<Promise<void>>();
  /** Job ids of slips a crash left owed, queued at start, until they print. */
  private readonly recoveredSlips = new Set<string>();
  private stopping = false;
  private hintsNow: readonly CodeHint[] = [];
  /** The central client this kiosk loads after its ready line; undefined when one was given. */
  private lazyCentral: LazyCentralApi | undefined;
  private centralLoad: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: Config,
    private readonly deps: KioskDeps,
  ) {
    super();
    this.clock = deps.clock ?? new SystemClock();
    this.connectivity = new Connectivity(config.central.timeoutMs, () => this.clock.now().getTime());
    const stores =
      deps.stores ??
      levelStores(
        new LevelJournal(join(config.dataDir, "journal"), () => this.clock.now(), deps.journalWrites),
      );
    this.journal = stores.journal;
    this.ticketCache = stores.ticketCache;
    this.clerkStore = stores.clerkStore;
  }

  async start(): Promise<void> {
    if (this.started.length > 0) return;
    this.stopping = false;
    const { config, deps } = this;
    const logger = deps.logger;
    await mkdir(config.dataDir, { recursive: true });
    await this.openJournal();
    const damage = this.journal.integrity();
    if (damage !== undefined) {
      logger.error("journal damaged: redemption stopped until it is replaced (docs/reliability.md)", {
        event: "journal_damaged",
        detectedAt: damage.detectedAt,
        findings: damage.findings.map(describeFinding),
      });
    }
    const abandoned = await this.journal.abandonUndecided();
    if (abandoned > 0) logger.warn("intents left undecided by a crash will be cancelled", { abandoned });

    const central = deps.central ?? (await this.createCentral());
    this.printer = deps.printer ?? (await this.createPrinter());
    await this.printer.start();
    this.started.push({ name: "printer", stop: () => this.printer?.stop() });
    // Jobs a previous run left waiting print now; slips go through the queue from here on.
    const printQueue = new PrintQueue({
      dir: join(config.dataDir, "print-queue"),
      printer: this.printer,
      logger: logger.child("print"),
    });
    printQueue.on("state", () => this.emitStatus());
    await printQueue.start();
    this.started.push({ name: "print queue", stop: () => printQueue.stop() });

    const feedback = await this.createFeedback();
    feedback.on("state", (state) => logger.info("feedback", { event: "feedback", state }));
    await feedback.start();
    this.started.push({ name: "feedback", stop: () => feedback.stop() });
    const slips = new SlipPrinting({
      config,
      queue: new EscposSlipQueue(printQueue, config.printer),
      journal: this.journal,
      tickets: this.ticketCache,
      clerks: this.clerkStore,
      logger: logger.child("print"),
      now: () => this.clock.now(),
    });
    this.slips = slips;
    for (const jobId of await slips.printOwed()) this.recoveredSlips.add(jobId);
    printQueue.on("printed", (job) => {
      if (this.recoveredSlips.delete(job.id)) this.emitStatus();
    });
    const sync = new SyncLoop({
      config,
      journal: this.journal,
      tickets: this.ticketCache,
      clerks: this.clerkStore,
      central,
      connectivity: this.connectivity,
      clock: this.clock,
      logger: logger.child("sync"),
      heartbeat: () => this.heartbeat(),
    });
    this.syncLoop = sync;
    const pinKeyFile = pinKeyFileOf(config);
    const login = new ClerkLogin(
      this.clerkStore,
      () => this.clock.now().getTime(),
      () => readPinKey(pinKeyFile),
    );
    this.office = new LevelBackOffice({
      config,
      journal: this.journal,
      tickets: this.ticketCache,
      clerks: this.clerkStore,
      login,
      central,
      connectivity: this.connectivity,
      clock: this.clock,
      slips,
      logger: logger.child("back-office"),
      syncSoon: () => sync.nudge(),
    });
    const service = new RedemptionService({
      config,
      journal: this.journal,
      tickets: this.ticketCache,
      central,
      connectivity: this.connectivity,
      clock: this.clock,
      logger: logger.child("redeem"),
      onDecision: (decision) => this.afterDecision(decision, feedback, slips, sync),
    });
    const session = new KioskSession({
      redeemer: service,
      confirm: config.ui.confirm,
      resultTimeoutMs: config.ui.resultTimeoutMs,
      clerkId: () => login.current()?.id ?? deps.standingClerkId,
      // Counter mode with a screen: a redemption needs a clerk logged in (gates and headless kiosks have none).
      requireClerk: config.device.mode === "counter" && config.ui.kind === "blessed",
      halted: () => this.journal.integrity() !== undefined,
      ...(config.device.mode === "self-service"
        ? { maxUnits: config.device.selfServiceMaxUnits, idleTimeoutMs: config.ui.idleTimeoutMs }
        : {}),
    });
    session.on("error", (error) => logger.error("redemption failed before any answer was shown", { error }));
    session.on("busy", (scanned) => service.turnAway(scanned.code));
    session.on("change", () => this.emitStatus());
    // Any failed attempt while the slip on the result screen still waits: the result says so.
    printQueue.on("failed", () => {
      const id = resultRedemptionId(session);
      if (id !== undefined && printQueue.pending().some((job) => job.id === id)) session.slipNotPrinted(id);
    });
    session.on("halted", () => logger.warn("code turned away: the journal is damaged", { event: "halted" }));
    feedback.on("button", (button) => pressButton(session, button));
    this.session = session;
    this.started.push({ name: "session", stop: () => session.stop() });

    // The first pass starts once the kiosk is ready (below): it needs the central client, which
    // loads after the ready line. Stopped in this place of the order all the same.
    this.started.push({ name: "sync", stop: () => sync.stop() });

    const control = new ControlServer(
      { status: () => this.status(), entries: () => this.journalEntries() },
      join(config.dataDir, "kiosk.sock"),
      config.statusPort,
    );
    await control.start();
    this.started.push({ name: "control", stop: () => control.stop() });

    this.scanner = deps.scanner ?? (await this.createScanner());
    this.scanner.on("scan", (scanned) => {
      // Once stopping, a scan starts nothing new (see finishRedemptionInProgress), but is still
      // answered: decided `busy`, logged and signalled.
      if (this.stopping) service.turnAway(scanned.code);
      else session.submitCode(scanned);
    });
    this.scanner.on("state", (state) => {
      logger.info("scanner", { event: "scanner", state });
      this.emitStatus();
    });
    await this.scanner.start();
    this.started.push({ name: "scanner", stop: () => this.scanner?.stop() });

    this.connectivity.on("change", () => {
      this.emitStatus();
      const screen = session.screen();
      if (screen.kind === "confirm") session.reviseLimit(service.unitsAcceptedNow(screen.remaining));
    });
    sync.on("downloading", () => this.emitStatus());
    sync.on("synced", () => {
      this.emitStatus();
      this.refreshHintsSoon();
    });
    await this.refreshHints();

    if (config.ui.kind === "blessed") await this.startUi(session);
    this.ready = true;
    logger.info("ready", { event: "ready", deviceId: config.device.id, version: deps.version });
    this.emitStatus();
    this.centralLoad = this.loadCentralNow();
    sync.start();
  }

  /**
   * Resolves once the central client has loaded (at once when none is loaded after ready, or the
   * load failed: the next call tries again). Until then an online redemption waits for it; the
   * crash harness starts its kill clock from here, so its kills still land among redemptions.
   */
  centralLoaded(): Promise<void> {
    return this.centralLoad;
  }

  /** The demo's codes with the units each has left now (refreshed after every decision and sync). */
  codeHints(): readonly CodeHint[] {
    return this.hintsNow;
  }

  /** Counter mode's back office (clerks, search, history, voids, reports); there once started. */
  backOffice(): BackOffice | undefined {
    return this.office;
  }

  /** The redemption flow the screen projects and drives (scan → ticket → result); there once started. */
  redemptionSession(): KioskSession | undefined {
    return this.session;
  }

  /** Stops everything in reverse order; returns the names of parts that failed to stop cleanly. */
  async stop(): Promise<string[]> {
    this.ready = false;
    this.stopping = true;
    await this.finishRedemptionInProgress();
    const failed: string[] = [];
    for (const part of this.started.reverse()) {
      try {
        await part.stop();
      } catch (error) {
        failed.push(part.name);
        this.deps.logger.error("failed to stop", { part: part.name, error });
      }
    }
    this.started = [];
    await this.journal.close();
    return failed;
  }

  /**
   * SIGTERM finishes the redemption in progress (issue 6): no scan starts another (`stopping`),
   * and the one being looked up or decided runs to its answer, shown and printed, while the screen,
   * the journal and the printer are all still there. Each step it waits on has a deadline
   * (`central.timeoutMs`); a device stuck in the kernel is left to main's stop deadline.
   */
  private async finishRedemptionInProgress(): Promise<void> {
    const session = this.session;
    while (session !== undefined && session.screen().kind === "working") await once(session, "change");
    await Promise.all(this.printing);
  }

  /**
   * For the systemd watchdog: started, and the journal answers a read. LevelDB works on libuv's
   * thread pool, which a device read stuck in the kernel can starve (docs/hardware.md, usb-lp); then no
   * redemption can be written and a restart is the cure.
   */
  async healthy(): Promise<boolean> {
    if (!this.ready) return false;
    await this.journal.get("watchdog-probe");
    return true;
  }

  /** Queues the slip of a redemption made here once more, marked 補印 REPRINT. */
  reprint(redemptionId: string, by: string | undefined): Promise<ReprintOutcome> {
    return this.slips?.reprint(redemptionId, by) ?? Promise.resolve("no_printer");
  }

  /** Redemptions the server answered with a conflict or a rejection, newest first. */
  exceptions(limit: number): Promise<JournalEntry[]> {
    return this.journal.exceptions(limit);
  }

  /** Asks for a sync pass now instead of at the next interval. */
  syncNow(): void {
    this.syncLoop?.nudge();
  }

  /** Every journal entry, oldest first (for `journal export` and the history screens). */
  journalEntries(): AsyncIterable<JournalEntry> {
    return this.journal.entries();
  }

  status(): KioskStatus {
    const { config, deps } = this;
    const now = this.clock.now();
    const pending = this.journal.pendingSummary();
    const connectivity = this.connectivity.state();
    const lastSyncAt = this.syncLoop?.lastSyncAt();
    return {
      ready: this.ready,
      version: deps.version,
      deviceId: config.device.id,
      storeId: config.device.storeId,
      storeName: config.device.storeName,
      mode: config.device.mode,
      online: connectivity.online,
      offlineReason: connectivity.online ? null : connectivity.reason,
      offlineDetail: connectivity.online ? null : connectivity.detail,
      pendingSync: pending.count,
      oldestPendingAgeS:
        pending.oldestAtMs === undefined
          ? null
          : Math.max(0, Math.round((now.getTime() - pending.oldestAtMs) / 1000)),
      lastSyncAt: lastSyncAt === undefined ? null : new Date(lastSyncAt).toISOString(),
      exceptions: this.journal.exceptionCount(),
      scanner: this.scanner?.state() ?? "none",
      printer: this.printer?.state() ?? "none",
      clockSynced: this.clock.synced(),
      now: now.toISOString(),
      clerk: this.office?.currentClerk()?.name ?? null,
      waitingScans: this.session?.waitingScans() ?? 0,
      journalDamage: damageSummary(this.journal.integrity()),
      recoveredSlips: this.recoveredSlips.size,
      download: this.syncLoop?.download() ?? null,
    };
  }

  private heartbeat(): Heartbeat {
    const status = this.status();
    return {
      version: status.version,
      pendingSync: status.pendingSync,
      oldestPendingAgeS: status.oldestPendingAgeS,
      lastSyncAt: status.lastSyncAt,
      online: status.online,
      scanner: status.scanner,
      printer: status.printer,
      clockSynced: status.clockSynced,
      exceptions: status.exceptions,
      deviceTime: status.now,
    };
  }

  private afterDecision(
    decision: DecisionResult,
    feedback: Feedback,
    slips: SlipPrinting,
    sync: SyncLoop,
  ): void {
    feedback.signal(
      decision.outcome === "ok" && decision.offline ? "attention" : signalFor[decision.outcome],
    );
    // The redemption is on disk by now (the service decides only after the journal write).
    if (decision.outcome === "ok") feedback.openGate();
    if (decision.outcome === "ok" && decision.redemption !== undefined) {
      const { redemption } = decision;
      const printing: Promise<void> = slips
        .print(decision)
        .then((queued) => {
          if (!queued) this.session?.slipNotPrinted(redemption.id);
        })
        .finally(() => {
          this.printing.delete(printing);
          this.emitStatus();
        });
      this.printing.add(printing);
    }
    if (decision.offline) sync.nudge();
    this.refreshHintsSoon();
    this.emit("decision", decision);
    this.emitStatus();
  }

  /** The demo's hints with the units left now (codeHints.ts). */
  private async refreshHints(): Promise<void> {
    const hints = this.deps.hints;
    if (hints === undefined) return;
    const context = { storeId: this.config.device.storeId, now: this.clock.now() };
    this.hintsNow = await liveCodeHints(hints, this.ticketCache, this.journal, context);
    this.emitStatus();
  }

  private refreshHintsSoon(): void {
    if (this.deps.hints === undefined) return;
    this.refreshHints().catch((error: unknown) =>
      this.deps.logger.warn("demo hints not refreshed", { error }),
    );
  }

  private emitStatus(): void {
    if (this.listenerCount("status") > 0) this.emit("status", this.status());
  }

  private async openJournal(): Promise<void> {
    try {
      await this.journal.open();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      if (cause?.code === "LEVEL_LOCKED") {
        throw new KioskLockedError(
          `another ticket-kiosk is already running on ${this.config.dataDir} (its journal is locked); stop it first`,
          { cause: error },
        );
      }
      throw error;
    }
    const rebuildingFrom = this.ticketCache.rebuildingFrom();
    if (rebuildingFrom !== undefined)
      this.deps.logger.warn("ticket cache in an older format: every ticket is downloaded again", {
        event: "ticket_cache_rebuild",
        fromFormat: rebuildingFrom,
      });
  }

  /**
   * The client, loaded after the ready line (lazyCentralApi.ts). A CA file that cannot be read is
   * still found at start, as a configuration fault, before the kiosk says it is ready.
   */
  private async createCentral(): Promise<CentralApi> {
    await readCentralCa(this.config);
    this.lazyCentral = lazyCentralApi(() => this.loadCentral());
    return this.lazyCentral.api;
  }

  /** Starts loading the central client now, logging when it is there (or why not). */
  private async loadCentralNow(): Promise<void> {
    if (this.lazyCentral === undefined) return;
    const startedAt = performance.now();
    try {
      await this.lazyCentral.load();
      const ms = Math.round(performance.now() - startedAt);
      // Before the line that says it is loaded: whoever reads the line may kill the kiosk at once.
      flushCompileCache();
      this.deps.logger.info("central client loaded", { event: "central_client_loaded", ms });
    } catch (error) {
      this.deps.logger.warn("central client failed to load: the next call tries again", { error });
    }
  }

  private async loadCentral(): Promise<CentralApi> {
    const { central } = this.config;
    const { UndiciCentralApi } = await import("../sync/undiciCentralApi.js");
    const { centralDispatcher } = await import("../sync/centralTrust.js");
    return new UndiciCentralApi({
      url: central.url,
      dispatcher: await centralDispatcher(this.config),
      token: () => readDeviceToken(this.config),
      device: { deviceId: this.config.device.id, storeId: this.config.device.storeId },
      userAgent: `ticket-kiosk/${this.deps.version}`,
      onServerTime: (serverMs, localMs) => this.clock.observeServerTime?.(serverMs, localMs),
    });
  }

  private async createPrinter(): Promise<Printer> {
    const { createPrinter } = await import("../drivers/printer/createPrinter.js");
    return createPrinter(this.config.printer, { logger: this.deps.logger.child("printer") });
  }

  private async createScanner(): Promise<Scanner> {
    const { createScanner } = await import("../drivers/scanner/createScanner.js");
    const input =
      this.config.ui.kind === "none" && this.config.scanner.kind === "keyboard" ? process.stdin : undefined;
    return createScanner(this.config.scanner, {
      logger: this.deps.logger.child("scanner"),
      manualEntry: this.config.device.mode === "counter",
      ...(input === undefined ? {} : { input }),
    });
  }

  private ring: () => void = () => {};

  private async createFeedback(): Promise<Feedback> {
    if (this.deps.feedback !== undefined) return this.deps.feedback;
    const { createFeedback } = await import("../drivers/feedback/createFeedback.js");
    return createFeedback(this.config.feedback, {
      logger: this.deps.logger.child("feedback"),
      ring: () => this.ring(),
    });
  }

  private async startUi(session: KioskSession): Promise<void> {
    const backOffice = this.office;
    if (backOffice === undefined) throw new Error("the back office is built before the screen starts");
    const { BlessedUi } = await import("../ui/blessedUi.js");
    const statusSource = Object.assign(new EventEmitter<{ change: [] }>(), { current: () => this.status() });
    this.on("status", () => statusSource.emit("change"));
    const { device, ui: uiConfig } = this.config;
    const ui: Ui & { bell(): void; on(event: "quit", listener: () => void): unknown } = new BlessedUi({
      session,
      backOffice,
      status: statusSource,
      mode: device.mode,
      locale: device.locale,
      timeZone: device.timeZone,
      idleTimeoutMs: uiConfig.idleTimeoutMs,
      clerkIdleTimeoutMs: uiConfig.clerkIdleTimeoutMs,
      ...(this.deps.hints === undefined ? {} : { hints: () => this.hintsNow }),
      ...(this.deps.pinHints === undefined ? {} : { pinHints: this.deps.pinHints }),
      ...(this.deps.consoleHint === undefined ? {} : { consoleHint: this.deps.consoleHint }),
      ...(this.deps.terminal === undefined
        ? {}
        : { input: this.deps.terminal.input, output: this.deps.terminal.output }),
      ...(isKeyInput(this.scanner) ? { keyInput: this.scanner } : {}),
    });
    ui.on("quit", () => this.emit("quit"));
    await ui.start();
    this.ring = () => ui.bell();
    this.started.push({ name: "ui", stop: () => ui.stop() });
  }
}

/** The redemption on the result screen, if a result of one is shown. */
function resultRedemptionId(session: KioskSession): string | undefined {
  const screen = session.screen();
  return screen.kind === "result" ? screen.decision.redemption?.id : undefined;
}

function isKeyInput(
  scanner: Scanner | undefined,
): scanner is Scanner & { feedKey(ch: string, atMs: number): void } {
  return typeof (scanner as { feedKey?: unknown } | undefined)?.feedKey === "function";
}
