/**
 * The screen as data: pure functions from the session's screen and the kiosk's
 * status to view models of finished, fitted text lines. The blessed drawer only places and colours
 * them, so everything a person reads is decided, and tested, here without a terminal.
 *
 * Rules kept throughout:
 * - Every untrusted string goes through `safeText` before it is measured or shown.
 * - Codes, names and phones are masked (device/domain.ts); only demo codes, meant to be typed,
 *   are shown whole.
 * - Every line fits the width it is given (`columns`, 80 by default); the big lines fit inside
 *   their frame (`bigFrameCells` narrower).
 * - Outcomes read without colour: a glyph (✔ ✖ ⚠) goes with every tone.
 */

import type { OfflineReason } from "../device/connectivity.js";
import { maskCode, maskName, maskPhone, type Outcome, type Ticket } from "../device/domain.js";
import type { SessionScreen } from "../device/kioskSession.js";
import type { DownloadFigures, KioskStatus } from "../device/kioskStatus.js";
import { displayWidth, padEnd, safeText, truncate, truncateStart } from "./displayText.js";
import { catalogues, type Locale, type Messages } from "./messages.js";
import { formatAge, formatDate, formatTime } from "./timeText.js";
import type { Block, ScreenView, Tone } from "./view.js";

/** A demo code shown on the scan screen so a newcomer can try the kiosk. */
export interface DemoHint {
  readonly code: string;
  readonly hint: Readonly<Record<Locale, string>>;
  /**
   * The units the ticket has left now, by the kiosk's own records; shown instead of `hint`, which
   * was written for the catalogue as imported and goes stale once units are redeemed.
   */
  readonly units?: { readonly left: number; readonly total: number } | undefined;
}

export interface DisplayContext {
  readonly locale: Locale;
  /** The store's time zone: validity dates and clock times are shown in it. */
  readonly timeZone: string;
  readonly now: Date;
  /** Cells a line may take: the body's inner width for screens, the screen's width for the status bar. */
  readonly columns?: number | undefined;
}

/** The redemption flow's screens also say how many scans wait behind the one shown. */
export interface FlowContext extends DisplayContext {
  readonly waitingScans?: number | undefined;
}

export interface ScreenContext extends FlowContext {
  /** What has been typed on the scan screen so far (the UI's echo of the keys). */
  readonly typed: string;
  readonly hints?: readonly DemoHint[] | undefined;
}

/** Cells a big block's frame takes: a border and a padding cell on each side. */
export const bigFrameCells = 6;

export interface StatusView {
  /** The status bar, fitted to the screen's width. */
  readonly line: string;
  readonly tone: Tone | "neutral";
  /**
   * A sentence above the status bar while offline (why, and what the kiosk does about it), or
   * else while the scanner is unplugged (what to check).
   */
  readonly alert: string | undefined;
  readonly store: string;
}

export interface OutcomeLook {
  readonly glyph: "✔" | "✖" | "⚠";
  readonly tone: Tone;
}

const defaultColumns = 80;

/** Green ok, red refused, amber for what needs a person's attention (offline, after-sync verdicts). */
export function outcomeLook(outcome: Outcome, offline: boolean): OutcomeLook {
  switch (outcome) {
    case "ok":
      return { glyph: "✔", tone: offline ? "attention" : "ok" };
    case "offline_refused":
    case "conflict":
    case "rejected":
    case "not_authorized":
    case "central_error":
      return { glyph: "⚠", tone: "attention" };
    case "not_found":
    case "busy":
    case "invalid_code":
    case "not_yet_valid":
    case "expired":
    case "voided":
    case "refunded":
    case "fully_redeemed":
    case "wrong_store":
    case "quantity_exceeds_remaining":
      return { glyph: "✖", tone: "refused" };
  }
}

/** What a decision's headline says: the outcome, or where another store's ticket may be used. */
export function outcomeText(
  m: Messages,
  decision: { readonly outcome: Outcome; readonly validAt?: readonly string[] | undefined },
): string {
  const stores = decision.validAt ?? [];
  if (decision.outcome === "wrong_store" && stores.length > 0) {
    return m.validOnlyAt(stores.map(safeText).join("、"));
  }
  return m.outcome[decision.outcome];
}

export function presentScreen(screen: SessionScreen, context: ScreenContext): ScreenView {
  const view = flowView(screen, context);
  const waiting = waitingBlock(catalogues[context.locale], context);
  return waiting === undefined ? view : { ...view, blocks: [...view.blocks, waiting] };
}

