/**
 * The import document of docs/protocol.md (stores, clerks, orders with their tickets) as schemas, and
 * the checks that span entries: duplicates, units, validity windows and store references. Both
 * front ends (JSON and CSV, in importer.ts) build a draft of placed entries, so every problem is
 * reported with a location the author of the file can find.
 */
import * as v from "valibot";
import { clerkRoles, customerSchema, isoInstant, ticketSchema } from "../device/domain.js";
import { issueKeys, issueText, type SchemaIssue } from "../device/schemaIssue.js";
import { type PinPolicy, pinPolicyProblem } from "./pinPolicy.js";

const idSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const importStoreSchema = v.strictObject({
  id: idSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
});

export const importClerkSchema = v.strictObject({
  id: idSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  pin: v.pipe(v.string(), v.regex(/^\d{4,12}$/, "a PIN is 4 to 12 digits")),
  role: v.picklist(clerkRoles),
  storeIds: v.pipe(v.array(idSchema), v.minLength(1)),
});

export const importTicketSchema = v.strictObject({
  code: ticketSchema.entries.code,
  productName: ticketSchema.entries.productName,
  variantName: ticketSchema.entries.variantName,
  totalUnits: ticketSchema.entries.totalUnits,
  redeemedUnits: v.optional(ticketSchema.entries.redeemedUnits, 0),
  validFrom: ticketSchema.entries.validFrom,
  validUntil: ticketSchema.entries.validUntil,
  status: v.optional(ticketSchema.entries.status, "active"),
  storeIds: v.optional(v.pipe(v.array(idSchema), v.minLength(1))),
});

export const importOrderHeadSchema = v.strictObject({
  orderNumber: ticketSchema.entries.orderNumber,
  createdAt: isoInstant,
  customer: customerSchema,
});

export const importDocumentSchema = v.strictObject({
  stores: v.optional(v.array(importStoreSchema), []),
  clerks: v.optional(v.array(importClerkSchema), []),
  orders: v.optional(
    v.array(
      v.strictObject({
        ...importOrderHeadSchema.entries,
        tickets: v.pipe(v.array(importTicketSchema), v.minLength(1)),
      }),
    ),
    [],
  ),
});

export type ImportStore = v.InferOutput<typeof importStoreSchema>;
export type ImportClerk = v.InferOutput<typeof importClerkSchema>;
export type ImportTicket = v.InferOutput<typeof importTicketSchema>;
export type ImportOrderHead = v.InferOutput<typeof importOrderHeadSchema>;
export type ImportDocument = v.InferOutput<typeof importDocumentSchema>;

export interface ImportProblem {
  /** A JSON path (`orders[0].tickets[1].code`) or a CSV place (`line 3, column totalUnits`). */
  readonly location: string;
  readonly message: string;
}

export type ImportCheck =
  | { readonly ok: true; readonly document: ImportDocument; readonly warnings: readonly ImportProblem[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

/** Turns a path inside one entry into a location in the file. */
export type Place = (path?: readonly PropertyKey[]) => string;

export interface Placed<T> {
  readonly value: T;
  readonly at: Place;
}

export interface Draft {
  readonly stores: Placed<ImportStore>[];
  readonly clerks: Placed<ImportClerk>[];
  /** `head` is absent when the order's own fields failed: its tickets are still checked. */
  readonly orders: { readonly head?: Placed<ImportOrderHead>; readonly tickets: Placed<ImportTicket>[] }[];
}

/** One problem per schema issue, each at its own path. */
export function schemaProblems(issues: readonly SchemaIssue[], at: Place): ImportProblem[] {
  return issues.map((issue) => ({ location: at(issueKeys(issue)), message: issueText(issue) }));
}

/**
 * Runs the checks that span entries over the entries that passed their own schema, then either
 * refuses the whole file (`problems` from parsing plus these) or returns the document. A ticket
 * naming a store nobody imported yet is only a warning: CSV files carry no stores, and the kiosk
 * simply will not redeem it there until that store exists.
 */
export function finishDraft(
  draft: Draft,
  knownStoreIds: ReadonlySet<string>,
  problems: ImportProblem[],
  pinPolicy: PinPolicy,
): ImportCheck {
  const warnings: ImportProblem[] = [];
  const stores = new Set([...knownStoreIds, ...draft.stores.map((store) => store.value.id)]);
  const tickets = draft.orders.flatMap((order) => order.tickets);
  flagDuplicates(draft.stores, (store) => store.id, "id", "store id", problems);
  flagDuplicates(draft.clerks, (clerk) => clerk.id, "id", "clerk id", problems);
  flagDuplicates(
    draft.orders.flatMap((order) => (order.head === undefined ? [] : [order.head])),
    (head) => head.orderNumber,
    "orderNumber",
    "order number",
    problems,
  );
  flagDuplicates(tickets, (ticket) => ticket.code, "code", "ticket code", problems);
  for (const clerk of draft.clerks) {
    flagUnknownStores(clerk, clerk.value.storeIds, stores, problems);
    const broken = pinPolicyProblem(pinPolicy, clerk.value.role, clerk.value.pin);
    if (broken !== undefined) problems.push({ location: clerk.at(["pin"]), message: broken });
  }
  for (const ticket of tickets) {
    const { redeemedUnits, totalUnits, validFrom, validUntil, storeIds } = ticket.value;
    if (redeemedUnits > totalUnits) {
      problems.push({
        location: ticket.at(["redeemedUnits"]),
        message: `redeemedUnits (${redeemedUnits}) exceeds totalUnits (${totalUnits})`,
      });
    }
    if (
      validFrom !== undefined &&
      validUntil !== undefined &&
      Date.parse(validUntil) < Date.parse(validFrom)
    ) {
      problems.push({ location: ticket.at(["validUntil"]), message: "validUntil is before validFrom" });
    }
    flagUnknownStores(ticket, storeIds ?? [], stores, warnings);
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    warnings,
    document: {
      stores: draft.stores.map((store) => store.value),
      clerks: draft.clerks.map((clerk) => clerk.value),
      orders: draft.orders.flatMap(({ head, tickets }) =>
        head === undefined ? [] : [{ ...head.value, tickets: tickets.map((ticket) => ticket.value) }],
      ),
    },
  };
}

function flagDuplicates<T>(
  entries: readonly Placed<T>[],
  keyOf: (value: T) => string,
  field: string,
  what: string,
  problems: ImportProblem[],
): void {
  const firstAt = new Map<string, Place>();
  for (const entry of entries) {
    const key = keyOf(entry.value);
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, entry.at);
    else
      problems.push({
        location: entry.at([field]),
        message: `duplicate ${what} "${key}", first at ${first()}`,
      });
  }
}

function flagUnknownStores(
  entry: Placed<unknown>,
  storeIds: readonly string[],
  known: ReadonlySet<string>,
  into: ImportProblem[],
): void {
  storeIds.forEach((storeId, index) => {
    if (!known.has(storeId))
      into.push({ location: entry.at(["storeIds", index]), message: `unknown store "${storeId}"` });
  });
}
