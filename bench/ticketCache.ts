/**
 * Benchmark 3 (issue 7): the local ticket cache at scale.
 * - First download of the whole catalogue from the reference central service (its own process, on
 *   loopback) through the kiosk's real sync path (`SyncLoop` + `UndiciCentralApi` into the
 *   journal), with this process's peak RSS and event-loop delay meanwhile (the UI shares the loop).
 *   Baseline: the same pages fetched over the same API and parsed, neither validated nor stored.
 * - Then 10,000 tickets changed at the central service (an import through its admin socket) and
 *   the next pass that downloads them; baseline: those pages fetched only.
 * - Lookup by code in the full cache; baseline: LevelDB's own `get` of the same keys in the same
 *   database, without the journal and without JSON decoding.
 * - 進階搜尋 by phone digits, order-number prefix and customer name (`searchTickets`, what
 *   `LevelBackOffice.searchTickets` runs); baseline: reading one page of tickets by code.
 * - An idle kiosk's peak RSS with that cache loaded (idleKiosk.ts); baseline: a bare `node`'s.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Level } from "level";
import { withCentralAdmin } from "../central/adminClient.js";
import type { TicketQuery } from "../device/backOffice.js";
import { LevelJournal } from "../device/levelJournal.js";
import { silentLogger } from "../device/logger.js";
import { searchTickets } from "../device/ticketSearch.js";
import { benchData } from "./benchData.js";
import { catalogueChunk, customerOf, orderNumber, ticketCode } from "./catalogue.js";
import { startCentralProcess } from "./centralProcess.js";
import { type DownloadFloor, downloadFloorProcess, downloadFloors, floorWrites } from "./downloadFloor.js";
import { type Figures, figure, progress, runKioskBenchmark } from "./figures.js";
import { bareNodePeakRssMb, idleKioskPeakRssMb } from "./idleKiosk.js";
import { fetchOnly, kioskSync, syncPass } from "./kioskSide.js";
import { idleLoopDelayP99, loopDelayP99, memoryPeak, summarise, timed } from "./stats.js";

/** The kiosk's download page (sync/syncLoop.ts), so the baseline fetches the same pages. */
const pageSize = 2000;
const searchPageSize = 20;
const dayMs = 86_400_000;

/** Orders whose two tickets change at the central service: spread over the catalogue. */
function changedOrders(tickets: number, count: number): number[] {
  const orders = Math.floor(tickets / 2);
  const step = Math.max(1, Math.floor(orders / count));
  return Array.from({ length: Math.min(count, orders) }, (_, n) => (n * step + 1) % orders);
}

/** The import that changes those orders' tickets: a longer validity, as a merchant extends a promotion. */
function changeDocument(orders: readonly number[], now: Date) {
  const chunks = orders.map((order) => catalogueChunk(order * 2, order * 2 + 2, now));
  return {
    stores: chunks[0]?.stores ?? [],
    clerks: [],
    orders: chunks.flatMap((chunk) =>
      chunk.orders.map((order) => ({
        ...order,
        tickets: order.tickets.map((ticket) => ({
          ...ticket,
          validUntil: new Date(Date.parse(ticket.validUntil ?? now.toISOString()) + dayMs).toISOString(),
        })),
      })),
    ),
  };
}

/** A store size as figure names carry it: `1m`, `200k`, `2k`. */
function sizeName(tickets: number): string {
  if (tickets % 1_000_000 === 0) return `${tickets / 1_000_000}m`;
  if (tickets % 1000 === 0) return `${tickets / 1000}k`;
  return String(tickets);
}

function randomIndices(tickets: number, count: number): number[] {
  return Array.from({ length: count }, () => Math.floor(Math.random() * tickets));
}

