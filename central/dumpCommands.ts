/**
 * `ticket-kiosk central export` and `restore` (docs/central.md "Backups and restore"): a central's
 * whole state to a dump file (centralDump.ts) and back into an empty store, LevelDB or PostgreSQL
 * either way. A LevelDB store is read and written by one process: its service must be stopped.
 *
 * Exit status: 0 done; 1 the store or the file failed (a store in use, a write error); 2 a usage
 * error, no store at `--data`, or a file that is not a whole dump of a version this program reads;
 * 4 (`restore`) the store is not empty: nothing was written.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { holdsCentralStore, NoCentralStoreError } from "./adminClient.js";
import { DumpFormatError, readDump, writeDump } from "./centralDump.js";
import { DumpProgressReport } from "./dumpProgress.js";
import type { LedgerStore } from "./store/ledgerStore.js";
import { describeLocation, ledgerStoreAt, type StoreLocation } from "./store/storeLocation.js";

/** Where the commands write: the dump (without `--out`) and the summary on stdout, progress on stderr. */
export interface DumpIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** `restore` into a store that holds records. */
const notEmptyExitStatus = 4;
const badFileExitStatus = 2;

/** Writes the store's dump to `outFile` (whole, or not at all: written beside it, then renamed) or stdout. */
export async function exportCommand(
  location: StoreLocation,
  outFile: string | undefined,
  io: DumpIo,
): Promise<number> {
  if (location.kind === "level" && !(await holdsCentralStore(location.dataDir)))
    throw new NoCentralStoreError(`${location.dataDir} holds no central store: check --data`);
  const report = new DumpProgressReport("export", io.stderr);
  const partial = outFile === undefined ? undefined : `${outFile}.partial`;
  const out: Writable = partial === undefined ? io.stdout : createWriteStream(partial, { mode: 0o600 });
  try {
    await withStore(location, async (store) => {
      const from = location.kind === "level" ? "leveldb" : "postgresql";
      await writeDump({ exportedAt: new Date().toISOString(), from }, store.dump(), out, report.listener);
    });
    report.finish();
    if (partial !== undefined && outFile !== undefined) {
      out.end();
      await finished(out);
      await rename(partial, outFile);
    }
  } catch (error) {
    // No half a dump left behind under a name that could pass for a backup.
    if (partial !== undefined) {
      out.destroy();
      await rm(partial, { force: true });
    }
    throw error;
  }
  return 0;
}

/**
 * Checks the whole file first (one pass, nothing kept), so a file cut short or damaged is refused
 * before anything is written; then loads it into the store, if the store is empty.
 */
export async function restoreCommand(location: StoreLocation, file: string, io: DumpIo): Promise<number> {
  try {
    for await (const _batch of readDump(createReadStream(file))) {
      // Only read: every line is checked as it goes.
    }
  } catch (error) {
    if (!(error instanceof DumpFormatError) && (error as { code?: unknown }).code !== "ENOENT") throw error;
    io.stderr.write(`${file}: not restored: ${(error as Error).message}\n`);
    return badFileExitStatus;
  }
  if (location.kind === "level") await mkdir(location.dataDir, { recursive: true, mode: 0o700 });
  const report = new DumpProgressReport("restore", io.stderr);
  const loaded = await withStore(location, (store) =>
    store.load(readDump(createReadStream(file)), report.listener),
  );
  if (loaded.kind === "not_empty") {
    io.stderr.write(
      `central restore: ${describeLocation(location)} is not empty: a dump is restored into an empty store only (a new --data folder, or a new database)\n`,
    );
    return notEmptyExitStatus;
  }
  report.finish();
  io.stdout.write(`restored ${loaded.records} records from ${file} into ${describeLocation(location)}\n`);
  return 0;
}

async function withStore<T>(location: StoreLocation, work: (store: LedgerStore) => Promise<T>): Promise<T> {
  const store = await ledgerStoreAt(location);
  await store.open();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