/** "2 more scans waiting", when any wait behind the screen shown. */
export function waitingBlock(m: Messages, context: FlowContext): Block | undefined {
  const count = context.waitingScans ?? 0;
  if (count === 0) return undefined;
  return { kind: "lines", lines: [truncate(m.waitingScans(count), context.columns ?? defaultColumns)] };
}

function flowView(screen: SessionScreen, context: ScreenContext): ScreenView {
  const m = catalogues[context.locale];
  const columns = context.columns ?? defaultColumns;
  switch (screen.kind) {
    case "scan":
      return scanView(m, context, columns);
    case "working":
      return {
        title: titled(m, m.title.scan),
        blocks: [
          { ...bigBlock([m.working[screen.step]], "neutral", columns), spinner: true },
          fieldRows([[m.field.code, maskCode(safeText(screen.code))]], columns),
        ],
        keys: "",
        busy: true,
      };
    case "confirm":
      return {
        title: titled(m, m.title.confirm),
        blocks: [
          fieldRows(
            [
              [m.field.product, productName(screen.ticket)],
              [m.field.order, safeText(screen.ticket.orderNumber)],
              [m.field.code, maskCode(safeText(screen.code))],
              [m.field.customer, customerText(screen.ticket)],
              [m.field.validity, validityText(m, screen.ticket, context.timeZone)],
              [m.field.remainingTotal, `${screen.remaining} / ${screen.ticket.totalUnits}`],
            ],
            columns,
          ),
          bigBlock(
            [`${m.field.quantity}  ${screen.quantity}`, quantityRangeText(m, screen)],
            "neutral",
            columns,
          ),
          ...quantityRefusedBlock(m, screen, columns),
        ],
        keys: truncate(m.keys.confirm, columns),
        busy: false,
      };
    case "switch":
      return {
        title: titled(m, m.title.switch),
        blocks: [
          bigBlock([`⚠ ${m.switchTicket.question}`], "attention", columns),
          fieldRows(
            [
              [m.switchTicket.current, productName(screen.confirming.ticket)],
              [m.field.code, maskCode(safeText(screen.confirming.code))],
              [m.field.quantity, String(screen.confirming.quantity)],
              [m.switchTicket.next, maskCode(safeText(screen.next.code))],
            ],
            columns,
          ),
        ],
        keys: truncate(m.keys.switch, columns),
        busy: false,
      };
    case "result":
      return resultView(m, screen, columns);
  }
}

/** The range Enter will accept now: the offline limit named as such when it is the one that binds. */
export function quantityRangeText(m: Messages, screen: Extract<SessionScreen, { kind: "confirm" }>): string {
  return screen.offlineLimit
    ? m.quantityRangeOffline(screen.maxQuantity)
    : m.quantityRange(screen.maxQuantity);
}

/** The quantity just refused, and the one Enter still redeems. */
export function quantityRefusedBlock(
  m: Messages,
  screen: Extract<SessionScreen, { kind: "confirm" }>,
  columns: number,
): Block[] {
  if (screen.refusedQuantity === undefined) return [];
  const text = m.quantityRefused(screen.refusedQuantity, screen.maxQuantity, screen.quantity);
  return [{ kind: "lines", lines: [truncate(text, columns)], tone: "refused" }];
}

function scanView(m: Messages, context: ScreenContext, columns: number): ScreenView {
  const label = `${m.entryLabel}  `;
  const room = columns - bigFrameCells - displayWidth(label);
  const blocks: Block[] = [
    { kind: "lines", lines: [truncate(m.scanPrompt, columns)] },
    { kind: "entry", line: `${label}${truncateStart(`${safeText(context.typed)}_`, room)}` },
  ];
  const hints = context.hints ?? [];
  if (hints.length > 0) {
    const codes = hints.map((h) => safeText(h.code));
    const codeWidth = Math.max(...codes.map(displayWidth));
    const lines = hints.map(
      (h, i) => `  ${padEnd(codes[i] ?? "", codeWidth)}  ${demoHintText(m, h, context.locale)}`,
    );
    blocks.push({ kind: "lines", lines: [m.demoHeading, ...lines].map((line) => truncate(line, columns)) });
  }
  return { title: titled(m, m.title.scan), blocks, keys: truncate(m.keys.scan, columns), busy: false };
}

/** What a demo code does now: its units left when known, else what the catalogue says of it. */
export function demoHintText(m: Messages, hint: DemoHint, locale: Locale): string {
  return hint.units === undefined
    ? safeText(hint.hint[locale])
    : m.demoUnits(hint.units.left, hint.units.total);
}

