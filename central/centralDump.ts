/**
 * A central's dump as a file (`ticket-kiosk central export` / `restore`, docs/central.md "Backups
 * and restore"): NDJSON, one JSON value a line, each with its keys sorted so two dumps of the same
 * state are the same bytes.
 * - line 1, the header: `{"format":"ticket-kiosk-central-dump","version":1,…}`, with the time
 *   and the kind of store it was made from;
 * - one line per record (store/dumpRecord.ts), in that file's order;
 * - the last line, `{"kind":"end","records":N}`: a file cut short has none, and is refused.
 * Written and read a batch at a time: a central of any size streams through in bounded memory.
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import * as v from "valibot";
import { canonicalJson } from "./canonicalJson.js";
import { type DumpRecord, dumpBatchSize, dumpKinds } from "./store/dumpRecord.js";

export const dumpFormat = "ticket-kiosk-central-dump";
export const dumpVersion = 1;

const headerSchema = v.object({
  format: v.literal(dumpFormat),
  version: v.pipe(v.number(), v.integer()),
  exportedAt: v.string(),
  from: v.picklist(["leveldb", "postgresql"]),
});
export type DumpHeader = v.InferOutput<typeof headerSchema>;

const endSchema = v.object({
  kind: v.literal("end"),
  records: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
/** A record line is checked for its kind here; its fields are the store's own (dumpRecord.ts). */
const recordSchema = v.looseObject({ kind: v.picklist(dumpKinds) });

/** A file that is not a whole dump of a version this program reads. */
export class DumpFormatError extends Error {
  override readonly name = "DumpFormatError";
}

/** Writes the header, every batch's records and the end line; the records written. */
export async function writeDump(
  header: Omit<DumpHeader, "format" | "version">,
  batches: AsyncIterable<readonly DumpRecord[]>,
  out: Writable,
  onWritten?: (records: number) => void,
): Promise<number> {
  await write(out, `${canonicalJson({ format: dumpFormat, version: dumpVersion, ...header })}\n`);
  let records = 0;
  for await (const batch of batches) {
    await write(out, batch.map((record) => `${canonicalJson(record)}\n`).join(""));
    records += batch.length;
    onWritten?.(records);
  }
  await write(out, `${canonicalJson({ kind: "end", records })}\n`);
  return records;
}

/** Writes `text`, waiting for the stream to drain when its buffer is full. */
function write(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * A dump's header and its records in batches, checked line by line as they are read; a batch is
 * given only once read whole, and a DumpFormatError ends the reading at the first bad line or at a
 * missing end line. Batches before a fault are given already: a restore reads a file through once
 * to check it before it loads anything (centralCli.ts).
 */
export async function* readDump(input: Readable): AsyncGenerator<DumpRecord[], DumpHeader> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let header: DumpHeader | undefined;
  let number = 0;
  let records = 0;
  let ended = false;
  let batch: DumpRecord[] = [];
  for await (const line of lines) {
    number += 1;
    const value = parseLine(line, number);
    if (header === undefined) {
      header = checkHeader(value);
      continue;
    }
    if (ended) throw new DumpFormatError(`line ${number}: a line after the end line`);
    const end = v.safeParse(endSchema, value);
    if (end.success) {
      if (end.output.records !== records)
        throw new DumpFormatError(
          `the end line counts ${end.output.records} records, the file holds ${records}`,
        );
      ended = true;
      continue;
    }
    if (!v.is(recordSchema, value))
      throw new DumpFormatError(`line ${number}: not a record of a central dump`);
    batch.push(value as DumpRecord);
    records += 1;
    if (batch.length < dumpBatchSize) continue;
    yield batch;
    batch = [];
  }
  if (header === undefined) throw new DumpFormatError("the file is empty: not a central dump");
  if (!ended) throw new DumpFormatError(`the file ends after line ${number} without its end line: cut short`);
  if (batch.length > 0) yield batch;
  return header;
}

function parseLine(line: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new DumpFormatError(`line ${number}: not JSON`);
  }
}

function checkHeader(value: unknown): DumpHeader {
  const header = v.safeParse(headerSchema, value);
  if (!header.success) throw new DumpFormatError(`line 1: not a ${dumpFormat} header`);
  if (header.output.version !== dumpVersion)
    throw new DumpFormatError(
      `the dump is version ${header.output.version}; this program reads version ${dumpVersion}`,
    );
  return header.output;
}
