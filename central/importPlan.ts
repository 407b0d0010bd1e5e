/**
 * Works out what an import changes, entry by entry, against what the store holds, so the store can
 * write it part by part (`importParts`) and report created / updated / unchanged counts. Re-importing the same
 * file changes nothing: a ticket's imported fields are compared in canonical form, and a clerk is
 * unchanged when the stored hash still verifies the file's PIN (a fresh salt would otherwise make
 * every import an update). The units redeemed through kiosks are kept apart from the imported
 * ones, so an import never undoes a redemption.
 */
import type { Ticket } from "../device/domain.js";
import { hashPin, verifyPin } from "../device/pinHash.js";
import { canonicalJson } from "./canonicalJson.js";
import type { ImportDocument } from "./importDocument.js";

export interface StoreRecord {
  readonly id: string;
  readonly name: string;
}

export interface ClerkRecord {
  readonly id: string;
  readonly name: string;
  readonly role: "redeem" | "supervisor";
  readonly storeIds: readonly string[];
  readonly pinHash: string;
  /** The time of the import that last changed it, so kiosks can tell a changed clerk list. */
  readonly updatedAt: string;
}

/** A clerk as an import sets it; the store adds `updatedAt`. */
export type ImportedClerk = Omit<ClerkRecord, "updatedAt">;

export interface OrderRecord {
  readonly orderNumber: string;
  readonly createdAt: string;
  readonly customer: Ticket["customer"];
  readonly ticketCodes: readonly string[];
}

/** A ticket as the server holds it: `ticket.redeemedUnits` = `importedUnits` + net kiosk units. */
export interface TicketRecord {
  readonly ticket: Ticket;
  readonly importedUnits: number;
  readonly rev: number;
}

/** What an import sets on a ticket; the store adds the kiosk units and `updatedAt`. */
export type ImportedTicket = Omit<Ticket, "redeemedUnits" | "updatedAt">;

export interface TicketChange {
  readonly previous: TicketRecord | undefined;
  readonly fields: ImportedTicket;
  readonly importedUnits: number;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  readonly stores: ImportCounts;
  readonly clerks: ImportCounts;
  readonly orders: ImportCounts;
  readonly tickets: ImportCounts;
}

export interface ImportPlan {
  readonly summary: ImportSummary;
  readonly stores: readonly StoreRecord[];
  readonly clerks: readonly ImportedClerk[];
  readonly orders: readonly OrderRecord[];
  readonly tickets: readonly TicketChange[];
}

/** The records an import touches, as held now (absent = new). */
export interface CurrentRecords {
  readonly stores: ReadonlyMap<string, StoreRecord>;
  readonly clerks: ReadonlyMap<string, ClerkRecord>;
  readonly orders: ReadonlyMap<string, OrderRecord>;
  readonly tickets: ReadonlyMap<string, TicketRecord>;
}

export async function planImport(document: ImportDocument, current: CurrentRecords): Promise<ImportPlan> {
  const summary = emptySummary();
  const stores = changed(document.stores, (store) => current.stores.get(store.id), summary.stores);

  const clerks: ImportedClerk[] = [];
  await Promise.all(
    document.clerks.map(async ({ pin, ...clerk }) => {
      const previous = current.clerks.get(clerk.id);
      const pinStands = previous !== undefined && (await verifyPin(pin, previous.pinHash));
      const record = { ...clerk, pinHash: pinStands ? previous.pinHash : await hashPin(pin) };
      if (tally(previous && importedClerk(previous), record, summary.clerks)) clerks.push(record);
    }),
  );

  const orders = changed(
    document.orders.map(({ tickets, ...head }) => ({
      ...head,
      ticketCodes: tickets.map((ticket) => ticket.code),
    })),
    (order) => current.orders.get(order.orderNumber),
    summary.orders,
  );

  const tickets: TicketChange[] = [];
  for (const { tickets: entries, ...order } of document.orders) {
    for (const { redeemedUnits, ...entry } of entries) {
      const fields: ImportedTicket = {
        ...entry,
        orderNumber: order.orderNumber,
        orderCreatedAt: order.createdAt,
        customer: order.customer,
      };
      const previous = current.tickets.get(entry.code);
      const next = { fields, importedUnits: redeemedUnits };
      if (tally(previous && importedPart(previous), next, summary.tickets))
        tickets.push({ previous, ...next });
    }
  }
  return { summary, stores, clerks, orders, tickets };
}