function resultView(
  m: Messages,
  screen: Extract<SessionScreen, { kind: "result" }>,
  columns: number,
): ScreenView {
  const { decision } = screen;
  const look = outcomeLook(decision.outcome, decision.offline);
  const { ticket, remaining, redemption, detail } = decision;
  const rows: [string, string][] = [];
  if (ticket !== undefined) rows.push([m.field.product, productName(ticket)]);
  rows.push([m.field.code, maskCode(safeText(decision.code))]);
  if (decision.outcome === "ok") rows.push([m.field.redeemedNow, String(decision.quantity)]);
  if (ticket !== undefined && remaining !== undefined) {
    rows.push([m.field.remainingTotal, `${remaining} / ${ticket.totalUnits}`]);
  }
  if (redemption !== undefined) rows.push([m.field.redemptionId, redemption.id.slice(0, 8)]);
  if (detail !== undefined) rows.push([m.field.reason, m.reason[detail]]);
  const headline = `${look.glyph} ${outcomeText(m, decision)}`;
  const blocks: Block[] = [
    bigBlock(decision.offline ? [headline, m.offlineMark] : [headline], look.tone, columns),
    fieldRows(rows, columns),
  ];
  if (screen.slipWaiting === true) {
    blocks.push({ kind: "lines", lines: [truncate(m.slipWaiting, columns)], tone: "attention" });
  }
  return {
    title: titled(m, m.title.result),
    blocks,
    keys: truncate(m.keys.result, columns),
    busy: false,
  };
}

export function presentStatus(status: KioskStatus, context: DisplayContext): StatusView {
  const m = catalogues[context.locale];
  const columns = context.columns ?? defaultColumns;
  const s = m.status;
  const reason = status.online ? null : (status.offlineReason ?? "starting");
  const scannerOk = status.scanner === "connected";
  const printerOk = status.printer === "ready";
  const age =
    status.pendingSync > 0 && status.oldestPendingAgeS !== null
      ? ` (${formatAge(status.oldestPendingAgeS)})`
      : "";
  const lastSync =
    status.lastSyncAt === null ? s.never : formatTime(new Date(status.lastSyncAt), context.timeZone, false);
  const forms: Record<Segment, readonly string[]> = {
    online:
      reason === null ? [s.online] : [`⚠ ${s.offlineBecause(m.offlineShort[reason])}`, `⚠ ${s.offline}`],
    pending: [`${s.pending} ${status.pendingSync}${age}`, `${s.pendingShort} ${status.pendingSync}`],
    lastSync: [`${s.lastSync} ${lastSync}`, `${s.lastSyncShort} ${lastSync}`, ""],
    scanner: deviceForms(s.scanner, m.scannerState[status.scanner], scannerOk, status.scanner === "none"),
    printer: deviceForms(s.printer, m.printerState[status.printer], printerOk, status.printer === "none"),
    device: [safeText(status.deviceId), ""],
    clerk:
      status.clerk === null
        ? [""]
        : [`${s.clerk} ${safeText(status.clerk)}`, truncate(safeText(status.clerk), 8), ""],
    clock: [`${status.clockSynced ? "" : "⚠ "}${formatTime(context.now, context.timeZone, true)}`],
  };
  const deviceTrouble = status.scanner === "disconnected" || !(printerOk || status.printer === "none");
  const tone =
    reason === "unauthorized" || status.journalDamage !== null
      ? "refused"
      : reason !== null || deviceTrouble || !status.clockSynced
        ? "attention"
        : "neutral";
  return {
    line: ` ${fitSegments(forms, columns - 2)} `,
    tone,
    alert: truncateAlert(statusAlert(m, status, reason), columns),
    store: truncate(safeText(status.storeName), Math.floor(columns / 3)),
  };
}

/** The one sentence above the status bar, most urgent first. */
function statusAlert(m: Messages, status: KioskStatus, reason: OfflineReason | null): string | undefined {
  if (status.journalDamage !== null) return `✖ ${m.journalDamaged}`;
  if (reason !== null) return `⚠ ${m.offlineReason[reason]}`;
  if (status.scanner === "disconnected") return `⚠ ${m.scannerAlert}`;
  if (status.recoveredSlips > 0) return `⚠ ${m.recoveredSlips(status.recoveredSlips)}`;
  if (status.download !== null) return `${m.download.filling} ${downloadText(m, status.download)}`;
  return undefined;
}

const downloadBarCells = 10;

