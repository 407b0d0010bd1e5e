/**
 * The ticket cache (ticketCache.ts) in the journal's LevelDB (levelStore.ts). Its own writes are
 * lazy (not synced): everything here is a copy of the central service's, and its cursors live in
 * its own sublevel, so whatever part of it is lost is downloaded again. The journal writes the
 * tickets a verdict carried with `writeTickets`, inside the verdict's own durable batch.
 */

import type { Ticket } from "./domain.js";
import type { Durability, LevelStore, StoreOperation, Sublevel } from "./levelStore.js";
import { codeHash, type OtherStoreCodesPage } from "./ports/wire.js";
import type { TicketCache } from "./ticketCache.js";
import { TicketSnapshot } from "./ticketSnapshot.js";
import { WrittenKeys } from "./writtenKeys.js";

interface Download {
  cursor?: string;
  snapshotAtMs?: number;
}

interface OtherStores {
  cursor?: string;
  /** Store id → name, as the last page listed them. */
  names?: Record<string, string>;
}

/** Tickets of a downloaded page per batch: building one (~1,500 operations) holds the event loop briefly. */
const pageSliceSize = 250;

export class LevelTicketCache implements TicketCache {
  private download: Download = {};
  private otherStores: OtherStores = {};
  private rebuiltFrom: number | undefined;
  /** The ticket writes, one at a time (`writeTickets`). */
  private lane: Promise<unknown> = Promise.resolve();
  /**
   * Every key of the snapshot written since a first download began on an empty cache, until that
   * download completes: its writes skip reading copies the cache never held (`storeTicketPage`).
   */
  private written: WrittenKeys | undefined;

  constructor(private readonly store: LevelStore) {}

  /** Reads the cursors; the journal calls it once the database is open. */
  async load(): Promise<void> {
    const [download, otherStores] = await this.store.sub("cacheMeta").getMany(["download", "otherStores"]);
    this.download = (download as Download | undefined) ?? {};
    this.otherStores = (otherStores as OtherStores | undefined) ?? {};
    await this.moveCursorsFromMeta();
  }

  /**
   * Journals written before the cache had its own sublevel keep its cursors in `meta`: moved over
   * once, so an upgraded kiosk keeps its snapshot time (the offline policy needs it) and does not
   * download everything again.
   */
  private async moveCursorsFromMeta(): Promise<void> {
    const [download, otherStores] = await this.store.sub("meta").getMany(["download", "otherStores"]);
    if (download === undefined && otherStores === undefined) return;
    this.download = (download as Download | undefined) ?? this.download;
    this.otherStores = (otherStores as OtherStores | undefined) ?? this.otherStores;
    await this.store.batch(
      [
        this.store.put("cacheMeta", "download", this.download),
        this.store.put("cacheMeta", "otherStores", this.otherStores),
        this.store.del("meta", "download"),
        this.store.del("meta", "otherStores"),
      ],
      "lazy",
    );
  }

  /**
   * A journal of an older format (levelJournal.ts `journalFormat` 2 or older) indexed the cache
   * per ticket: its index is dropped and its download cursor forgotten, so the next sync downloads
   * every ticket again and indexes it per order (a first download, with its progress on the status
   * screen). Its tickets stay, readable in either encoding (ticketCodec.ts): a kiosk offline
   * meanwhile still looks up and redeems them, and its snapshot time still says how old they are;
   * only 進階搜尋 by order, phone, name, product or date finds nothing until the download ends.
   */
  async startRebuild(fromFormat: number): Promise<void> {
    await this.load();
    await this.store.sub("ticketIndex").clear();
    if (this.download.cursor === undefined) return;
    const kept: Download =
      this.download.snapshotAtMs === undefined ? {} : { snapshotAtMs: this.download.snapshotAtMs };
    await this.store.batch([this.store.put("cacheMeta", "download", kept)], "lazy");
    this.download = kept;
    this.rebuiltFrom = fromFormat;
  }

  /** The journal format whose cache this start began to rebuild (`startRebuild`); else undefined. */
  rebuildingFrom(): number | undefined {
    return this.rebuiltFrom;
  }

