/**
 * The kiosk's side of a sync, built from the real parts (journal on disk, `SyncLoop`,
 * `UndiciCentralApi`) the way the composition root builds them, for benchmarks that measure a
 * download or an upload in their own process while the central service runs in another.
 */
import { once } from "node:events";
import { request } from "undici";
import { SystemClock } from "../device/clock.js";
import { Connectivity } from "../device/connectivity.js";
import type { LevelJournal } from "../device/levelJournal.js";
import { silentLogger } from "../device/logger.js";
import { SyncLoop, type SyncReport } from "../sync/syncLoop.js";
import { UndiciCentralApi } from "../sync/undiciCentralApi.js";

/** The config's default timeout: every page of a download gets four times this. */
const timeoutMs = 1500;

/** `syncIntervalMs` long by default: a benchmark then starts each pass it measures itself. */
export function kioskSync(
  journal: LevelJournal,
  url: string,
  token: string,
  syncIntervalMs = 3_600_000,
): SyncLoop {
  return new SyncLoop({
    config: { central: { url, token, timeoutMs, syncIntervalMs, allowInsecure: false } },
    journal,
    tickets: journal.ticketCache,
    clerks: journal.clerkStore,
    central: new UndiciCentralApi({ url, token: async () => token }),
    connectivity: new Connectivity(timeoutMs),
    clock: new SystemClock(),
    logger: silentLogger,
  });
}

/**
 * Starts the loop and resolves with its first pass's report (a pass runs its download to the
 * end); a failed pass rejects. The loop is stopped before this returns.
 */
export async function syncPass(sync: SyncLoop): Promise<SyncReport> {
  const synced = once(sync, "synced") as Promise<[SyncReport]>;
  const failed = (once(sync, "failed") as Promise<[Error]>).then(([error]) => Promise.reject(error));
  sync.start();
  try {
    const [report] = await Promise.race([synced, failed]);
    return report;
  } finally {
    failed.catch(() => undefined);
    await sync.stop();
  }
}

/** One page of `GET /v1/tickets` from cursor `since`, parsed but not checked. */
export interface RawTicketsPage {
  readonly tickets: unknown[];
  readonly cursor: string;
  readonly hasMore: boolean;
}

export async function fetchTicketsPage(
  url: string,
  token: string,
  since: string | undefined,
  limit: number,
): Promise<RawTicketsPage> {
  const query = new URLSearchParams({ limit: String(limit), ...(since === undefined ? {} : { since }) });
  const response = await request(new URL(`/v1/tickets?${query}`, url), {
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
  });
  return (await response.body.json()) as RawTicketsPage;
}

/**
 * The baseline of a download: every page from cursor `since` fetched over the same HTTP API and
 * parsed, but neither validated nor stored. Returns how many tickets came.
 */
export async function fetchOnly(url: string, token: string, since: string | undefined, limit: number) {
  let cursor = since;
  let tickets = 0;
  for (;;) {
    const page = await fetchTicketsPage(url, token, cursor, limit);
    tickets += page.tickets.length;
    cursor = page.cursor;
    if (!page.hasMore) return tickets;
  }
}
