/**
 * The ticket cache port: the kiosk's copy of its store's tickets (the snapshot), their search index,
 * the download cursor, and other stores' ticket codes (hashed). All of it is a copy of what the
 * central service holds, so losing it loses nothing: with its cursor gone the next sync downloads
 * everything again (docs/reliability.md, "What each store may lose"). Its writes need no fsync.
 * Its lifetime is the journal's: it lives in the journal's database (levelStore.ts), so that a
 * decision can store the server's ticket in the same batch as its verdict.
 */

import type { Ticket } from "./domain.js";
import type { OtherStoreCodesPage } from "./ports/wire.js";

export interface TicketCache {
  getTicket(code: string): Promise<Ticket | undefined>;
  getTickets(codes: readonly string[]): Promise<(Ticket | undefined)[]>;
  /** The codes of the tickets the index keys in a range lead to (see ticketIndex.ts), in key order. */
  indexedCodes(range: { gte: string; lt: string; reverse?: boolean }): AsyncIterable<string>;
  /** Tickets whose code starts with a prefix, in code order. */
  ticketsFrom(prefix: string): AsyncIterable<Ticket>;
  /** Every product name in the snapshot. */
  productNames(): Promise<string[]>;
  /** Caches tickets fetched one by one (kept only when newer than the cached copy). */
  cacheTickets(tickets: readonly Ticket[]): Promise<void>;
  /**
   * Stores downloaded tickets and the cursor after them; the cursor is never on disk before its
   * tickets (a page stored in part is fetched and stored again).
   */
  storeTicketPage(tickets: readonly Ticket[], cursor: string, complete: boolean, at: Date): Promise<void>;
  /** Where the next download starts; undefined: from the beginning (first start, or a lost cache). */
  cursor(): string | undefined;
  /**
   * The format of the store whose cache this start found in an older layout and began to rebuild
   * by downloading every ticket again; undefined when there was nothing to rebuild.
   */
  rebuildingFrom(): number | undefined;
  /** When the snapshot was last brought fully up to date, ms since the epoch. */
  snapshotAtMs(): number | undefined;
  /**
   * Other stores' ticket codes, hashed, with the stores they are for (device/ports/wire.ts), so a kiosk
   * offline can still say where another store's ticket may be used (issue 11).
   */
  storeOtherStoreCodes(page: OtherStoreCodesPage): Promise<void>;
  otherStoreCursor(): string | undefined;
  /** The names of the stores a code is for, when it is another store's ticket; else undefined. */
  otherStoresOf(code: string): Promise<string[] | undefined>;
}
