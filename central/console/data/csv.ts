/**
 * The console's CSV exports: UTF-8 with a byte order mark, so Excel opens Chinese text as Chinese
 * rather than as the local code page, CRLF line ends (RFC 4180), and every cell quoted when it needs
 * to be. A cell that a spreadsheet would read as a formula (starting with = + - @, or tab or CR) is
 * prefixed with an apostrophe, so a customer's name cannot run a formula on the merchant's computer
 * (https://owasp.org/www-community/attacks/CSV_Injection). Streamed: the rows come from an async
 * iterable, a page of the store at a time, so an export of a year's records is never one string.
 */
import { Readable } from "node:stream";

const byteOrderMark = "\uFEFF";
const formulaStart = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = formulaStart.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A CSV file as a stream of UTF-8 text: the mark, the header, then each row as it comes. */
export function csvStream(header: readonly string[], rows: AsyncIterable<readonly CsvValue[]>): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield byteOrderMark + csvLine(header);
    for await (const row of rows) yield csvLine(row);
  }
  return Readable.from(lines(), { objectMode: false });
}
