/**
 * The local copy of the tickets (the snapshot) with its search index, the ticket cache's part of the
 * journal's LevelDB (levelStore.ts). The cache (levelTicketCache.ts) runs the operations built here
 * in its own batches, and the journal in a verdict's, so a ticket, its index keys and the
 * redemption whose answer carried it are written together. The snapshot is rebuildable from the
 * central service: its own writes need no fsync.
 */
import type { Ticket } from "./domain.js";
import { indexKeys } from "./ticketIndex.js";

/** What the snapshot needs of a LevelDB sublevel (with JSON values). */
export interface SnapshotSublevel {
  get(key: string): Promise<unknown>;
  getMany(keys: string[]): Promise<unknown[]>;
  keys(options: { gte: string; lt: string; limit?: number; reverse?: boolean }): AsyncIterable<string>;
  values(options: { gte: string; lt: string }): AsyncIterable<unknown>;
  iterator(): AsyncIterable<[string, unknown]>;
}

export type Operation<S> =
  | { readonly type: "put"; readonly sublevel: S; readonly key: string; readonly value: unknown }
  | { readonly type: "del"; readonly sublevel: S; readonly key: string };

/** Keeps the newer of two snapshots of one ticket; the server makes `updatedAt` strictly increasing. */
function isNewer(incoming: Ticket, cached: Ticket | undefined): boolean {
  return cached === undefined || Date.parse(incoming.updatedAt) >= Date.parse(cached.updatedAt);
}

export class TicketSnapshot<S extends SnapshotSublevel> {
  constructor(
    private readonly tickets: S,
    private readonly index: S,
    private readonly products: S,
  ) {}

  get(code: string): Promise<Ticket | undefined> {
    return this.tickets.get(code) as Promise<Ticket | undefined>;
  }

  getMany(codes: readonly string[]): Promise<(Ticket | undefined)[]> {
    return codes.length === 0
      ? Promise.resolve([])
      : (this.tickets.getMany([...codes]) as Promise<(Ticket | undefined)[]>);
  }

  async *keys(range: { gte: string; lt: string; limit?: number; reverse?: boolean }): AsyncIterable<string> {
    for await (const key of this.index.keys(range)) yield key;
  }

  async *from(prefix: string): AsyncIterable<Ticket> {
    for await (const ticket of this.tickets.values({ gte: prefix, lt: `${prefix}\uffff` }))
      yield ticket as Ticket;
  }

  async productNames(): Promise<string[]> {
    const names: string[] = [];
    for await (const [name, count] of this.products.iterator()) if (Number(count) > 0) names.push(name);
    return names;
  }

  /**
   * The writes that bring the snapshot up to these tickets: each ticket newer than the cached copy,
   * its index keys (the old copy's stale keys removed), and the product counts.
   */
  async operations(incoming: readonly Ticket[]): Promise<Operation<S>[]> {
    const latest = newestByCode(incoming);
    const codes = [...latest.keys()];
    const cached = await this.getMany(codes);
    const operations: Operation<S>[] = [];
    const productDelta = new Map<string, number>();
    codes.forEach((code, i) => {
      const ticket = latest.get(code);
      if (ticket !== undefined) this.ticketWrites(ticket, cached[i], operations, productDelta);
    });
    operations.push(...(await this.productWrites(productDelta)));
    return operations;
  }

  /** Appends the writes of one ticket (none when the cached copy is as new) to `operations`. */
  private ticketWrites(
    ticket: Ticket,
    old: Ticket | undefined,
    operations: Operation<S>[],
    productDelta: Map<string, number>,
  ): void {
    if (!isNewer(ticket, old)) return;
    operations.push({ type: "put", sublevel: this.tickets, key: ticket.code, value: ticket });
    const keys = indexKeys(ticket);
    if (old === undefined) {
      // A ticket new to the snapshot (every one of a first download) has no stale keys to compare.
      for (const fresh of keys) operations.push({ type: "put", sublevel: this.index, key: fresh, value: "" });
      addTo(productDelta, ticket.productName, 1);
      return;
    }
    const current = new Set(keys);
    const had = new Set(indexKeys(old));
    for (const stale of had)
      if (!current.has(stale)) operations.push({ type: "del", sublevel: this.index, key: stale });
    for (const fresh of keys)
      if (!had.has(fresh)) operations.push({ type: "put", sublevel: this.index, key: fresh, value: "" });
    if (old.productName !== ticket.productName) {
      addTo(productDelta, ticket.productName, 1);
      addTo(productDelta, old.productName, -1);
    }
  }

  private async productWrites(productDelta: ReadonlyMap<string, number>): Promise<Operation<S>[]> {
    const names = [...productDelta.keys()];
    const counts = names.length === 0 ? [] : await this.products.getMany(names);
    return names.map((name, i) => ({
      type: "put" as const,
      sublevel: this.products,
      key: name,
      value: Math.max(0, Number(counts[i] ?? 0) + (productDelta.get(name) ?? 0)),
    }));
  }
}

function addTo(counts: Map<string, number>, name: string, delta: number): void {
  counts.set(name, (counts.get(name) ?? 0) + delta);
}

/** The newest copy of each ticket among these (a page may carry one ticket twice). */
function newestByCode(incoming: readonly Ticket[]): Map<string, Ticket> {
  const latest = new Map<string, Ticket>();
  for (const ticket of incoming) {
    const seen = latest.get(ticket.code);
    if (seen === undefined || isNewer(ticket, seen)) latest.set(ticket.code, ticket);
  }
  return latest;
}
