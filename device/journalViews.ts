/**
 * The journal as clerks read it: 核銷紀錄 (newest first, filtered), the redemptions of one order,
 * the exceptions list and 日結. Only redemptions a customer was told about appear: refused and
 * abandoned intents never happened as far as the shop is concerned.
 */

import type { DayReport, HistoryQuery, HistoryRow, HistoryState, Page, PageRequest } from "./backOffice.js";
import type { ClerkStore } from "./clerkStore.js";
import type { Journal, JournalEntry } from "./journal.js";
import { conflictDevices } from "./ports/wire.js";
import { storeDay } from "./storeDay.js";

/** The journal, and the clerks whose names the rows show. */
interface Source {
  readonly journal: Pick<Journal, "newestEntries" | "exceptions" | "countReprints" | "pendingSummary">;
  readonly clerks: Pick<ClerkStore, "clerks">;
}

export function historyState(entry: JournalEntry): HistoryState {
  if (entry.void !== undefined && entry.void.sync !== "rejected") return "voided";
  switch (entry.sync) {
    case "conflict":
      return "conflict";
    case "rejected":
      return "rejected";
    case "pending":
      return entry.attention === undefined ? "pending" : "attention";
    default:
      return "synced";
  }
}

export function historyRow(entry: JournalEntry, clerkNames: ReadonlyMap<string, string>): HistoryRow {
  const clerkId = entry.redemption.clerkId;
  return {
    redemption: entry.redemption,
    disposition: entry.disposition,
    sync: entry.sync,
    state: historyState(entry),
    productName: entry.productName,
    orderNumber: entry.orderNumber,
    clerkName: clerkId === undefined ? undefined : (clerkNames.get(clerkId) ?? clerkId),
    conflictWith: conflictDevices(entry.conflictWith),
    reason: entry.reason,
    attention: entry.attention,
    voided: entry.void === undefined || entry.void.sync === "rejected" ? undefined : entry.void,
  };
}

function clerkNames({ clerks }: Source): Map<string, string> {
  return new Map(clerks.clerks().map((clerk) => [clerk.id, clerk.name]));
}

function pageOf<T>(rows: T[], request: PageRequest): Page<T> {
  return {
    rows: rows.slice(0, request.pageSize),
    page: request.page,
    hasMore: rows.length > request.pageSize,
  };
}

export async function history(source: Source, query: HistoryQuery): Promise<Page<HistoryRow>> {
  const names = clerkNames(source);
  const fromMs = query.from?.getTime();
  const toMs = query.to?.getTime();
  const skip = query.page * query.pageSize;
  const rows: HistoryRow[] = [];
  let matched = 0;
  for await (const entry of source.journal.newestEntries()) {
    if (entry.disposition !== "redeemed") continue;
    const { redemption } = entry;
    const atMs = Date.parse(redemption.redeemedAt);
    // Entries come newest first by sequence; a wall clock that jumped can misplace a few, so the
    // date filter skips rather than stops.
    if (toMs !== undefined && atMs > toMs) continue;
    if (fromMs !== undefined && atMs < fromMs) continue;
    if (query.clerkId !== undefined && redemption.clerkId !== query.clerkId) continue;
    if (query.ticketCode !== undefined && redemption.ticketCode !== query.ticketCode) continue;
    if (query.product !== undefined && !(entry.productName ?? "").includes(query.product)) continue;
    if (query.state !== undefined && historyState(entry) !== query.state) continue;
    matched += 1;
    if (matched <= skip) continue;
    rows.push(historyRow(entry, names));
    if (rows.length > query.pageSize) break;
  }
  return pageOf(rows, query);
}

export async function exceptionsPage(source: Source, request: PageRequest): Promise<Page<HistoryRow>> {
  const names = clerkNames(source);
  const entries = await source.journal.exceptions((request.page + 1) * request.pageSize + 1);
  return pageOf(
    entries.slice(request.page * request.pageSize).map((entry) => historyRow(entry, names)),
    request,
  );
}

/** Voids today can touch redemptions this old (the void window, with room for clock skew). */
const lookBackMs = 3 * 24 * 3600_000;

/** 日結 for the store day containing `at`. */
export async function dayReport(journal: Source["journal"], at: Date, timeZone: string): Promise<DayReport> {
  const { day, from, to } = storeDay(at, timeZone);
  const fromMs = from.getTime();
  const toMs = to.getTime();
  const byProduct = new Map<string, { units: number; redemptions: number }>();
  let redemptions = 0;
  let totalUnits = 0;
  let voids = 0;
  let offlineEntries = 0;
  let conflicts = 0;
  for await (const entry of journal.newestEntries()) {
    if (entry.disposition !== "redeemed") continue;
    const atMs = Date.parse(entry.redemption.redeemedAt);
    // Newest first: once entries are older than any void window, nothing earlier counts today.
    if (atMs < fromMs - lookBackMs) break;
    if (
      entry.void !== undefined &&
      entry.void.sync !== "rejected" &&
      inDay(Date.parse(entry.void.at), fromMs, toMs)
    )
      voids += 1;
    if (!inDay(atMs, fromMs, toMs)) continue;
    const voided = entry.void !== undefined && entry.void.sync !== "rejected";
    if (entry.redemption.offline) offlineEntries += 1;
    if (entry.sync === "conflict") conflicts += 1;
    if (voided) continue;
    const name = entry.productName ?? entry.redemption.ticketCode;
    const line = byProduct.get(name) ?? { units: 0, redemptions: 0 };
    byProduct.set(name, { units: line.units + entry.redemption.quantity, redemptions: line.redemptions + 1 });
    redemptions += 1;
    totalUnits += entry.redemption.quantity;
  }
  return {
    day,
    byProduct: [...byProduct]
      .map(([productName, line]) => ({ productName, ...line }))
      .sort((a, b) => b.units - a.units || a.productName.localeCompare(b.productName)),
    totalUnits,
    redemptions,
    voids,
    reprints: await journal.countReprints(from, to),
    offlineEntries,
    conflicts,
    pendingSync: journal.pendingSummary().count,
  };
}

function inDay(atMs: number, fromMs: number, toMs: number): boolean {
  return atMs >= fromMs && atMs < toMs;
}
