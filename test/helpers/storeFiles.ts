/**
 * Reaching into a LevelDB store from outside, the way a failing SD card or an older or newer
 * program would: the format fixtures copied to a temp dir, raw reads and writes of a sublevel, and
 * a flipped bit in one of the store's files.
 */
import { cp, open, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AbstractSublevel } from "abstract-level";
import { Level } from "level";
import type { Ticket } from "../../device/domain.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { makeRedemption } from "./fixtures.js";

type Sublevel = AbstractSublevel<Level<string, unknown>, string | Buffer | Uint8Array, string, unknown>;

const fixtures = fileURLToPath(new URL("../../../test/fixtures/stores-v1", import.meta.url));
const journalV2 = fileURLToPath(new URL("../../../test/fixtures/journal-v2", import.meta.url));

/** Copies the format-1 fixture `name` (`journal` or `central`) to `target`. */
export async function copyFormat1Fixture(name: "journal" | "central", target: string): Promise<void> {
  await cp(join(fixtures, name), target, { recursive: true });
}

/**
 * Copies the format-2 journal (its ticket cache indexed per ticket) to `target`; returns the
 * tickets its cache holds (test/fixtures/journal-v2/README.md).
 */
export async function copyFormat2JournalFixture(target: string): Promise<Ticket[]> {
  await cp(join(journalV2, "journal"), target, { recursive: true });
  return JSON.parse(await readFile(join(journalV2, "tickets.json"), "utf8")) as Ticket[];
}

/** A closed journal at `location` with `count` redemptions decided offline; returns their ids. */
export async function journalWithRedemptions(location: string, count: number): Promise<string[]> {
  const journal = new LevelJournal(location);
  await journal.open();
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const redemption = makeRedemption({ seq: journal.nextSeq() });
    await journal.recordIntent(redemption);
    await journal.decide(redemption.id, { kind: "offline_redeemed" });
    ids.push(redemption.id);
  }
  await journal.close();
  return ids;
}

/** Opens the store at `location` bare and runs `work` on one sublevel of it (JSON values). */
export async function withSublevel<T>(
  location: string,
  name: string,
  work: (sublevel: Sublevel) => Promise<T>,
): Promise<T> {
  const db = new Level<string, unknown>(location, { valueEncoding: "json" });
  await db.open();
  try {
    return await work(db.sublevel<string, unknown>(name, { valueEncoding: "json" }));
  } finally {
    await db.close();
  }
}

/** Every key of these sublevels with its value as stored (JSON text), for a byte-for-byte comparison. */
export async function sublevelContents(
  location: string,
  names: readonly string[],
): Promise<Record<string, [string, string][]>> {
  const db = new Level<string, string>(location, { valueEncoding: "utf8" });
  await db.open();
  try {
    const contents: Record<string, [string, string][]> = {};
    for (const name of names)
      contents[name] = await db.sublevel<string, string>(name, { valueEncoding: "utf8" }).iterator().all();
    return contents;
  } finally {
    await db.close();
  }
}

/** Deletes every key of these sublevels, as a store that lost that part of itself. */
export async function clearSublevels(location: string, names: readonly string[]): Promise<void> {
  const db = new Level<string, unknown>(location);
  await db.open();
  try {
    for (const name of names) await db.sublevel(name).clear();
  } finally {
    await db.close();
  }
}

/** The store's files whose names end with `suffix` (`.log`, `.ldb`). */
export async function storeFiles(location: string, suffix: string): Promise<string[]> {
  return (await readdir(location))
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(location, name));
}

/**
 * Flips the lowest bit of the byte `offset` bytes after the first occurrence of `marker` in each of
 * `files` that holds it (a compaction killed midway can leave an obsolete table file beside the
 * live one, and a test cannot tell which LevelDB reads); returns those files, or throws when none
 * holds it.
 */
export async function flipBitAfter(files: readonly string[], marker: string, offset = 0): Promise<string[]> {
  const flipped: string[] = [];
  for (const file of files) {
    const bytes = await readFile(file);
    const at = bytes.indexOf(Buffer.from(marker, "utf8"));
    if (at < 0) continue;
    await flipBitAt(file, at + offset);
    flipped.push(file);
  }
  if (flipped.length === 0) throw new Error(`no file holds ${JSON.stringify(marker)}: ${files.join(", ")}`);
  return flipped;
}

/**
 * Like `flipBitAfter` for a random `text` inside a compressed table file: snappy may store some of
 * its bytes as copies of earlier ones, so the longest piece of it (6 bytes at least, which would
 * not occur by chance) stored as it is takes the flip. In its middle: a later record may be stored
 * as a copy of the bytes around the piece's first or last byte (`"check":"` and one hex digit in
 * common, one time in sixteen), and the flip would damage that record too; a copy through the
 * middle would need four random digits in common.
 */
export async function flipBitInside(files: readonly string[], text: string): Promise<string[]> {
  for (let size = text.length; size >= 6; size -= 1)
    for (let start = 0; start + size <= text.length; start += 1) {
      const piece = text.slice(start, start + size);
      const holders = [];
      for (const file of files) if ((await readFile(file)).includes(piece)) holders.push(file);
      if (holders.length > 0) return flipBitAfter(holders, piece, Math.floor(piece.length / 2));
    }
  throw new Error(`no file holds 6 bytes of ${JSON.stringify(text)} as they are: ${files.join(", ")}`);
}

async function flipBitAt(file: string, position: number): Promise<void> {
  const handle = await open(file, "r+");
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, position);
    byte[0] = (byte[0] ?? 0) ^ 0x01;
    await handle.write(byte, 0, 1, position);
  } finally {
    await handle.close();
  }
}
