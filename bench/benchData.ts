/**
 * The data a benchmark runs on: a central data directory with the catalogue and, when asked, a
 * kiosk data directory whose journal already holds it. `npm run bench` prepares one such directory
 * and passes it to every benchmark (`--data`), because a million tickets take minutes to make; a
 * benchmark run alone makes its own with the generator, in a temp dir it removes afterwards.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchOptions } from "./figures.js";

/** `DIR/data.json`: written last by the generator, so its presence means the data is complete. */
export interface BenchData {
  readonly tickets: number;
  /** Device id → device token of the bench store. */
  readonly tokens: Readonly<Record<string, string>>;
  /** Whether `kiosk/journal` holds the catalogue. */
  readonly journal: boolean;
}

export const benchDevice = "bench-kiosk";

export const dataFile = (dir: string): string => join(dir, "data.json");

export interface PreparedData extends BenchData {
  readonly dir: string;
  readonly centralDir: string;
  /** A kiosk's `dataDir`: its journal is `kiosk/journal`. */
  readonly kioskDir: string;
  readonly token: string;
  /** Records that the kiosk journal now holds the catalogue (a benchmark downloaded it there). */
  markJournal(): Promise<void>;
  /** Removes the data when the benchmark made it itself; shared data is left for the next one. */
  release(): Promise<void>;
}

const generator = fileURLToPath(new URL("./generateCatalogue.js", import.meta.url));

/** Runs the data generator in its own process, so its memory never counts against a benchmark's. */
export async function generate(dir: string, tickets: number, journal: boolean): Promise<void> {
  const args = [generator, "--dir", dir, "--tickets", String(tickets), "--device", benchDevice];
  const child = spawn(process.execPath, journal ? args : [...args, "--no-journal"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the data generator failed (exit ${code})`);
}

async function readData(dir: string): Promise<BenchData | undefined> {
  try {
    return JSON.parse(await readFile(dataFile(dir), "utf8")) as BenchData;
  } catch {
    return undefined;
  }
}

/**
 * The shared data when `--data` names a prepared directory that has what is needed, otherwise new
 * data in a temp dir. `journal: true` needs the kiosk journal filled.
 */
export async function benchData(options: BenchOptions, needs: { journal: boolean }): Promise<PreparedData> {
  const shared = options.data === undefined ? undefined : await readData(options.data);
  const usable =
    shared !== undefined && shared.tickets === options.tickets && (shared.journal || !needs.journal);
  const dir =
    usable && options.data !== undefined ? options.data : await mkdtemp(join(tmpdir(), "bench-data-"));
  if (!usable) await generate(dir, options.tickets, needs.journal);
  const data = (await readData(dir)) ?? shared;
  const token = data?.tokens[benchDevice];
  if (data === undefined || token === undefined) throw new Error(`no bench data in ${dir}`);
  return {
    ...data,
    dir,
    centralDir: join(dir, "central"),
    kioskDir: join(dir, "kiosk"),
    token,
    markJournal: () => writeFile(dataFile(dir), `${JSON.stringify({ ...data, journal: true }, null, 2)}\n`),
    release: async () => {
      if (!usable) await rm(dir, { recursive: true, force: true });
    },
  };
}
