/**
 * Where the central service keeps its records: a LevelDB in a data directory (the embedded
 * default, one process), or a PostgreSQL database named by URL (several processes, one service;
 * docs/central.md). `pg` is loaded only when a database URL is given, so the kiosk and the demo
 * never load it.
 */
import { join } from "node:path";
import type { ConsoleData } from "./consoleData.js";
import { maskPassword } from "./databaseUrl.js";
import type { LedgerStore } from "./ledgerStore.js";
import { LevelLedgerStore } from "./levelLedgerStore.js";

export type StoreLocation =
  | { readonly kind: "level"; readonly dataDir: string }
  | { readonly kind: "postgres"; readonly url: string };

/** The environment variable that names the database when no `--data` or `--database` is given. */
export const databaseEnv = "TICKET_KIOSK_CENTRAL_DATABASE";

export function centralDbPath(dataDir: string): string {
  return join(dataDir, "level");
}

/** A store for the location, not yet opened; both adapters also serve the web console. */
export async function ledgerStoreAt(
  location: StoreLocation,
  now?: () => Date,
): Promise<LedgerStore & ConsoleData> {
  if (location.kind === "level") return new LevelLedgerStore(centralDbPath(location.dataDir), now);
  const { PgLedgerStore } = await import("./pgLedgerStore.js");
  return new PgLedgerStore({ url: location.url, ...(now === undefined ? {} : { now }) });
}

/** The location for logs and messages: a URL with its password masked. */
export function describeLocation(location: StoreLocation): string {
  return location.kind === "level" ? location.dataDir : maskPassword(location.url);
}
