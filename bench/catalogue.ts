/**
 * The benchmark catalogue: any number of tickets, made deterministically from their index, so a
 * benchmark can pick a redeemable ticket, a customer's phone or an order number without reading
 * the data back. Tickets come in orders of two (one customer each); codes look like real ones
 * (`7KQ2-M9XT-B4AR`) and are unique because their first seven characters are a bijection of the
 * index; about one in twenty tickets is expired, voided, refunded or used up, as in a live shop.
 *
 * The data goes in through the stores' own APIs — the central `Ledger` import in chunks, and the
 * kiosk journal's `storeTicketPage` fed from the central store's change index, as a download would
 * — not through one giant import file, which would need the whole catalogue in memory at once.
 */

import type { ImportDocument, ImportTicket } from "../central/importDocument.js";
import { Ledger } from "../central/ledger.js";
import { LevelLedgerStore } from "../central/store/levelLedgerStore.js";
import { centralDbPath, ledgerStoreAt, type StoreLocation } from "../central/store/storeLocation.js";
import { LevelJournal } from "../device/levelJournal.js";
import { silentLogger } from "../device/logger.js";

export const benchStore = { id: "store-a", name: "台北信義店" } as const;
const otherStore = { id: "store-b", name: "台中公益店" } as const;

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const surnames = [..."陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高"];
const givenNames = [
  "怡君",
  "志豪",
  "雅婷",
  "家豪",
  "淑芬",
  "冠宇",
  "佳穎",
  "俊傑",
  "美玲",
  "宗翰",
  "詩涵",
  "承恩",
];
const products = [
  { name: "深層按摩 60 分鐘券", units: 1 },
  { name: "精油舒壓 90 分鐘券", units: 1 },
  { name: "瑜珈團體課 5 堂券", units: 5 },
  { name: "皮拉提斯 10 堂券", units: 10 },
  { name: "海景自助餐平日午餐券", units: 1 },
  { name: "海景自助餐假日晚餐券", units: 2 },
  { name: "主題樂園一日票", units: 1 },
  { name: "親子游泳池 6 次券", units: 6 },
  { name: "手沖咖啡兌換券", units: 3 },
  { name: "電影雙人套票", units: 2 },
] as const;
const dayMs = 86_400_000;

