/**
 * Reads an import file (docs/protocol.md) as JSON or CSV and checks all of it before anything is
 * written: every problem comes back with its location (a JSON path, or a CSV line and column), and
 * one problem refuses the whole file. Failure cases handled: text that is not JSON, a CSV quote
 * never closed, a header with unknown, repeated or missing columns, a row with the wrong number of
 * fields, cells that are not whole numbers, rows of one order that disagree on the order's fields,
 * and everything importDocument.ts checks across entries.
 */
import { CsvError, parse as parseCsv } from "csv-parse/sync";
import * as v from "valibot";
import { listForObject } from "../device/schemaIssue.js";
import {
  type Draft,
  finishDraft,
  type ImportCheck,
  type ImportProblem,
  type ImportTicket,
  importClerkSchema,
  importOrderHeadSchema,
  importStoreSchema,
  importTicketSchema,
  type Place,
  type Placed,
  schemaProblems,
} from "./importDocument.js";
import { defaultPinPolicy, type PinPolicy } from "./pinPolicy.js";

export type ImportFormat = "json" | "csv";

/** Told as rows are checked: CSV rows, or JSON orders. */
export type RowsListener = (rowsRead: number, rowsTotal: number) => void;
const ignoreRows: RowsListener = () => {};

export function importFormatOf(fileName: string): ImportFormat {
  return fileName.toLowerCase().endsWith(".csv") ? "csv" : "json";
}

/** Checks the text of an import file. `knownStoreIds`: stores already held, besides the file's own. */
export function parseImport(
  text: string,
  format: ImportFormat,
  knownStoreIds: ReadonlySet<string>,
  onRows: RowsListener = ignoreRows,
  pinPolicy: PinPolicy = defaultPinPolicy,
): ImportCheck {
  if (format === "csv") return parseCsvImport(text, knownStoreIds, onRows, pinPolicy);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [{ location: "(file)", message: `not JSON: ${(error as Error).message}` }],
    };
  }
  return validateImport(value, knownStoreIds, onRows, pinPolicy);
}

/** The top level, checked loosely so an unknown key is one problem among the others, not the only one. */
const frameSchema = v.object({
  stores: v.optional(v.array(v.unknown()), []),
  clerks: v.optional(v.array(v.unknown()), []),
  orders: v.optional(v.array(v.unknown()), []),
});
const orderFrameSchema = v.strictObject({
  ...importOrderHeadSchema.entries,
  tickets: v.pipe(v.array(v.unknown()), v.minLength(1)),
});
/** An order's tickets are checked even when the order's own fields are wrong. */
const ticketsFrameSchema = v.object({ tickets: v.array(v.unknown()) });

/**
 * Checks an import document already parsed from JSON. Each entry is checked on its own, so one bad
 * ticket does not hide a duplicate code two orders further on.
 */
export function validateImport(
  value: unknown,
  knownStoreIds: ReadonlySet<string>,
  onRows: RowsListener = ignoreRows,
  pinPolicy: PinPolicy = defaultPinPolicy,
): ImportCheck {
  if (Array.isArray(value))
    return { ok: false, problems: [{ location: "(document)", message: listForObject }] };
  const frame = v.safeParse(frameSchema, value);
  if (!frame.success) return { ok: false, problems: schemaProblems(frame.issues, jsonPlace([])) };
  const problems: ImportProblem[] = Object.keys(value as object)
    .filter((key) => !(key in frameSchema.entries))
    .map((key) => ({ location: jsonPlace([key])(), message: "unknown key" }));
  const draft: Draft = {
    stores: collect(frame.output.stores, importStoreSchema, "stores", problems),
    clerks: collect(frame.output.clerks, importClerkSchema, "clerks", problems),
    orders: frame.output.orders.map((raw, index, all) => {
      onRows(index, all.length);
      const at = jsonPlace(["orders", index]);
      const order = v.safeParse(orderFrameSchema, raw);
      if (!order.success) problems.push(...schemaProblems(order.issues, at));
      const tickets = v.safeParse(ticketsFrameSchema, raw);
      const ticketPlace =
        (position: number): Place =>
        (path = []) =>
          at(["tickets", position, ...path]);
      const placed = tickets.success
        ? placeAll(tickets.output.tickets, importTicketSchema, ticketPlace, problems)
        : [];
      if (!order.success) return { tickets: placed };
      const { tickets: _checkedApart, ...head } = order.output;
      return { head: { value: head, at }, tickets: placed };
    }),
  };
  onRows(frame.output.orders.length, frame.output.orders.length);
  return finishDraft(draft, knownStoreIds, problems, pinPolicy);
}

function collect<T>(
  raws: readonly unknown[],
  schema: v.GenericSchema<unknown, T>,
  key: string,
  problems: ImportProblem[],
): Placed<T>[] {
  return placeAll(raws, schema, (index) => jsonPlace([key, index]), problems);
}

function placeAll<T>(
  raws: readonly unknown[],
  schema: v.GenericSchema<unknown, T>,
  placeOf: (index: number) => Place,
  problems: ImportProblem[],
): Placed<T>[] {
  const placed: Placed<T>[] = [];
  raws.forEach((raw, index) => {
    const at = placeOf(index);
    const result = v.safeParse(schema, raw);
    if (result.success) placed.push({ value: result.output, at });
    else problems.push(...schemaProblems(result.issues, at));
  });
  return placed;
}