runKioskBenchmark(async (options) => {
  const data = await benchData(options, { journal: false });
  // Shared data whose kiosk journal is already filled is kept as it is: this download goes beside it.
  const separate = data.journal;
  const kioskDir = separate ? join(data.dir, "download-kiosk") : data.kioskDir;
  const journalDir = join(kioskDir, "journal");
  const central = await startCentralProcess(data.centralDir);
  const journal = new LevelJournal(journalDir);
  const figures: Figures = {};
  const size = `${data.tickets.toLocaleString("en")} tickets`;
  try {
    // The download goes first: the process's peak RSS is a lifetime figure, and must be the download's.
    progress(`first download of ${size}`);
    await journal.open();
    const idleDelayMs = await idleLoopDelayP99(options.quick ? 200 : 1000);
    const before = process.memoryUsage();
    const memory = memoryPeak();
    let downloaded = 0;
    let downloadS = 0;
    const loopDelayMs = await loopDelayP99(async () => {
      downloadS =
        (await timed(async () => {
          downloaded = (await syncPass(kioskSync(journal, central.url, data.token))).downloaded;
        })) / 1000;
    });
    const peakRssMb = process.resourceUsage().maxRSS / 1000;
    const peakHeapMb = memory.stop().heapUsedMb;

    progress(`fetch-only baseline of ${size}`);
    let fetched = 0;
    const fetchS =
      (await timed(async () => {
        fetched = await fetchOnly(central.url, data.token, undefined, pageSize);
      })) / 1000;
    if (downloaded !== fetched)
      throw new Error(`downloaded ${downloaded} tickets, the server has ${fetched}`);
    const floors: Record<DownloadFloor, number> = { ticket: 0, format: 0 };
    // Closed meanwhile: the journal's compactions of the download would take the floors' CPU.
    await journal.close();
    for (const floor of downloadFloors) {
      progress(`the ${floor} floor under a download of ${size}`);
      const floorDir = join(kioskDir, `download-floor-${floor}`);
      const run = await downloadFloorProcess(floor, central.url, data.token, pageSize, floorDir);
      await rm(floorDir, { recursive: true, force: true });
      if (run.tickets !== fetched)
        throw new Error(`the ${floor} floor stored ${run.tickets} of ${fetched} tickets`);
      floors[floor] = run.seconds;
    }
    await journal.open();
    const conditions = `${size} in pages of ${pageSize} from the central service's process on loopback`;
    const downloadFigure = `first_download_${sizeName(data.tickets)}_s`;
    figures[downloadFigure] = figure(
      downloadS,
      { name: "fetch_only_s", value: fetchS },
      `${conditions}; baseline: the same pages fetched and parsed, not validated or stored`,
      { max: 30 },
    );
    for (const floor of downloadFloors) {
      figures[`first_download_${sizeName(data.tickets)}_${floor}_floor_s`] = figure(
        floors[floor],
        { name: downloadFigure, value: downloadS },
        `${conditions}; ${floorWrites[floor]}, one unsynced batch a page, the next page fetched meanwhile, nothing checked (bench/downloadFloor.ts)`,
      );
    }
    figures.first_download_peak_rss_mb = figure(
      peakRssMb,
      { name: "rss_before_download_mb", value: before.rss / 1e6 },
      `${conditions}; the kiosk-side process's peak resident memory`,
      { max: 150 },
    );
    figures.first_download_peak_heap_mb = figure(
      peakHeapMb,
      { name: "heap_before_download_mb", value: before.heapUsed / 1e6 },
      `${conditions}; the JavaScript heap's part of that peak, sampled every 50 ms`,
    );
    figures.first_download_event_loop_p99_ms = figure(
      loopDelayMs,
      { name: "idle_event_loop_p99_ms", value: idleDelayMs },
      `${conditions}; how late a 10 ms timer fires meanwhile (the UI's loop)`,
      { max: 50 },
    );
    progress(
      `downloaded in ${downloadS.toFixed(1)} s (fetch only ${fetchS.toFixed(1)} s, floors ${floors.ticket.toFixed(1)} and ${floors.format.toFixed(1)} s), peak RSS ${peakRssMb.toFixed(0)} MB`,
    );

    const changes = Math.min(10_000, Math.floor(data.tickets / 10));
    const orders = changedOrders(data.tickets, changes / 2);
    const cursorBefore = journal.ticketCache.cursor();
    const imported = await withCentralAdmin(
      { kind: "level", dataDir: data.centralDir },
      silentLogger,
      (admin) => admin.importText(JSON.stringify(changeDocument(orders, new Date())), "json"),
    );
    if (!imported.ok)
      throw new Error(`the change import was refused: ${JSON.stringify(imported.problems[0])}`);
    progress(`${imported.summary.tickets.updated} tickets changed at the central service`);
    let changed = 0;
    const changesS =
      (await timed(async () => {
        changed = (await syncPass(kioskSync(journal, central.url, data.token))).downloaded;
      })) / 1000;
    const changesFetchS =
      (await timed(() => fetchOnly(central.url, data.token, cursorBefore, pageSize))) / 1000;
    figures.changes_download_s = figure(
      changesS,
      { name: "fetch_only_s", value: changesFetchS },
      `${changed.toLocaleString("en")} changed tickets after the first download of ${size}`,
      { max: 2 },
    );

    const lookups = options.quick ? 200 : 10_000;
    const codes = randomIndices(data.tickets, lookups).map(ticketCode);
    const lookupMs: number[] = [];
    for (const code of codes) {
      const startedAt = performance.now();
      const ticket = await journal.ticketCache.getTicket(code);
      lookupMs.push(performance.now() - startedAt);
      if (ticket === undefined) throw new Error(`ticket ${code} is not in the cache`);
    }

    const searches = options.quick ? 10 : 200;
    const pageRead: number[] = [];
    const searchMs: Record<"phone" | "order" | "name", number[]> = { phone: [], order: [], name: [] };
    for (let n = 0; n < searches; n += 1) {
      const order = Math.floor(Math.random() * Math.floor(data.tickets / 2));
      const customer = customerOf(order);
      const queries: Record<keyof typeof searchMs, TicketQuery> = {
        phone: { phoneDigits: customer.phone.slice(-4), page: 0, pageSize: searchPageSize },
        order: { orderNumber: orderNumber(order).slice(0, -1), page: 0, pageSize: searchPageSize },
        name: { customerName: customer.name, page: 0, pageSize: searchPageSize },
      };
      for (const kind of ["phone", "order", "name"] as const) {
        const startedAt = performance.now();
        const page = await searchTickets(journal.ticketCache, journal, queries[kind]);
        searchMs[kind].push(performance.now() - startedAt);
        if (page.rows.length === 0) throw new Error(`no ticket found by ${kind} for order ${order}`);
      }
      const pageCodes = randomIndices(data.tickets, searchPageSize).map(ticketCode);
      pageRead.push(await timed(() => journal.ticketCache.getTickets(pageCodes)));
    }
    await journal.close();

    const raw = new Level<string, string>(journalDir, { valueEncoding: "utf8" });
    const rawTickets = raw.sublevel<string, string>("tickets", { valueEncoding: "utf8" });
    const rawMs: number[] = [];
    for (const code of codes) {
      const startedAt = performance.now();
      const value = await rawTickets.get(code);
      rawMs.push(performance.now() - startedAt);
      if (value === undefined) throw new Error(`raw get found no ${code}`);
    }
    await raw.close();

    progress(`an idle kiosk with the cache of ${size}`);
    const idleMs = options.quick ? 1000 : 10_000;
    const idleRssMb = await idleKioskPeakRssMb({
      dataDir: kioskDir,
      centralUrl: central.url,
      token: data.token,
      idleMs,
    });
    figures.idle_peak_rss_mb = figure(
      idleRssMb,
      { name: "bare_node_peak_rss_mb", value: await bareNodePeakRssMb() },
      `ticket-kiosk run with the cache of ${size}, no scanner, printer or screen, idle ${idleMs / 1000} s after ready; the process's peak resident memory (VmHWM)`,
      { max: 120 },
    );

    const lookup = summarise(lookupMs);
    const rawLookup = summarise(rawMs);
    const lookupConditions = `${lookups.toLocaleString("en")} random codes in a cache of ${size}`;
    figures.lookup_p50_ms = figure(
      lookup.p50,
      { name: "raw_level_get_p50_ms", value: rawLookup.p50 },
      lookupConditions,
    );
    figures.lookup_p99_ms = figure(
      lookup.p99,
      { name: "raw_level_get_p99_ms", value: rawLookup.p99 },
      lookupConditions,
      { max: 1 },
    );
    const pageBaseline = summarise(pageRead);
    const searchConditions = {
      phone: "the last 4 digits of a customer's phone",
      order: "an order number without its last digit (10 orders)",
      name: "a customer's whole name (a few thousand tickets share each)",
    };
    for (const kind of ["phone", "order", "name"] as const) {
      const search = summarise(searchMs[kind]);
      const conditions = `${searches} searches by ${searchConditions[kind]}, first page of ${searchPageSize}, cache of ${size}`;
      figures[`search_${kind}_p50_ms`] = figure(
        search.p50,
        { name: "page_read_p50_ms", value: pageBaseline.p50 },
        conditions,
      );
      figures[`search_${kind}_p99_ms`] = figure(
        search.p99,
        { name: "page_read_p99_ms", value: pageBaseline.p99 },
        conditions,
        { max: 50 },
      );
    }
    if (!separate) await data.markJournal();
    return figures;
  } finally {
    await journal.close();
    await central.stop();
    if (separate) await rm(kioskDir, { recursive: true, force: true });
    await data.release();
  }
});