/** Tickets per durable batch of an import: progress moves as it goes, and no batch holds a whole catalogue. */
export const importBatchTickets = 1000;

/**
 * Applies a checked import in parts of whole orders, about `importBatchTickets` tickets each, one
 * after the other, each durable on its own (`applyPart`), telling `onWritten` the tickets written
 * so far after each. An import cut off between parts keeps the parts written; the same import
 * again writes the rest and changes nothing else, since entries held as the file says are
 * unchanged (docs/protocol.md, import).
 */
export async function applyInParts(
  document: ImportDocument,
  applyPart: (part: ImportDocument) => Promise<ImportSummary>,
  onWritten: (tickets: number) => void = () => {},
): Promise<ImportSummary> {
  let summary = emptySummary();
  let written = 0;
  for (const part of importParts(document, importBatchTickets)) {
    summary = addSummaries(summary, await applyPart(part));
    written += part.orders.reduce((sum, order) => sum + order.tickets.length, 0);
    onWritten(written);
  }
  return summary;
}

/**
 * The document in parts of whole orders, each of at least `tickets` tickets (but the last), the
 * stores and clerks in the first: the store writes one part per durable batch, so the tickets
 * written grow as an import goes, and no batch holds a whole catalogue. An order is never split,
 * so its record and its tickets are written together.
 */
export function importParts(document: ImportDocument, tickets: number): ImportDocument[] {
  const parts: ImportDocument[] = [];
  let orders: ImportDocument["orders"][number][] = [];
  let held = 0;
  const close = () => {
    const first = parts.length === 0;
    parts.push({ stores: first ? document.stores : [], clerks: first ? document.clerks : [], orders });
    orders = [];
    held = 0;
  };
  for (const order of document.orders) {
    orders.push(order);
    held += order.tickets.length;
    if (held >= tickets) close();
  }
  if (orders.length > 0 || parts.length === 0) close();
  return parts;
}

/** The counts of two parts of one import, added. */
export function addSummaries(a: ImportSummary, b: ImportSummary): ImportSummary {
  const add = (x: ImportCounts, y: ImportCounts): ImportCounts => ({
    created: x.created + y.created,
    updated: x.updated + y.updated,
    unchanged: x.unchanged + y.unchanged,
  });
  return {
    stores: add(a.stores, b.stores),
    clerks: add(a.clerks, b.clerks),
    orders: add(a.orders, b.orders),
    tickets: add(a.tickets, b.tickets),
  };
}

export function emptySummary(): ImportSummary {
  return { stores: counts(), clerks: counts(), orders: counts(), tickets: counts() };
}

function counts(): ImportCounts {
  return { created: 0, updated: 0, unchanged: 0 };
}

/** Counts one entry; true when it must be written. */
function tally(previous: unknown, next: unknown, into: ImportCounts): boolean {
  if (previous === undefined) {
    into.created += 1;
    return true;
  }
  if (canonicalJson(previous) === canonicalJson(next)) {
    into.unchanged += 1;
    return false;
  }
  into.updated += 1;
  return true;
}

function changed<T>(entries: readonly T[], previousOf: (entry: T) => unknown, into: ImportCounts): T[] {
  return entries.filter((entry) => tally(previousOf(entry), entry, into));
}

function importedClerk({ updatedAt: _changed, ...clerk }: ClerkRecord): ImportedClerk {
  return clerk;
}

/** The part of a stored ticket an import sets, in the shape `planImport` builds for comparison. */
function importedPart(record: TicketRecord): Pick<TicketChange, "fields" | "importedUnits"> {
  const { redeemedUnits: _redeemed, updatedAt: _updated, ...fields } = record.ticket;
  return { fields, importedUnits: record.importedUnits };
}
