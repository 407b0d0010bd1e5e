/**
 * How a ticket is stored in the snapshot (ticket cache format 2, levelJournal.ts `journalFormat`
 * 3): its fields in a fixed order without their names, its code left to the key, its status as a
 * number, and each instant that `toISOString` gives back exactly as a number of ms. About 130
 * bytes a ticket instead of the wire's 330 (docs/performance.md, "First download, second round").
 * A value written by format 1 (the wire's object) still reads, so a kiosk whose cache is being
 * rebuilt answers from its old copy meanwhile.
 */
import { type Ticket, ticketStatuses } from "./domain.js";

/** An instant as a number when that loses nothing, else as the string the server sent. */
type StoredInstant = number | string | null;

type StoredTicket = [
  orderNumber: string,
  orderCreatedAt: StoredInstant,
  productName: string,
  variantName: string | null,
  totalUnits: number,
  redeemedUnits: number,
  validFrom: StoredInstant,
  validUntil: StoredInstant,
  status: number,
  storeIds: string[] | null,
  customerName: string,
  customerPhone: string,
  updatedAt: StoredInstant,
];

function storeInstant(instant: string | undefined): StoredInstant {
  if (instant === undefined) return null;
  const ms = Date.parse(instant);
  return new Date(ms).toISOString() === instant ? ms : instant;
}

function readInstant(stored: StoredInstant): string | undefined {
  if (stored === null) return undefined;
  return typeof stored === "number" ? new Date(stored).toISOString() : stored;
}

export function encodeTicket(ticket: Ticket): StoredTicket {
  return [
    ticket.orderNumber,
    storeInstant(ticket.orderCreatedAt),
    ticket.productName,
    ticket.variantName ?? null,
    ticket.totalUnits,
    ticket.redeemedUnits,
    storeInstant(ticket.validFrom),
    storeInstant(ticket.validUntil),
    ticketStatuses.indexOf(ticket.status),
    ticket.storeIds ?? null,
    ticket.customer.name,
    ticket.customer.phone,
    storeInstant(ticket.updatedAt),
  ];
}

/** The ticket stored under `code`, in either format; undefined stays undefined. */
export function decodeTicket(code: string, stored: unknown): Ticket | undefined {
  if (stored === undefined) return undefined;
  if (!Array.isArray(stored)) return stored as Ticket;
  const [
    orderNumber,
    orderCreatedAt,
    productName,
    variantName,
    totalUnits,
    redeemedUnits,
    validFrom,
    validUntil,
    statusIndex,
    storeIds,
    name,
    phone,
    updatedAt,
  ] = stored as StoredTicket;
  const status = ticketStatuses[statusIndex];
  if (status === undefined) throw new Error(`ticket ${code} is stored with an unknown status ${statusIndex}`);
  const optional = {
    orderCreatedAt: readInstant(orderCreatedAt),
    variantName: variantName ?? undefined,
    validFrom: readInstant(validFrom),
    validUntil: readInstant(validUntil),
    storeIds: storeIds ?? undefined,
  };
  return {
    code,
    orderNumber,
    ...(optional.orderCreatedAt === undefined ? {} : { orderCreatedAt: optional.orderCreatedAt }),
    productName,
    ...(optional.variantName === undefined ? {} : { variantName: optional.variantName }),
    totalUnits,
    redeemedUnits,
    ...(optional.validFrom === undefined ? {} : { validFrom: optional.validFrom }),
    ...(optional.validUntil === undefined ? {} : { validUntil: optional.validUntil }),
    status,
    ...(optional.storeIds === undefined ? {} : { storeIds: optional.storeIds }),
    customer: { name, phone },
    updatedAt: readInstant(updatedAt) ?? "",
  };
}
