/**
 * A new kiosk's first download of its store's tickets from a chain's central service (issue 13):
 * the store's change feed read page by page over HTTP (`GET /v1/tickets`, the kiosk's own page
 * size), from a central holding ten stores' tickets interleaved — every tenth ticket is the
 * kiosk's — against the same download from a central holding only that store's tickets. Both
 * stores of the service: LevelDB, and PostgreSQL on a throwaway cluster (bench/pgCluster.ts).
 * Measured on the service's side of the wire: the client only parses each page.
 *
 * Target: the chain's download ≤ 1.5× the lone store's — a feed indexed by (store, rev) reads the
 * store's rows, not the chain's.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "undici";
import type { ImportDocument } from "../central/importDocument.js";
import type { StoreLocation } from "../central/store/storeLocation.js";
import { benchStore, catalogueChunk, fillCentral } from "./catalogue.js";
import { startCentralProcess } from "./centralProcess.js";
import { type Figures, figure, progress, runBenchmark } from "./figures.js";
import { PgCluster } from "./pgCluster.js";

const storeCount = 10;
const chainStores = [
  benchStore,
  ...Array.from({ length: storeCount - 1 }, (_, n) => ({ id: `store-${n + 2}`, name: `分店 ${n + 2}` })),
];
/** The kiosk's page (sync/syncLoop.ts asks for this many). */
const pageSize = 2000;
const kioskId = "bench-feed-kiosk";

/** Tickets `[start, end)` of the chain: ticket i belongs to store i mod 10, store 0 the kiosk's. */
function chainChunk(start: number, end: number, now: Date, onlyKiosks: boolean): ImportDocument {
  const chunk = catalogueChunk(start, end, now);
  let index = start;
  const orders = chunk.orders
    .map((order) => ({
      ...order,
      tickets: order.tickets.flatMap((ticket) => {
        const store = chainStores[index % storeCount] ?? benchStore;
        index += 1;
        return onlyKiosks && store !== benchStore ? [] : [{ ...ticket, storeIds: [store.id] }];
      }),
    }))
    .filter((order) => order.tickets.length > 0);
  return { stores: chainStores, clerks: [], orders };
}

/** Reads the store's whole feed as a new kiosk does; the tickets it got. */
async function firstDownload(url: string, token: string): Promise<number> {
  const pool = new Pool(url, { connections: 1 });
  try {
    let since = "";
    let tickets = 0;
    for (;;) {
      const response = await pool.request({
        path: `/v1/tickets?since=${since}&limit=${pageSize}`,
        method: "GET",
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.statusCode !== 200) throw new Error(`GET /v1/tickets: HTTP ${response.statusCode}`);
      const page = (await response.body.json()) as { tickets: unknown[]; cursor: string; hasMore: boolean };
      tickets += page.tickets.length;
      since = page.cursor;
      if (!page.hasMore) return tickets;
    }
  } finally {
    await pool.close();
  }
}

/** Fills a central with the chain's `tickets` (or the kiosk store's share) and times a first download. */
async function downloadSeconds(
  location: StoreLocation,
  tickets: number,
  onlyKiosks: boolean,
): Promise<{ seconds: number; tickets: number }> {
  const { tokens } = await fillCentral(
    location,
    tickets,
    [kioskId],
    new Date(),
    undefined,
    (start, end, now) => chainChunk(start, end, now, onlyKiosks),
  );
  const server = await startCentralProcess(
    location.kind === "level" ? location.dataDir : { database: location.url },
  );
  try {
    const token = tokens[kioskId] ?? "";
    await firstDownload(server.url, token); // warms the service and the caches up, as a restart would not
    const startedAt = performance.now();
    const got = await firstDownload(server.url, token);
    return { seconds: (performance.now() - startedAt) / 1000, tickets: got };
  } finally {
    await server.stop();
  }
}

runBenchmark(async (options) => {
  const chainTickets = options.quick ? 3000 : 1_000_000;
  const work = await mkdtemp(join(tmpdir(), "bench-feed-"));
  const cluster = await PgCluster.start();
  const figures: Figures = {};
  try {
    const locations: Record<"level" | "pg", (name: string) => Promise<StoreLocation>> = {
      level: async (name) => ({ kind: "level", dataDir: join(work, name) }),
      pg: async () => ({ kind: "postgres", url: await cluster.createDatabase() }),
    };
    for (const [store, at] of Object.entries(locations)) {
      progress(`${store}: a chain of ${chainTickets.toLocaleString("en")} tickets in ${storeCount} stores`);
      const chain = await downloadSeconds(await at("chain"), chainTickets, false);
      const alone = await downloadSeconds(await at("alone"), chainTickets, true);
      if (chain.tickets !== alone.tickets)
        throw new Error(`${store}: ${chain.tickets} tickets ≠ ${alone.tickets}`);
      progress(`${store}: ${chain.seconds.toFixed(2)} s from the chain, ${alone.seconds.toFixed(2)} s alone`);
      figures[`first_download_${store}_store_of_${storeCount}_s`] = figure(
        chain.seconds,
        { name: `first_download_${store}_store_alone_s`, value: alone.seconds },
        `a new kiosk's first download of its store's ${chain.tickets.toLocaleString("en")} tickets (GET /v1/tickets, pages of ${pageSize}, parsed, not stored) from a central of ${chainTickets.toLocaleString("en")} tickets of ${storeCount} stores interleaved, against one of that store's tickets only; the second of two downloads`,
        { maxRatio: 1.5 },
      );
    }
    return figures;
  } finally {
    await cluster.stop();
    await rm(work, { recursive: true, force: true });
  }
});
