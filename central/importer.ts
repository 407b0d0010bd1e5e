/**
 * Reads an import file (docs/protocol.md) as JSON or CSV and checks all of it before anything is
 * written: every problem comes back with its location (a JSON path, or a CSV line and column), and
 * one problem refuses the whole file. Failure cases handled: text that is not JSON, a CSV quote
 * never closed, a header with unknown, repeated or missing columns, a row with the wrong number of
 * fields, cells that are not whole numbers, rows of one order that disagree on the order's fields,
 * and everything importDocument.ts checks across entries.
 */
import { CsvError, parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
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
  zodProblems,
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
const frameSchema = z.object({
  stores: z.array(z.unknown()).default([]),
  clerks: z.array(z.unknown()).default([]),
  orders: z.array(z.unknown()).default([]),
});
const orderFrameSchema = importOrderHeadSchema.extend({ tickets: z.array(z.unknown()).min(1) });
/** An order's tickets are checked even when the order's own fields are wrong. */
const ticketsFrameSchema = z.object({ tickets: z.array(z.unknown()) });

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
  const frame = frameSchema.safeParse(value);
  if (!frame.success) return { ok: false, problems: zodProblems(frame.error, jsonPlace([])) };
  const problems: ImportProblem[] = Object.keys(value as object)
    .filter((key) => !(key in frameSchema.shape))
    .map((key) => ({ location: jsonPlace([key])(), message: "unknown key" }));
  const draft: Draft = {
    stores: collect(frame.data.stores, importStoreSchema, "stores", problems),
    clerks: collect(frame.data.clerks, importClerkSchema, "clerks", problems),
    orders: frame.data.orders.map((raw, index, all) => {
      onRows(index, all.length);
      const at = jsonPlace(["orders", index]);
      const order = orderFrameSchema.safeParse(raw);
      if (!order.success) problems.push(...zodProblems(order.error, at));
      const tickets = ticketsFrameSchema.safeParse(raw);
      const ticketPlace =
        (position: number): Place =>
        (path = []) =>
          at(["tickets", position, ...path]);
      const placed = tickets.success
        ? placeAll(tickets.data.tickets, importTicketSchema, ticketPlace, problems)
        : [];
      if (!order.success) return { tickets: placed };
      const { tickets: _checkedApart, ...head } = order.data;
      return { head: { value: head, at }, tickets: placed };
    }),
  };
  onRows(frame.data.orders.length, frame.data.orders.length);
  return finishDraft(draft, knownStoreIds, problems, pinPolicy);
}

function collect<T>(
  raws: readonly unknown[],
  schema: z.ZodType<T>,
  key: string,
  problems: ImportProblem[],
): Placed<T>[] {
  return placeAll(raws, schema, (index) => jsonPlace([key, index]), problems);
}

function placeAll<T>(
  raws: readonly unknown[],
  schema: z.ZodType<T>,
  placeOf: (index: number) => Place,
  problems: ImportProblem[],
): Placed<T>[] {
  const placed: Placed<T>[] = [];
  raws.forEach((raw, index) => {
    const at = placeOf(index);
    const result = schema.safeParse(raw);
    if (result.success) placed.push({ value: result.data, at });
    else problems.push(...zodProblems(result.error, at));
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
const ticketColumns = Object.keys(importTicketSchema.shape) as (keyof ImportTicket)[];
const requiredColumns = new Set<string>([...orderColumns, "code", "productName", "totalUnits"]);
const knownColumns = new Set<string>([...orderColumns, ...ticketColumns]);
const wholeNumberColumns = new Set<string>(["totalUnits", "redeemedUnits"]);

const csvRowSchema = z.strictObject({
  orderNumber: importOrderHeadSchema.shape.orderNumber,
  createdAt: importOrderHeadSchema.shape.createdAt,
  customerName: importOrderHeadSchema.shape.customer.shape.name,
  customerPhone: importOrderHeadSchema.shape.customer.shape.phone,
  ...importTicketSchema.shape,
});
type CsvRow = z.output<typeof csvRowSchema>;

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
    const parsed = csvRowSchema.safeParse(rowObject(header.record, record));
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, at));
      continue;
    }
    const { orderNumber, createdAt, customerName, customerPhone, ...ticket } = parsed.data;
    const order = orders.get(orderNumber);
    if (order === undefined)
      orders.set(orderNumber, { head: { value: parsed.data, at }, tickets: [{ value: ticket, at }] });
    else {
      for (const column of orderColumns) {
        if (parsed.data[column] !== order.head.value[column]) {
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

/** Cells → the raw entry the row schema checks; a cell that is not a whole number stays text, so zod names it. */
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