  /**
   * Writes these tickets, with `alongside` (the journal's verdict, say) in the same batch. A batch's
   * ticket writes are built from the copies they replace (ticketSnapshot.ts keeps the newer), so two
   * whose reads and writes interleaved could put an older copy back: a download page read before an
   * online verdict's ticket was written, and written after it, would give a unit back locally that
   * the server counted. They run one at a time.
   */
  writeTickets(
    tickets: readonly Ticket[],
    alongside: readonly StoreOperation[],
    durability: Durability,
  ): Promise<void> {
    if (tickets.length === 0) return this.store.batch(alongside, durability);
    return this.inLane(async () => {
      const operations = await this.snapshot().operations(tickets, this.written);
      await this.store.batch([...alongside, ...operations], durability);
    });
  }

  private inLane(work: () => Promise<void>): Promise<void> {
    const step = this.lane.then(work);
    this.lane = step.catch(() => undefined);
    return step;
  }

  getTicket(code: string): Promise<Ticket | undefined> {
    return this.snapshot().get(code);
  }

  getTickets(codes: readonly string[]): Promise<(Ticket | undefined)[]> {
    return this.snapshot().getMany(codes);
  }

  indexedCodes(range: { gte: string; lt: string; reverse?: boolean }): AsyncIterable<string> {
    return this.snapshot().codes(range);
  }

  ticketsFrom(prefix: string): AsyncIterable<Ticket> {
    return this.snapshot().from(prefix);
  }

  productNames(): Promise<string[]> {
    return this.snapshot().productNames();
  }

  cacheTickets(tickets: readonly Ticket[]): Promise<void> {
    return this.writeTickets(tickets, [], "lazy");
  }

  /**
   * A page is written a slice at a time, so its encoding never holds the event loop (the screen)
   * for long; the cursor goes in the last slice's batch. The slices are written in order, so after a
   * crash the stored cursor is still the one that came with every ticket stored before it; slices of
   * a page whose cursor was lost are downloaded again, and storing a ticket twice changes nothing.
   *
   * The first page of a first download into a cache that holds no ticket starts `written`: reading
   * the copies a million tickets replace, when there are none, was a third of the download
   * (docs/performance.md, "First download, third round"). Checked in the lane, so no write comes
   * between the check and the keys being counted; a download cut off and started again in another
   * process reads every copy, as before.
   */
  async storeTicketPage(
    tickets: readonly Ticket[],
    cursor: string,
    complete: boolean,
    at: Date,
  ): Promise<void> {
    if (this.download.cursor === undefined && this.written === undefined) {
      await this.inLane(async () => {
        if (await this.holdsNoTicket()) this.written = new WrittenKeys();
      });
    }
    let rest = tickets;
    for (; rest.length > pageSliceSize; rest = rest.slice(pageSliceSize))
      await this.writeTickets(rest.slice(0, pageSliceSize), [], "lazy");
    const download = { ...this.download, cursor, ...(complete ? { snapshotAtMs: at.getTime() } : {}) };
    await this.writeTickets(rest, [this.store.put("cacheMeta", "download", download)], "lazy");
    this.download = download;
    if (complete) this.written = undefined;
  }

  private async holdsNoTicket(): Promise<boolean> {
    for (const name of ["tickets", "ticketIndex"] as const)
      for await (const _ of this.store.sub(name).keys({ limit: 1 })) return false;
    return true;
  }

  cursor(): string | undefined {
    return this.download.cursor;
  }

  snapshotAtMs(): number | undefined {
    return this.download.snapshotAtMs;
  }

  /** One batch, the cursor with the codes it came with (a cache: a lost page is fetched again). */
  async storeOtherStoreCodes(page: OtherStoreCodesPage): Promise<void> {
    const otherStores = {
      cursor: page.cursor,
      names: Object.fromEntries(page.stores.map((store) => [store.id, store.name])),
    };
    await this.store.batch(
      [
        ...page.codes.map((code) => this.store.put("otherStores", code.hash, code.storeIds)),
        this.store.put("cacheMeta", "otherStores", otherStores),
      ],
      "lazy",
    );
    this.otherStores = otherStores;
  }

  otherStoreCursor(): string | undefined {
    return this.otherStores.cursor;
  }

  async otherStoresOf(code: string): Promise<string[] | undefined> {
    const storeIds = (await this.store.sub("otherStores").get(codeHash(code))) as string[] | undefined;
    if (storeIds === undefined || storeIds.length === 0) return undefined;
    return storeIds.map((id) => this.otherStores.names?.[id] || id);
  }

  /** Built on each call: it holds only the sublevels, which exist while the database is open. */
  private snapshot(): TicketSnapshot<Sublevel> {
    return new TicketSnapshot(
      this.store.sub("tickets"),
      this.store.sub("ticketIndex"),
      this.store.sub("products"),
    );
  }
}
