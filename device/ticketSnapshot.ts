/**
 * The local copy of the tickets (the snapshot) with its search index, the ticket cache's part of the
 * journal's LevelDB (levelStore.ts). Tickets are stored compact (ticketCodec.ts), the index per
 * order (ticketIndex.ts). The cache (levelTicketCache.ts) runs the operations built here in its own
 * batches, and the journal in a verdict's, so a ticket, its index keys and the redemption whose
 * answer carried it are written together. The snapshot is rebuildable from the central service:
 * its own writes need no fsync.
 */
import type { Ticket } from "./domain.js";
import { decodeTicket, encodeTicket } from "./ticketCodec.js";
import { highest, isOrderKey, orderKey, orderOf, searchKeys } from "./ticketIndex.js";
import type { WrittenKeys } from "./writtenKeys.js";

/** What the snapshot needs of a LevelDB sublevel (with JSON values). */
export interface SnapshotSublevel {
  getSync(key: string): unknown;
  getMany(keys: string[]): Promise<unknown[]>;
  iterator(options?: { gte: string; lt: string; reverse?: boolean }): AsyncIterable<[string, unknown]>;
}

export type Operation<S> =
  | { readonly type: "put"; readonly sublevel: S; readonly key: string; readonly value: unknown }
  | { readonly type: "del"; readonly sublevel: S; readonly key: string };

/** A ticket a batch brings, with the copy it replaces. */
interface Change {
  readonly ticket: Ticket;
  readonly old: Ticket | undefined;
}

/** Orders whose lists are read per `getMany` while a search turns search keys into codes. */
const ordersPerRead = 50;

/**
 * Reads of this many keys or fewer are made on the event loop (`getSync`), more through LevelDB's
 * thread pool (`getMany`). A scan's lookup and a verdict's ticket read one to three keys, found in
 * LevelDB's block cache or the page cache in microseconds; sent to the pool, each read is two
 * hand-offs between threads, and on a loaded or virtual machine each hand-off can wait for a core
 * (docs/performance.md, "A gate's redemption, fifth round"). A download's page or a search reads
 * hundreds, which would hold the event loop: those stay in the pool.
 */
const syncReadLimit = 4;

