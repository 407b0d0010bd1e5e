/**
 * The floors under a first download (issue 16: 1,000,000 tickets ≤ 30 s): every page fetched from
 * the same central service as the kiosk's download, the next page asked for while this one is
 * written (as the sync loop does), each written into a fresh journal's LevelDB (device/levelStore.ts,
 * the kiosk's options) in one batch, not synced (the cache's pages are not either). Two floors:
 * - `ticket`: each ticket under its code in the cache's compact encoding (device/ticketCodec.ts),
 *   one key a ticket: the least any local store of the tickets could write;
 * - `format`: that and the keys of the cache's search index (device/ticketIndex.ts: each order's
 *   list and search keys), written as they come, with no read before.
 * Left out of both: the check of each ticket, the reads of copies a download may replace, the
 * filter of written keys, the product counts and the download's cursor. What the download takes
 * above `format` is the kiosk's own work; `format` is the cache's format, and `ticket` the fetch,
 * the parse and LevelDB's, on the same cores as the central service.
 *
 * Each floor runs in a process of its own with the kiosk's Node flags (kioskNodeFlags.ts): LevelDB
 * runs the compactions of every database a process has open on one background thread, so a floor
 * written beside the download's journal waits behind that journal's compactions (measured: 44 and
 * 60 s where a process of its own took 38 and 50 s; docs/performance.md, "First download, fifth
 * round").
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { Ticket } from "../device/domain.js";
import { LevelStore, type StoreOperation } from "../device/levelStore.js";
import { encodeTicket } from "../device/ticketCodec.js";
import { orderKey, searchKeys } from "../device/ticketIndex.js";
import { kioskNodeFlags } from "./kioskNodeFlags.js";
import { fetchTicketsPage } from "./kioskSide.js";
import { timed } from "./stats.js";

export const downloadFloors = ["ticket", "format"] as const;
export type DownloadFloor = (typeof downloadFloors)[number];

/** What each floor writes, as a figure's conditions say it. */
export const floorWrites: Record<DownloadFloor, string> = {
  ticket: "the least any local store writes: each ticket under its code, compact",
  format: "the cache's own keys (each ticket, its order's list and search keys), none read first",
};

export interface FloorRun {
  readonly seconds: number;
  readonly tickets: number;
}

const script = fileURLToPath(import.meta.url);

/** `downloadFloor` in a new process with the kiosk's flags; resolves with its time and count. */
export async function downloadFloorProcess(
  floor: DownloadFloor,
  url: string,
  token: string,
  limit: number,
  dir: string,
): Promise<FloorRun> {
  const child = spawn(process.execPath, [...kioskNodeFlags, script, floor, url, String(limit), dir], {
    env: { ...process.env, BENCH_TOKEN: token },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the ${floor} floor's process exited with ${code}`);
  return JSON.parse(output) as FloorRun;
}

/** Downloads every ticket into a new journal at `dir`, as `floor` says; returns how many came. */
export async function downloadFloor(
  floor: DownloadFloor,
  url: string,
  token: string,
  limit: number,
  dir: string,
): Promise<number> {
  const store = new LevelStore(dir, { sync: false });
  await store.open();
  try {
    let stored = 0;
    let next = fetchTicketsPage(url, token, undefined, limit);
    for (;;) {
      const page = await next;
      if (page.hasMore) next = fetchTicketsPage(url, token, page.cursor, limit);
      const tickets = page.tickets as Ticket[];
      await store.batch(
        floor === "ticket" ? ticketWrites(store, tickets) : formatWrites(store, tickets),
        "lazy",
      );
      stored += tickets.length;
      if (!page.hasMore) return stored;
    }
  } finally {
    await store.close();
  }
}

function ticketWrites(store: LevelStore, tickets: readonly Ticket[]): StoreOperation[] {
  return tickets.map((ticket) => store.put("tickets", ticket.code, encodeTicket(ticket)));
}

function formatWrites(store: LevelStore, tickets: readonly Ticket[]): StoreOperation[] {
  const orders = new Map<string, { codes: string[]; keys: Set<string> }>();
  for (const ticket of tickets) {
    const order = orders.get(ticket.orderNumber) ?? { codes: [], keys: new Set() };
    order.codes.push(ticket.code);
    for (const key of searchKeys(ticket)) order.keys.add(key);
    orders.set(ticket.orderNumber, order);
  }
  const operations = ticketWrites(store, tickets);
  for (const [number, { codes, keys }] of orders) {
    operations.push(store.put("ticketIndex", orderKey(number), codes.sort()));
    for (const key of keys) operations.push(store.put("ticketIndex", key, ""));
  }
  return operations;
}

if (process.argv[1] === script) {
  const [floor, url = "", limit, dir = ""] = process.argv.slice(2);
  if (!downloadFloors.includes(floor as DownloadFloor)) throw new Error(`no floor named ${floor}`);
  let tickets = 0;
  const ms = await timed(async () => {
    tickets = await downloadFloor(
      floor as DownloadFloor,
      url,
      process.env.BENCH_TOKEN ?? "",
      Number(limit),
      dir,
    );
  });
  process.stdout.write(JSON.stringify({ seconds: ms / 1000, tickets } satisfies FloorRun));
}
