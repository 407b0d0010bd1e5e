/**
 * The central service's records in one LevelDB (`level`), one sublevel per kind: stores, clerks,
 * orders, tickets, device tokens (by the sha256 of the token, never the token), redemption records
 * by id with an index per ticket, tombstones of cancelled ids, and the change sequence: every
 * ticket change takes the next `rev`, indexed rev → code, so "changed since" is a range scan.
 *
 * Writes that belong together go in one `batch` with `sync: true`: a redemption record, its index
 * entry and the ticket change land together or not at all, and are on disk before the answer.
 * Commits are serialised: revs are handed out and written in one order, so a reader can never see
 * rev n+1 while rev n is still in flight and move its cursor past a change it never got. LevelDB
 * admits one process at a time; opening a directory another process holds fails (LEVEL_LOCKED).
 */
import { createHash, randomBytes } from "node:crypto";
import type { AbstractBatchOperation, AbstractSublevel } from "abstract-level";
import { Level } from "level";
import type { Ticket } from "../device/domain.js";
import type { ServerRedemption } from "../sync/wire.js";
import type { ImportDocument } from "./importDocument.js";
import {
  type ClerkRecord,
  type ImportSummary,
  type OrderRecord,
  planImport,
  type StoreRecord,
  type TicketRecord,
} from "./importPlan.js";
import { KeyedMutex } from "./keyedMutex.js";

export type RedemptionRecord = ServerRedemption;

export interface DeviceTokenRecord {
  readonly deviceId: string;
  readonly storeId: string;
  readonly createdAt: string;
  readonly revoked: boolean;
}

/** An id a device cancelled before the server ever saw it (a void with reason `abandoned`). */
export interface TombstoneRecord {
  readonly id: string;
  readonly deviceId: string;
  readonly storeId: string;
  readonly at: string;
  readonly receivedAt: string;
}

export interface VoidMark {
  readonly reason: string;
  readonly clerkId?: string;
  readonly at: string;
}

export interface TicketsPage {
  readonly tickets: Ticket[];
  /** The last rev scanned, whether or not its ticket was included. */
  readonly lastRev: number;
  readonly hasMore: boolean;
}

interface Counters {
  /** The last rev handed out. */
  rev: number;
  /** The last redemption sequence number: orders the per-ticket index by arrival. */
  seq: number;
  /** The time of the last commit, so `updatedAt` strictly increases even if the clock steps back. */
  changedAtMs: number;
}

type Db = Level<string, unknown>;
type Table<V> = AbstractSublevel<Db, string | Buffer | Uint8Array, string, V>;
type Operation = AbstractBatchOperation<Db, string, unknown>;

interface Tables {
  readonly db: Db;
  readonly meta: Table<Counters>;
  readonly stores: Table<StoreRecord>;
  readonly clerks: Table<ClerkRecord>;
  readonly orders: Table<OrderRecord>;
  readonly tickets: Table<TicketRecord>;
  readonly revs: Table<string>;
  readonly redemptions: Table<RedemptionRecord>;
  readonly byTicket: Table<string>;
  readonly tombstones: Table<TombstoneRecord>;
  readonly tokens: Table<DeviceTokenRecord>;
}

/** Fixed-width decimal keys sort in numeric order. */
const sequenceKey = (n: number): string => n.toString().padStart(16, "0");
/** Codes are `[A-Za-z0-9-]`, all above `!`, so `code!` … `code"` spans exactly one ticket's entries. */
const ticketIndexKey = (code: string, seq: number): string => `${code}!${sequenceKey(seq)}`;
const tokenKey = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Bounds the work of one tickets page when most changed tickets belong to other stores. */
const maxScannedPerPage = 20_000;
const scanChunk = 500;

/** The writes of one commit, and the revs and time they were given. */
class Commit {
  readonly operations: Operation[] = [];

  constructor(
    private readonly tables: Tables,
    readonly counters: Counters,
    readonly at: string,
  ) {}

  put<V>(table: Table<V>, key: string, value: V): void {
    this.operations.push({ type: "put", sublevel: table, key, value });
  }

  /** Writes a ticket change under the next rev and moves its rev index entry. */
  ticket(
    previous: TicketRecord | undefined,
    ticket: Omit<Ticket, "updatedAt">,
    importedUnits: number,
  ): Ticket {
    this.counters.rev += 1;
    const record: TicketRecord = {
      ticket: { ...ticket, updatedAt: this.at },
      importedUnits,
      rev: this.counters.rev,
    };
    if (previous !== undefined) {
      this.operations.push({ type: "del", sublevel: this.tables.revs, key: sequenceKey(previous.rev) });
    }
    this.put(this.tables.revs, sequenceKey(record.rev), ticket.code);
    this.put(this.tables.tickets, ticket.code, record);
    return record.ticket;
  }