/** The values of `keys` in `sublevel`, undefined where absent. */
async function readKeys(sublevel: SnapshotSublevel, keys: string[]): Promise<unknown[]> {
  if (keys.length > syncReadLimit) return sublevel.getMany(keys);
  return keys.map((key) => sublevel.getSync(key));
}

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

  async get(code: string): Promise<Ticket | undefined> {
    return decodeTicket(code, this.tickets.getSync(code));
  }

  async getMany(codes: readonly string[]): Promise<(Ticket | undefined)[]> {
    if (codes.length === 0) return [];
    const stored = await readKeys(this.tickets, [...codes]);
    return codes.map((code, i) => decodeTicket(code, stored[i]));
  }

  /**
   * The codes of the tickets the index keys in `range` lead to, in key order (an order's codes
   * too, so a reversed range lists its tickets last code first): an order's list as it is, a
   * search key's order looked up (`ordersPerRead` at a time).
   */
  async *codes(range: { gte: string; lt: string; reverse?: boolean }): AsyncIterable<string> {
    const inOrder = (codes: readonly string[]) => (range.reverse === true ? [...codes].reverse() : codes);
    let orders: string[] = [];
    for await (const [key, value] of this.index.iterator(range)) {
      if (isOrderKey(key)) {
        yield* inOrder(value as string[]);
        continue;
      }
      orders.push(orderOf(key));
      if (orders.length === ordersPerRead) {
        for (const codes of await this.codesOfOrders(orders)) yield* inOrder(codes);
        orders = [];
      }
    }
    for (const codes of await this.codesOfOrders(orders)) yield* inOrder(codes);
  }

  private async codesOfOrders(orders: readonly string[]): Promise<string[][]> {
    if (orders.length === 0) return [];
    const lists = (await this.index.getMany(orders.map(orderKey))) as (string[] | undefined)[];
    return lists.map((codes) => codes ?? []);
  }

  async *from(prefix: string): AsyncIterable<Ticket> {
    for await (const [code, stored] of this.tickets.iterator({ gte: prefix, lt: `${prefix}${highest}` })) {
      const ticket = decodeTicket(code, stored);
      if (ticket !== undefined) yield ticket;
    }
  }

  async productNames(): Promise<string[]> {
    const names: string[] = [];
    for await (const [name, count] of this.products.iterator()) if (Number(count) > 0) names.push(name);
    return names;
  }

  /**
   * The writes that bring the snapshot up to these tickets: each ticket newer than the cached copy,
   * the index keys of the orders they are in and left (stale keys removed), and the product counts.
   * With `written` (every ticket and order list the snapshot has held was added to it), a copy or
   * list it never held is not read; the keys these writes bring are added to it. The copies and
   * the lists of the orders the tickets name are read together: one wait, not two, before a gate's
   * durable decision.
   */
  async operations(incoming: readonly Ticket[], written?: WrittenKeys): Promise<Operation<S>[]> {
    const latest = [...newestByCode(incoming).values()];
    const [cached, lists] = await Promise.all([
      this.heldOnly(
        latest.map((ticket) => ticket.code),
        written,
        (codes) => this.getMany(codes),
      ),
      this.orderLists(new Set(latest.map((ticket) => ticket.orderNumber)), written),
    ]);
    const changes: Change[] = [];
    latest.forEach((ticket, i) => {
      if (isNewer(ticket, cached[i])) changes.push({ ticket, old: cached[i] });
    });
    const productDelta = new Map<string, number>();
    const operations: Operation<S>[] = [];
    for (const { ticket, old } of changes) {
      operations.push({ type: "put", sublevel: this.tickets, key: ticket.code, value: encodeTicket(ticket) });
      if (old?.productName === ticket.productName) continue;
      addTo(productDelta, ticket.productName, 1);
      if (old !== undefined) addTo(productDelta, old.productName, -1);
    }
    operations.push(...(await this.orderWrites(changes, lists, written)));
    operations.push(...(await this.productWrites(productDelta)));
    return operations;
  }

  /** The stored lists of these orders (an empty list for one never stored), read as `heldOnly` says. */
  private async orderLists(
    orders: ReadonlySet<string>,
    written: WrittenKeys | undefined,
  ): Promise<Map<string, readonly string[]>> {
    const numbers = [...orders];
    const stored = (await this.heldOnly(numbers.map(orderKey), written, (keys) =>
      readKeys(this.index, keys),
    )) as (string[] | undefined)[];
    return new Map(numbers.map((order, i) => [order, stored[i] ?? []]));
  }

  /**
   * `read(keys)` of the keys `written` may hold, undefined for the rest; every key added to it,
   * since the caller may write them (one added and not written is only read once more). Without
   * `written`, `read` of them all.
   */
  private async heldOnly<V>(
    keys: readonly string[],
    written: WrittenKeys | undefined,
    read: (keys: string[]) => Promise<V[]>,
  ): Promise<(V | undefined)[]> {
    if (written === undefined) return keys.length === 0 ? [] : read([...keys]);
    const held: number[] = [];
    keys.forEach((key, i) => {
      if (written.mayHold(key)) held.push(i);
      else written.add(key);
    });
    const values: (V | undefined)[] = new Array(keys.length).fill(undefined);
    if (held.length === 0) return values;
    const found = await read(held.map((i) => keys[i] as string));
    held.forEach((at, i) => {
      values[at] = found[i];
    });
    return values;
  }

  /**
   * The index writes of the orders these changes touch (each ticket's order, and the one it left):
   * every order's keys before and after, from its tickets' copies before and after, and the keys
   * that differ written or removed. Its tickets that did not change are read once. A first
   * download brings an order's tickets together, so it reads none. A ticket its order already
   * lists, staying there with the same search keys (a verdict's ticket, redeemed once more; most of
   * a changes feed), leaves the order as it was: such an order is not read further or written. The
   * list is the proof, not the copy: a rebuilt index (levelTicketCache.ts `startRebuild`) has
   * tickets whose orders list nothing yet.
   */
  private async orderWrites(
    changes: readonly Change[],
    lists: Map<string, readonly string[]>,
    written: WrittenKeys | undefined,
  ): Promise<Operation<S>[]> {
    const orders = new Set<string>();
    for (const change of changes) {
      if (staysIndexed(change, lists)) continue;
      orders.add(change.ticket.orderNumber);
      if (change.old !== undefined) orders.add(change.old.orderNumber);
    }
    const left = new Set([...orders].filter((order) => !lists.has(order)));
    for (const [order, list] of await this.orderLists(left, written)) lists.set(order, list);
    const numbers = [...orders];
    const before = new Map(numbers.map((order) => [order, lists.get(order) ?? []]));
    const after = new Map(numbers.map((order) => [order, new Set(lists.get(order))]));
    for (const { ticket, old } of changes) {
      if (old !== undefined) after.get(old.orderNumber)?.delete(ticket.code);
      after.get(ticket.orderNumber)?.add(ticket.code);
    }
    const fresh = new Map(changes.map((change) => [change.ticket.code, change]));
    const unchanged = new Set<string>();
    for (const order of numbers)
      for (const code of [...(before.get(order) ?? []), ...(after.get(order) ?? [])])
        if (!fresh.has(code)) unchanged.add(code);
    const others = await this.ticketsByCode([...unchanged]);
    const copy = (code: string, when: "old" | "ticket") => fresh.get(code)?.[when] ?? others.get(code);

    const operations: Operation<S>[] = [];
    for (const order of numbers) {
      const was = before.get(order) ?? [];
      const members = [...(after.get(order) ?? [])].sort();
      const oldKeys = keysOf(was.map((code) => copy(code, "old")));
      const newKeys = keysOf(members.map((code) => copy(code, "ticket")));
      for (const stale of oldKeys)
        if (!newKeys.has(stale)) operations.push({ type: "del", sublevel: this.index, key: stale });
      for (const key of newKeys)
        if (!oldKeys.has(key)) operations.push({ type: "put", sublevel: this.index, key, value: "" });
      if (members.length === 0) {
        if (was.length > 0) operations.push({ type: "del", sublevel: this.index, key: orderKey(order) });
      } else if (members.join() !== was.join()) {
        operations.push({ type: "put", sublevel: this.index, key: orderKey(order), value: members });
      }
    }
    return operations;
  }

  private async ticketsByCode(codes: readonly string[]): Promise<Map<string, Ticket>> {
    const tickets = await this.getMany(codes);
    const byCode = new Map<string, Ticket>();
    for (const ticket of tickets) if (ticket !== undefined) byCode.set(ticket.code, ticket);
    return byCode;
  }

  private async productWrites(productDelta: ReadonlyMap<string, number>): Promise<Operation<S>[]> {
    const names = [...productDelta.keys()];
    const counts = names.length === 0 ? [] : await readKeys(this.products, names);
    return names.map((name, i) => ({
      type: "put" as const,
      sublevel: this.products,
      key: name,
      value: Math.max(0, Number(counts[i] ?? 0) + (productDelta.get(name) ?? 0)),
    }));
  }
}

/** Whether a change leaves its order's list and keys as stored: listed there, same order, same keys. */
function staysIndexed({ ticket, old }: Change, lists: ReadonlyMap<string, readonly string[]>): boolean {
  if (old === undefined || old.orderNumber !== ticket.orderNumber) return false;
  if (!lists.get(ticket.orderNumber)?.includes(ticket.code)) return false;
  const before = searchKeys(old);
  const after = searchKeys(ticket);
  return before.length === after.length && before.every((key, i) => key === after[i]);
}

/** The search keys of an order's tickets (copies that are gone count for none). */
function keysOf(tickets: readonly (Ticket | undefined)[]): Set<string> {
  const keys = new Set<string>();
  for (const ticket of tickets) if (ticket !== undefined) for (const key of searchKeys(ticket)) keys.add(key);
  return keys;
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