/** 2000/6000 [###-------] 33% 約剩 5m: a download's figures, a bar in ASCII (one cell each in any terminal). */
export function downloadText(m: Messages, figures: DownloadFigures): string {
  const share = figures.total === 0 ? 1 : figures.done / figures.total;
  const filled = Math.floor(share * downloadBarCells);
  const bar = `[${"#".repeat(filled)}${"-".repeat(downloadBarCells - filled)}]`;
  const eta = figures.etaS === null ? m.download.estimating : m.download.left(formatAge(figures.etaS));
  return `${figures.done}/${figures.total} ${bar} ${Math.floor(share * 100)}% ${eta}`;
}

function truncateAlert(alert: string | undefined, columns: number): string | undefined {
  return alert === undefined ? undefined : truncate(alert, columns);
}

/** The header: app and screen title on the left, the store on the right. */
export function headerLine(view: ScreenView, status: StatusView, columns: number): string {
  const right = status.store === "" ? "" : `${status.store} `;
  return `${padEnd(` ${view.title}`, columns - displayWidth(right))}${right}`;
}

type Segment = "online" | "pending" | "lastSync" | "scanner" | "printer" | "device" | "clerk" | "clock";

const segmentOrder: readonly Segment[] = [
  "online",
  "pending",
  "lastSync",
  "scanner",
  "printer",
  "device",
  "clerk",
  "clock",
];

/**
 * What gives way first when the bar is too wide: healthy devices shrink to a ✔, then the device
 * id and the last sync time go, the clerk to a name alone and then (the menu names them too); the
 * online state, pending count and the clock stay to the end.
 */
const shrinkOrder: readonly Segment[] = [
  "scanner",
  "printer",
  "lastSync",
  "device",
  "clerk",
  "lastSync",
  "clerk",
  "pending",
  "scanner",
  "printer",
  "online",
];

const separator = " │ ";

function fitSegments(forms: Readonly<Record<Segment, readonly string[]>>, columns: number): string {
  const level: Record<Segment, number> = {
    online: 0,
    pending: 0,
    lastSync: 0,
    scanner: 0,
    printer: 0,
    device: 0,
    clerk: 0,
    clock: 0,
  };
  const render = () =>
    segmentOrder
      .map((name) => {
        const options = forms[name];
        return options[Math.min(level[name], options.length - 1)] ?? "";
      })
      .filter((text) => text !== "")
      .join(separator);
  for (const name of shrinkOrder) {
    if (displayWidth(render()) <= columns) break;
    level[name] += 1;
  }
  return padEnd(render(), columns);
}

/** A device's forms: in words; a ✔ when healthy; gone when there is none (configured so). */
function deviceForms(label: string, state: string, healthy: boolean, absent: boolean): readonly string[] {
  const full = `${label} ${state}`;
  if (absent) return [full, ""];
  return healthy ? [full, `${label} ✔`] : [full];
}

export function titled(m: Messages, screenTitle: string): string {
  return `${m.app} ｜ ${screenTitle}`;
}

export function bigBlock(
  lines: readonly string[],
  tone: Tone | "neutral",
  columns: number,
): Extract<Block, { kind: "big" }> {
  return { kind: "big", lines: lines.map((line) => truncate(line, columns - bigFrameCells)), tone };
}

/** Label / value rows, labels padded to one width, values cut to what is left. */
export function fieldRows(
  rows: readonly (readonly [string, string])[],
  columns: number,
): Extract<Block, { kind: "lines" }> {
  const labelWidth = Math.max(...rows.map(([label]) => displayWidth(label)));
  const valueWidth = columns - labelWidth - 2;
  return {
    kind: "lines",
    lines: rows.map(([label, value]) => `${padEnd(label, labelWidth)}  ${truncate(value, valueWidth)}`),
  };
}

export function productName(ticket: Ticket): string {
  const product = safeText(ticket.productName);
  const variant = ticket.variantName === undefined ? "" : safeText(ticket.variantName);
  return variant === "" ? product : `${product} / ${variant}`;
}

function customerText(ticket: Ticket): string {
  const text = `${maskName(safeText(ticket.customer.name))}  ${maskPhone(ticket.customer.phone)}`.trim();
  return text === "" ? "-" : text;
}

export function validityText(m: Messages, ticket: Ticket, timeZone: string): string {
  const from = ticket.validFrom === undefined ? undefined : formatDate(new Date(ticket.validFrom), timeZone);
  const until =
    ticket.validUntil === undefined ? undefined : formatDate(new Date(ticket.validUntil), timeZone);
  if (from !== undefined && until !== undefined) return m.validity.range(from, until);
  if (from !== undefined) return m.validity.from(from);
  if (until !== undefined) return m.validity.until(until);
  return m.validity.always;
}