/** A 32-bit integer hash (splitmix-style finaliser): the catalogue's only source of "randomness". */
function mix(value: number): number {
  let x = (value ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Base 32, most significant digit first, padded to `digits`. */
function base32(value: number, digits: number): string {
  let out = "";
  let rest = value;
  for (let i = 0; i < digits; i += 1) {
    out = (crockford[rest % 32] ?? "0") + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** The code of ticket `index`: an odd multiplier mod 2^32 is a bijection, so codes never collide. */
export function ticketCode(index: number): string {
  const unique = base32(Math.imul(index, 0x2545f491) >>> 0, 7);
  const tail = base32(mix(index) % 32 ** 5, 5);
  return `${unique.slice(0, 4)}-${unique.slice(4)}${tail.slice(0, 1)}-${tail.slice(1)}`;
}

export function orderNumber(orderIndex: number): string {
  return `#${10_000_000 + orderIndex}`;
}

export function customerOf(orderIndex: number): { name: string; phone: string } {
  const h = mix(orderIndex + 0x51f15e);
  const surname = surnames[h % surnames.length] ?? "陳";
  const given = givenNames[(h >>> 8) % givenNames.length] ?? "怡君";
  return { name: `${surname}${given}`, phone: `09${String(mix(orderIndex) % 100_000_000).padStart(8, "0")}` };
}

/** What a ticket is, in the terms of the kiosk's rules, so benchmarks can pick the kind they need. */
export type TicketKind = "redeemable" | "expired" | "voided" | "refunded" | "used_up";

export function ticketKind(index: number): TicketKind {
  const roll = mix(index + 0x7a11) % 100;
  if (roll < 95) return "redeemable";
  return (["expired", "voided", "refunded", "used_up", "used_up"] as const)[roll - 95] ?? "used_up";
}

/** The ticket as an import file carries it, valid around `now`. */
export function importTicket(index: number, now: Date): ImportTicket {
  const h = mix(index + 0x3c6e);
  const product = products[h % products.length] ?? products[0];
  const kind = ticketKind(index);
  const totalUnits = product.units;
  const from = now.getTime() - (30 + (h % 60)) * dayMs;
  const until = kind === "expired" ? now.getTime() - dayMs : now.getTime() + (180 + (h % 180)) * dayMs;
  return {
    code: ticketCode(index),
    productName: product.name,
    totalUnits,
    redeemedUnits: kind === "used_up" ? totalUnits : 0,
    validFrom: new Date(from).toISOString(),
    validUntil: new Date(until).toISOString(),
    status: kind === "voided" ? "voided" : kind === "refunded" ? "refunded" : "active",
    storeIds: [benchStore.id],
  };
}

/** Tickets `[start, end)` as one import document: orders of two tickets, plus the stores. */
export function catalogueChunk(start: number, end: number, now: Date): ImportDocument {
  const orders: ImportDocument["orders"] = [];
  for (let orderIndex = Math.floor(start / 2); orderIndex * 2 < end; orderIndex += 1) {
    const first = Math.max(start, orderIndex * 2);
    const last = Math.min(end, orderIndex * 2 + 2);
    const tickets: ImportTicket[] = [];
    for (let index = first; index < last; index += 1) tickets.push(importTicket(index, now));
    orders.push({
      orderNumber: orderNumber(orderIndex),
      createdAt: new Date(now.getTime() - (40 + (mix(orderIndex) % 300)) * dayMs).toISOString(),
      customer: customerOf(orderIndex),
      tickets,
    });
  }
  return { stores: [benchStore, otherStore], clerks: [], orders };
}

/**
 * `count` distinct indices of redeemable tickets below `tickets`, spread over the whole catalogue,
 * all in `lane` of `lanes` (index mod lanes): benchmarks that redeem on shared data take different
 * lanes, so none finds a ticket another one used up.
 */
export function redeemableIndices(tickets: number, count: number, lane: number, lanes: number): number[] {
  const slots = Math.floor((tickets - lane - 1) / lanes) + 1;
  const picked = new Set<number>();
  for (let n = 0; picked.size < count && n < slots * 20; n += 1) {
    const index = (mix(n * 7919 + lane) % slots) * lanes + lane;
    if (ticketKind(index) === "redeemable") picked.add(index);
  }
  if (picked.size < count) throw new Error(`only ${picked.size} redeemable tickets in lane ${lane}`);
  return [...picked];
}

/** The lanes of the shared data (`npm run bench`): scans, and the central service's load test. */
export const sharedLanes = { count: 2, scan: 0, load: 1 } as const;

const importChunk = 5000;

export interface CentralFill {
  /** Device tokens, one per device id asked for. */
  readonly tokens: Readonly<Record<string, string>>;
}

/**
 * Imports tickets `[0, tickets)` into a central service's store (a data directory, or a
 * PostgreSQL database), in chunks, and issues a device token of the bench store for each device
 * id. A LevelDB service must not be running.
 */
export async function fillCentral(
  where: string | StoreLocation,
  tickets: number,
  deviceIds: readonly string[],
  now: Date,
  progress: (done: number) => void = () => {},
  chunkOf: (start: number, end: number, now: Date) => ImportDocument = catalogueChunk,
): Promise<CentralFill> {
  const store = await ledgerStoreAt(typeof where === "string" ? { kind: "level", dataDir: where } : where);
  await store.open();
  try {
    const ledger = new Ledger({ store, logger: silentLogger, now: () => new Date(), voidWindowHours: 24 });
    for (let start = 0; start < tickets; start += importChunk) {
      const outcome = await ledger.importDocument(
        chunkOf(start, Math.min(tickets, start + importChunk), now),
      );
      if (!outcome.ok) throw new Error(`catalogue chunk refused: ${JSON.stringify(outcome.problems[0])}`);
      progress(Math.min(tickets, start + importChunk));
    }
    // All at once, so their durable writes share group commits (a fleet of 500 kiosks).
    const issued = await Promise.all(deviceIds.map((deviceId) => ledger.issueToken(deviceId, benchStore.id)));
    const tokens: Record<string, string> = {};
    deviceIds.forEach((deviceId, index) => {
      const outcome = issued[index];
      if (outcome === undefined || !outcome.ok) throw new Error("the bench store is missing");
      tokens[deviceId] = outcome.token;
    });
    return { tokens };
  } finally {
    await store.close();
  }
}

/** The page size of the kiosk's own download (sync/syncLoop.ts), so the journal sees the same batches. */
const journalPage = 2000;

/**
 * Copies the bench store's tickets from a central data directory into a kiosk journal, page by
 * page with the cursor after each page, exactly as a first download leaves them. Neither may be
 * open elsewhere. Returns how many tickets were stored.
 */
export async function fillJournal(
  centralDir: string,
  journalDir: string,
  progress: (done: number) => void = () => {},
): Promise<number> {
  const store = new LevelLedgerStore(centralDbPath(centralDir));
  const journal = new LevelJournal(journalDir);
  await store.open();
  await journal.open();
  try {
    let after = 0;
    let stored = 0;
    for (;;) {
      const page = await store.ticketsOfStoreSince(benchStore.id, after, journalPage);
      await journal.ticketCache.storeTicketPage(
        page.tickets,
        String(page.lastRev),
        !page.hasMore,
        new Date(),
      );
      stored += page.tickets.length;
      after = page.lastRev;
      progress(stored);
      if (!page.hasMore) return stored;
    }
  } finally {
    await journal.close();
    await store.close();
  }
}