  /** Changes a ticket's kiosk units by `delta` (negative for a void); unknown tickets stay unknown. */
  units(previous: TicketRecord | undefined, delta: number): Ticket | undefined {
    if (previous === undefined || delta === 0) return previous?.ticket;
    const { updatedAt: _replaced, ...ticket } = previous.ticket;
    return this.ticket(
      previous,
      { ...ticket, redeemedUnits: ticket.redeemedUnits + delta },
      previous.importedUnits,
    );
  }
}

export class CentralStore {
  private tables: Tables | undefined;
  private counters: Counters = { rev: 0, seq: 0, changedAtMs: 0 };
  private readonly commits = new KeyedMutex();

  constructor(
    private readonly location: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Opens the database; fails when another process holds it. Idempotent. */
  async open(): Promise<void> {
    if (this.tables !== undefined) return;
    const db: Db = new Level<string, unknown>(this.location, { valueEncoding: "json" });
    await db.open();
    const table = <V>(name: string): Table<V> => db.sublevel<string, V>(name, { valueEncoding: "json" });
    const tables: Tables = {
      db,
      meta: table("meta"),
      stores: table("stores"),
      clerks: table("clerks"),
      orders: table("orders"),
      tickets: table("tickets"),
      revs: table("revs"),
      redemptions: table("redemptions"),
      byTicket: table("byTicket"),
      tombstones: table("tombstones"),
      tokens: table("tokens"),
    };
    this.counters = (await tables.meta.get("counters")) ?? { rev: 0, seq: 0, changedAtMs: 0 };
    this.tables = tables;
  }

  /** Waits for the commit in flight, then closes. Idempotent. */
  async close(): Promise<void> {
    const tables = this.tables;
    if (tables === undefined) return;
    await this.commits.run("commit", async () => {
      this.tables = undefined;
    });
    await tables.db.close();
  }

  private get t(): Tables {
    if (this.tables === undefined) throw new Error("the central store is not open");
    return this.tables;
  }

  getStore(id: string): Promise<StoreRecord | undefined> {
    return this.t.stores.get(id);
  }

  async storeIds(): Promise<Set<string>> {
    return new Set(await this.t.stores.keys().all());
  }

  getClerk(id: string): Promise<ClerkRecord | undefined> {
    return this.t.clerks.get(id);
  }

  getTicket(code: string): Promise<TicketRecord | undefined> {
    return this.t.tickets.get(code);
  }

  getRedemption(id: string): Promise<RedemptionRecord | undefined> {
    return this.t.redemptions.get(id);
  }

  getTombstone(id: string): Promise<TombstoneRecord | undefined> {
    return this.t.tombstones.get(id);
  }

  findToken(token: string): Promise<DeviceTokenRecord | undefined> {
    return this.t.tokens.get(tokenKey(token));
  }

  /**
   * Tickets changed after `afterRev` that `include` accepts, in rev order, up to `limit`. A ticket
   * changed again since the scan began is skipped here: its newer rev comes later in the order.
   */
  async ticketsSince(
    afterRev: number,
    limit: number,
    include: (ticket: Ticket) => boolean,
  ): Promise<TicketsPage> {
    const { revs, tickets: ticketTable } = this.t;
    const tickets: Ticket[] = [];
    let lastRev = afterRev;
    let scanned = 0;
    const iterator = revs.iterator({ gt: sequenceKey(afterRev) });
    try {
      while (tickets.length < limit && scanned < maxScannedPerPage) {
        const entries = await iterator.nextv(
          Math.min(scanChunk, limit - tickets.length, maxScannedPerPage - scanned),
        );
        if (entries.length === 0) return { tickets, lastRev, hasMore: false };
        const records = await ticketTable.getMany(entries.map(([, code]) => code));
        entries.forEach(([key], index) => {
          scanned += 1;
          lastRev = Number(key);
          const record = records[index];
          if (record !== undefined && record.rev === lastRev && include(record.ticket))
            tickets.push(record.ticket);
        });
      }
    } finally {
      await iterator.close();
    }
    const next = await revs.keys({ gt: sequenceKey(lastRev), limit: 1 }).all();
    return { tickets, lastRev, hasMore: next.length > 0 };
  }

  /** The records of one ticket in the order the server received them. */
  async redemptionsOfTicket(code: string): Promise<RedemptionRecord[]> {
    const { byTicket, redemptions } = this.t;
    const ids = await byTicket.values({ gt: `${code}!`, lt: `${code}"` }).all();
    const records = await redemptions.getMany(ids);
    return records.filter((record): record is RedemptionRecord => record !== undefined);
  }

  /**
   * Stores a redemption record with its per-ticket index entry and adds `unitsDelta` to the ticket
   * (0 for a refusal). Returns the ticket after the change (undefined for an unknown code).
   */
  recordRedemption(record: RedemptionRecord, unitsDelta: number): Promise<Ticket | undefined> {
    return this.write(async (commit) => {
      const code = record.redemption.ticketCode;
      const ticket = commit.units(await this.t.tickets.get(code), unitsDelta);
      commit.counters.seq += 1;
      commit.put(this.t.byTicket, ticketIndexKey(code, commit.counters.seq), record.redemption.id);
      commit.put(this.t.redemptions, record.redemption.id, record);
      return ticket;
    });
  }

  /** Marks an accepted or conflict record voided and gives its units back to the ticket. */
  voidRedemption(record: RedemptionRecord, mark: VoidMark): Promise<Ticket | undefined> {
    return this.write(async (commit) => {
      const ticket = commit.units(
        await this.t.tickets.get(record.redemption.ticketCode),
        -record.redemption.quantity,
      );
      commit.put(this.t.redemptions, record.redemption.id, { ...record, voided: mark });
      return ticket;
    });
  }

  putTombstone(tombstone: TombstoneRecord): Promise<void> {
    return this.write((commit) => commit.put(this.t.tombstones, tombstone.id, tombstone));
  }

  /** Makes a device token; only its sha256 is kept, so the token is shown once and never again. */
  issueToken(deviceId: string, storeId: string): Promise<string> {
    const token = `ctk_${randomBytes(32).toString("base64url")}`;
    return this.write((commit) => {
      commit.put(this.t.tokens, tokenKey(token), { deviceId, storeId, createdAt: commit.at, revoked: false });
      return token;
    });
  }

  /** Revokes every token of a device; returns how many were still live. */
  revokeDevice(deviceId: string): Promise<number> {
    return this.write(async (commit) => {
      let revoked = 0;
      for await (const [key, token] of this.t.tokens.iterator()) {
        if (token.deviceId !== deviceId || token.revoked) continue;
        commit.put(this.t.tokens, key, { ...token, revoked: true });
        revoked += 1;
      }
      return revoked;
    });
  }

  /**
   * Applies a checked import document in one batch. Entries equal to what is held are not
   * written and keep their rev; changed tickets keep the units kiosks redeemed.
   */
  async applyImport(document: ImportDocument): Promise<ImportSummary> {
    const { stores, clerks, orders, tickets } = this.t;
    const codes = document.orders.flatMap((order) => order.tickets.map((ticket) => ticket.code));
    const plan = await planImport(document, {
      stores: await byKey(
        stores,
        document.stores.map((store) => store.id),
      ),
      clerks: await byKey(
        clerks,
        document.clerks.map((clerk) => clerk.id),
      ),
      orders: await byKey(
        orders,
        document.orders.map((order) => order.orderNumber),
      ),
      tickets: await byKey(tickets, codes),
    });
    const writes = plan.stores.length + plan.clerks.length + plan.orders.length + plan.tickets.length;
    if (writes === 0) return plan.summary;
    await this.write(async (commit) => {
      for (const store of plan.stores) commit.put(stores, store.id, store);
      for (const clerk of plan.clerks) commit.put(clerks, clerk.id, clerk);
      for (const order of plan.orders) commit.put(orders, order.orderNumber, order);
      // Read again inside the commit: a redemption may have changed a ticket since the plan was made.
      const current = await tickets.getMany(plan.tickets.map((change) => change.fields.code));
      plan.tickets.forEach(({ fields, importedUnits }, index) => {
        const previous = current[index];
        const kioskUnits =
          previous === undefined ? 0 : previous.ticket.redeemedUnits - previous.importedUnits;
        commit.ticket(previous, { ...fields, redeemedUnits: importedUnits + kioskUnits }, importedUnits);
      });
    });
    return plan.summary;
  }

  /** Runs `build` and writes what it queued, durably, one commit at a time. */
  private write<T>(build: (commit: Commit) => T | Promise<T>): Promise<T> {
    return this.commits.run("commit", async () => {
      const tables = this.t;
      const changedAtMs = Math.max(this.now().getTime(), this.counters.changedAtMs + 1);
      const commit = new Commit(
        tables,
        { ...this.counters, changedAtMs },
        new Date(changedAtMs).toISOString(),
      );
      const result = await build(commit);
      commit.put(tables.meta, "counters", commit.counters);
      await tables.db.batch(commit.operations, { sync: true });
      this.counters = commit.counters;
      return result;
    });
  }
}

async function byKey<V>(table: Table<V>, keys: string[]): Promise<Map<string, V>> {
  const values = await table.getMany(keys);
  const found = new Map<string, V>();
  keys.forEach((key, index) => {
    const value = values[index];
    if (value !== undefined) found.set(key, value);
  });
  return found;
}