/** `["orders", 0, "tickets", 1, "code"]` → `orders[0].tickets[1].code`. */
function jsonPlace(prefix: readonly PropertyKey[]): Place {
  return (path = []) => {
    const full = [...prefix, ...path];
    if (full.length === 0) return "(document)";
    return full
      .map((part, index) =>
        typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`,
      )
      .join("");
  };
}

const orderColumns = ["orderNumber", "createdAt", "customerName", "customerPhone"] as const;
const ticketColumns = Object.keys(importTicketSchema.entries) as (keyof ImportTicket)[];
const requiredColumns = new Set<string>([...orderColumns, "code", "productName", "totalUnits"]);
const knownColumns = new Set<string>([...orderColumns, ...ticketColumns]);
const wholeNumberColumns = new Set<string>(["totalUnits", "redeemedUnits"]);

const csvRowSchema = v.strictObject({
  orderNumber: importOrderHeadSchema.entries.orderNumber,
  createdAt: importOrderHeadSchema.entries.createdAt,
  customerName: importOrderHeadSchema.entries.customer.entries.name,
  customerPhone: importOrderHeadSchema.entries.customer.entries.phone,
  ...importTicketSchema.entries,
});
type CsvRow = v.InferOutput<typeof csvRowSchema>;

/** A path inside a row's entry → `line 4, column customerName`. */
function csvPlace(line: number): Place {
  return (path = []) => {
    const [first, second] = path;
    if (first === undefined) return `line ${line}`;
    const column =
      first === "customer" ? (second === "name" ? "customerName" : "customerPhone") : String(first);
    return `line ${line}, column ${column}`;
  };
}

/**
 * One row per ticket, carrying its order's fields; rows of one order are grouped by orderNumber
 * and must agree on them. Empty cells are absent values; storeIds are separated by `;`.
 */
function parseCsvImport(
  text: string,
  knownStoreIds: ReadonlySet<string>,
  onRows: RowsListener,
  pinPolicy: PinPolicy,
): ImportCheck {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse's types do not model `info: true`, which wraps each record as { record, info }.
    records = parseCsv(text, {
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    return {
      ok: false,
      problems: [{ location: line === undefined ? "(file)" : `line ${line}`, message: error.message }],
    };
  }
  const [header, ...rows] = records;
  if (header === undefined)
    return { ok: false, problems: [{ location: "(file)", message: "no header row" }] };
  const problems = checkHeader(header.record, header.info.lines);
  if (problems.length > 0) return { ok: false, problems };

  const orders = new Map<string, { head: Placed<CsvRow>; tickets: Placed<ImportTicket>[] }>();
  for (const [index, { record, info }] of rows.entries()) {
    onRows(index, rows.length);
    const at = csvPlace(info.lines);
    if (record.length !== header.record.length) {
      problems.push({
        location: at(),
        message: `${record.length} fields, the header has ${header.record.length}`,
      });
      continue;
    }
    const parsed = v.safeParse(csvRowSchema, rowObject(header.record, record));
    if (!parsed.success) {
      problems.push(...schemaProblems(parsed.issues, at));
      continue;
    }
    const { orderNumber, createdAt, customerName, customerPhone, ...ticket } = parsed.output;
    const order = orders.get(orderNumber);
    if (order === undefined)
      orders.set(orderNumber, { head: { value: parsed.output, at }, tickets: [{ value: ticket, at }] });
    else {
      for (const column of orderColumns) {
        if (parsed.output[column] !== order.head.value[column]) {
          problems.push({
            location: at([column]),
            message: `differs from ${order.head.at()} of the same order`,
          });
        }
      }
      order.tickets.push({ value: ticket, at });
    }
  }
  onRows(rows.length, rows.length);
  const draft: Draft = {
    stores: [],
    clerks: [],
    orders: [...orders.values()].map(({ head, tickets }) => ({
      head: {
        value: {
          orderNumber: head.value.orderNumber,
          createdAt: head.value.createdAt,
          customer: { name: head.value.customerName, phone: head.value.customerPhone },
        },
        at: head.at,
      },
      tickets,
    })),
  };
  return finishDraft(draft, knownStoreIds, problems, pinPolicy);
}

function checkHeader(columns: readonly string[], line: number): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!knownColumns.has(column))
      problems.push({ location: `line ${line}, column ${column}`, message: "unknown column" });
    else if (seen.has(column))
      problems.push({ location: `line ${line}, column ${column}`, message: "repeated column" });
    seen.add(column);
  }
  for (const column of requiredColumns) {
    if (!seen.has(column)) problems.push({ location: `line ${line}`, message: `missing column ${column}` });
  }
  return problems;
}

/** Cells → the raw entry the row schema checks; a cell that is not a whole number stays text, so the schema names it. */
function rowObject(columns: readonly string[], cells: readonly string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  columns.forEach((column, index) => {
    const cell = cells[index] ?? "";
    if (cell === "") return;
    if (column === "storeIds")
      row[column] = cell
        .split(";")
        .map((id) => id.trim())
        .filter((id) => id !== "");
    else if (wholeNumberColumns.has(column) && /^\d+$/.test(cell)) row[column] = Number(cell);
    else row[column] = cell;
  });
  return row;
}
