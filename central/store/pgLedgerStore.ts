/**
 * The ledger's store on PostgreSQL 15+ through node-postgres (`pg`), for a chain: several central
 * processes on one database are one service, so correctness lives in the database, not in a
 * process (docs/central.md). The schema is central/store/migrations/*.sql (pgMigrations.ts).
 *
 * Each upload and void is one transaction, and each batch of an import (under a session lock on
 * `import`, held across its batches: one import at a time); they take, in one order everywhere (so
 * no two wait on each other in a circle):
 * 1. a transaction-scoped advisory lock on `redemption:<id>` (not for an import's batch):
 *    concurrent retries of one id, in any process, are judged one after the other, and an
 *    `abandoned` void cannot slip a tombstone under an upload of the same id being judged;
 * 2. the ticket's row (`SELECT … FOR UPDATE`): the ticket is read, judged and written as one step;
 *    the units are then added by a conditional `UPDATE … WHERE imported + accepted + conflict + n
 *    <= total`, and a `CHECK` holds the online count to the total whatever the code above does;
 * 3. its change numbers (ticket revs, an arrival number, the change's time), last, just before the
 *    writes, from sequences that no other transaction waits on (migrations/007_change_numbers.sql):
 *    numbers are handed out in the order transactions take them, not in commit order, so a feed
 *    reads only up to `feed_horizon`, below every number still in flight, and a reader never moves
 *    its cursor past a change that commits later.
 * The redemption record (primary key on its id, kept for good), its ticket's units, a void mark or
 * a tombstone commit together or not at all, and are durable before the answer.
 *
 * Within one process, uploads of one ticket are also queued in call order (keyedMutex.ts), so the
 * entries of one upload are judged in the device's journal order, as on LevelDB.
 */
import pg from "pg";
import { crashPoint } from "../../device/crashPoints.js";
import type { Ticket } from "../../device/domain.js";
import { openGuard, type PinGuard } from "../../device/pinLockout.js";
import { newPinKey } from "../../device/pinVerifier.js";
import type { DamageReport } from "../../device/storeIntegrity.js";
import type { ImportCheck, ImportDocument } from "../importDocument.js";
import {
  applyInParts,
  type ClerkRecord,
  type CurrentRecords,
  type ImportedTicket,
  type ImportSummary,
  type OrderRecord,
  planImport,
  type StoreRecord,
  type TicketRecord,
} from "../importPlan.js";
import { isException } from "../judgeUpload.js";
import { KeyedMutex } from "../keyedMutex.js";
import { bodySha256, type RedemptionRecord } from "../redemptionRecord.js";
import type {
  ConsoleData,
  RedemptionQuery,
  RefusedUpload,
  RefusedUploadPage,
  RefusedUploadQuery,
  Resolution,
  SequencedPage,
  TicketSearch,
  TicketSearchPage,
} from "./consoleData.js";
import type { ConsoleStore } from "./consoleStore.js";
import type { DumpRecord, Loaded } from "./dumpRecord.js";
import type {
  DeviceTokenRecord,
  FeedPosition,
  HeartbeatRecord,
  Imported,
  LedgerStore,
  PairingClaim,
  PairingCodeRecord,
  RecordFilter,
  Redeemed,
  RedemptionsPage,
  TicketsPage,
  TokenRecord,
  TombstoneRecord,
  UploadJudge,
  UploadKey,
  UploadState,
  VoidDecision,
  Voided,
  VoidState,
} from "./ledgerStore.js";
import { isClaimable } from "./pairingCodes.js";
import { explainConnectError } from "./pgConnectError.js";
import { poolConfig } from "./pgConnection.js";
import { PgConsoleStore } from "./pgConsoleStore.js";
import { dumpSources, loadBatch, pagedDump, splitKioskUnits } from "./pgDump.js";
import { migrate } from "./pgMigrations.js";
import { TokenCopies } from "./tokenCopies.js";
import { newToken, tokenKey } from "./tokenSecrets.js";

export interface PgLedgerStoreOptions {
  /** `postgres://USER@HOST:PORT/DB` (libpq's URI form). */
  readonly url: string;
  readonly now?: () => Date;
  /** Connections this process keeps open; the server's max_connections bounds the sum (docs/central.md). */
  readonly poolSize?: number;
}

type Client = pg.PoolClient;

/** Connections a central process keeps open unless told otherwise (docs/central.md, "Sizing"). */
export const defaultPoolSize = 10;

interface TicketRow {
  readonly code: string;
  readonly fields: ImportedTicket;
  readonly imported_units: number;
  readonly accepted_units: number;
  readonly conflict_units: number;
  readonly rev: string;
  readonly updated_at: string;
}

interface PairingRow {
  readonly device_id: string;
  readonly store_id: string;
  readonly created_at: Date;
  readonly expires_at: Date;
  readonly used_at: Date | null;
}

interface ChangeNumbers {
  /** The first of the revs handed out by this call. */
  readonly firstRev: number;
  readonly seq: number;
  /** The change's time: strictly after the previous change's (in rev order), even if a clock steps back. */
  readonly at: string;
}

/** The record of every store a ticket of no store list is valid at: store ids are never empty. */
const everyStore = "";
/** Bounds the records a conflict's history reads, as the LevelDB store does. */
const maxScannedPerTicket = 20_000;
const ticketColumnNames = [
  "code",
  "fields",
  "imported_units",
  "accepted_units",
  "conflict_units",
  "rev",
  "updated_at",
];
const ticketColumns = ticketColumnNames.join(", ");

function ticketOf(row: TicketRow): TicketRecord {
  const redeemedUnits = row.imported_units + row.accepted_units + row.conflict_units;
  return {
    ticket: { ...row.fields, redeemedUnits, updatedAt: row.updated_at },
    importedUnits: row.imported_units,
    rev: Number(row.rev),
  };
}

/** The units column a stored record's units count in: online ones are held to the total, conflicts not. */
function unitsColumn(record: RedemptionRecord): "accepted_units" | "conflict_units" {
  if (record.status === "accepted") return "accepted_units";
  if (record.status === "conflict") return "conflict_units";
  throw new Error(`a ${record.status} record carries no units`);
}

export class PgLedgerStore implements LedgerStore, ConsoleData {
  private pool: pg.Pool | undefined;
  private readonly callOrder = new KeyedMutex();
  private readonly uploadTokens = new TokenCopies();
  private readonly url: string;
  private readonly now: () => Date;
  private readonly poolSize: number;

  constructor(options: PgLedgerStoreOptions) {
    this.url = options.url;
    this.now = options.now ?? (() => new Date());
    this.poolSize = options.poolSize ?? defaultPoolSize;
  }

  /** Connects and applies the migrations not yet applied. Idempotent. */
  async open(): Promise<void> {
    if (this.pool !== undefined) return;
    const pool = new pg.Pool(poolConfig(this.url, this.poolSize));
    // An idle connection the server dropped is taken out of the pool, which opens another on the
    // next query; without a listener its error would end the process.
    pool.on("error", () => {});
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw explainConnectError(error, this.url);
    }
    this.pool = pool;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  /** PostgreSQL checks its own pages (data checksums, `pg_amcheck`): there is no sealed-record check here. */
  integrity(): DamageReport | undefined {
    return undefined;
  }

  consoleStore(): ConsoleStore {
    return new PgConsoleStore(() => this.p);
  }

  async ping(): Promise<void> {
    await this.p.query("SELECT 1");
  }

  private get p(): pg.Pool {
    if (this.pool === undefined) throw new Error("the central store is not open");
    return this.pool;
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
    return (await this.p.query<R>(sql, values)).rows;
  }

  private transaction<T>(work: (client: Client) => Promise<T>): Promise<T> {
    return this.transactionOpenedBy(begin, work);
  }

  /** A transaction on a pooled connection, begun by `open`, whose result `work` is given. */
  private async transactionOpenedBy<O, T>(
    open: (client: Client) => Promise<O>,
    work: (client: Client, opened: O) => Promise<T>,
  ): Promise<T> {
    const client = await this.p.connect();
    try {
      return await inTransactionOpenedBy(client, open, work);
    } finally {
      client.release();
    }
  }

  async findUploadToken(token: string): Promise<TokenRecord | undefined> {
    const copy = this.uploadTokens.get(token);
    if (copy !== undefined) return copy;
    const record = await this.findToken(token);
    this.uploadTokens.keep(token, record);
    return record;
  }

  async findToken(token: string): Promise<TokenRecord | undefined> {
    // Named: asked on every request, so each connection plans it once.
    const { rows } = await this.p.query<{ record: TokenRecord; pin_key: string | null }>({
      name: "find_token",
      text: "SELECT record, pin_key FROM tokens WHERE token_sha256 = $1",
      values: [tokenKey(token)],
    });
    const row = rows[0];
    if (row === undefined) return undefined;
    const { record, pin_key: pinKey } = row;
    return record.kind === "device" && pinKey !== null ? { ...record, pinKey } : record;
  }

  async issueToken(deviceId: string, storeId: string): Promise<{ token: string; pinKey: string }> {
    const pinKey = newPinKey();
    const token = await this.insertToken(
      "ctk",
      (createdAt) => ({ kind: "device", deviceId, storeId, createdAt, revoked: false }),
      pinKey,
    );
    return { token, pinKey };
  }

  issueAdminToken(): Promise<string> {
    return this.insertToken("cta", (createdAt) => ({ kind: "admin", createdAt, revoked: false }), null);
  }

  private insertToken(
    prefix: "ctk" | "cta",
    record: (createdAt: string) => TokenRecord,
    pinKey: string | null,
  ): Promise<string> {
    return this.transaction((client) => this.insertTokenOn(client, prefix, record, pinKey));
  }

  private async insertTokenOn(
    client: Client,
    prefix: "ctk" | "cta",
    record: (createdAt: string) => TokenRecord,
    pinKey: string | null,
  ): Promise<string> {
    const token = newToken(prefix);
    const { at } = await this.takeChangeNumbers(client, 0, 0);
    const made = record(at);
    await client.query(
      "INSERT INTO tokens (token_sha256, kind, device_id, revoked, record, pin_key) VALUES ($1, $2, $3, false, $4, $5)",
      [tokenKey(token), made.kind, made.kind === "device" ? made.deviceId : null, made, pinKey],
    );
    return token;
  }

  revokeDevice(deviceId: string): Promise<number> {
    return this.revokeWhere("kind = 'device' AND device_id = $1", [deviceId]);
  }

  revokeAdminTokens(): Promise<number> {
    return this.revokeWhere("kind = 'admin'", []);
  }

  private async revokeWhere(match: string, values: unknown[]): Promise<number> {
    this.uploadTokens.clear();
    const result = await this.p.query(
      `UPDATE tokens SET revoked = true, record = record || '{"revoked": true}' WHERE ${match} AND NOT revoked`,
      values,
    );
    return result.rowCount ?? 0;
  }

  async deviceTokens(): Promise<DeviceTokenRecord[]> {
    const rows = await this.rows<{ record: DeviceTokenRecord }>(
      "SELECT record FROM tokens WHERE kind = 'device'",
    );
    return rows.map((row) => row.record);
  }

  /** Without waiting for the disk: the next heartbeat replaces a lost one. */
  putHeartbeat(record: HeartbeatRecord): Promise<void> {
    return this.transaction(async (client) => {
      await client.query("SET LOCAL synchronous_commit TO off");
      await client.query(
        "INSERT INTO heartbeats (device_id, record) VALUES ($1, $2) ON CONFLICT (device_id) DO UPDATE SET record = EXCLUDED.record",
        [record.deviceId, record],
      );
    });
  }

  async getHeartbeat(deviceId: string): Promise<HeartbeatRecord | undefined> {
    const [row] = await this.rows<{ record: HeartbeatRecord }>(
      "SELECT record FROM heartbeats WHERE device_id = $1",
      [deviceId],
    );
    return row?.record;
  }

  async heartbeats(): Promise<HeartbeatRecord[]> {
    return (await this.rows<{ record: HeartbeatRecord }>("SELECT record FROM heartbeats")).map(
      (row) => row.record,
    );
  }

  async getStore(id: string): Promise<StoreRecord | undefined> {
    const [row] = await this.rows<{ record: StoreRecord }>("SELECT record FROM stores WHERE id = $1", [id]);
    return row?.record;
  }

  async storeIds(): Promise<Set<string>> {
    return new Set((await this.rows<{ id: string }>("SELECT id FROM stores")).map((row) => row.id));
  }

  async getClerk(id: string): Promise<ClerkRecord | undefined> {
    return selectClerk(this.p, id);
  }

  async clerksOfStore(storeId: string): Promise<ClerkRecord[]> {
    const rows = await this.rows<{ record: ClerkRecord }>(
      "SELECT c.record FROM clerk_stores s JOIN clerks c ON c.id = s.clerk_id WHERE s.store_id = $1 ORDER BY c.id",
      [storeId],
    );
    return rows.map((row) => row.record);
  }

  getTicket(code: string): Promise<TicketRecord | undefined> {
    return selectTicket(this.p, code, false);
  }

  async ticketsOfStoreSince(storeId: string, afterRev: number, limit: number): Promise<TicketsPage> {
    const { rev } = await this.horizon();
    const rows = await this.rows<TicketRow>(
      `SELECT ${ticketColumnNames.map((name) => `t.${name}`).join(", ")} FROM ticket_stores s JOIN tickets t ON t.code = s.code
       WHERE s.store_id = ANY($1) AND s.rev > $2 AND s.rev <= $4 ORDER BY s.rev LIMIT $3`,
      [[storeId, everyStore], afterRev, limit + 1, rev],
    );
    return ticketsPage(rows, afterRev, limit);
  }

  async ticketsOfOtherStoresSince(storeId: string, afterRev: number, limit: number): Promise<TicketsPage> {
    const { rev } = await this.horizon();
    const rows = await this.rows<TicketRow>(
      `SELECT ${ticketColumns} FROM tickets
       WHERE rev > $2 AND rev <= $4 AND store_ids IS NOT NULL AND NOT ($1 = ANY(store_ids)) ORDER BY rev LIMIT $3`,
      [storeId, afterRev, limit + 1, rev],
    );
    return ticketsPage(rows, afterRev, limit);
  }

  async countTicketsOfStore(storeId: string): Promise<number> {
    const [row] = await this.rows<{ count: string }>(
      "SELECT count(*) FROM ticket_stores WHERE store_id = ANY($1)",
      [[storeId, everyStore]],
    );
    return Number(row?.count ?? 0);
  }

  redemptionsSince(afterSeq: number, limit: number, filter: RecordFilter): Promise<RedemptionsPage> {
    return this.recordsPage(afterSeq, limit, filter, "");
  }

  exceptionsSince(afterSeq: number, limit: number, filter: RecordFilter): Promise<RedemptionsPage> {
    return this.recordsPage(afterSeq, limit, filter, "AND exception");
  }

  private async recordsPage(
    afterSeq: number,
    limit: number,
    filter: RecordFilter,
    only: string,
  ): Promise<RedemptionsPage> {
    const { seq } = await this.horizon();
    const rows = await this.rows<{ seq: string; record: RedemptionRecord }>(
      `SELECT seq, record FROM redemptions
       WHERE seq > $1 AND seq <= $6 AND ($2::text IS NULL OR store_id = $2) AND ($3::text IS NULL OR device_id = $3)
         AND ($4::timestamptz IS NULL OR received_at >= $4) ${only}
       ORDER BY seq LIMIT $5`,
      [
        afterSeq,
        filter.storeId ?? null,
        filter.deviceId ?? null,
        filter.receivedSince ?? null,
        limit + 1,
        seq,
      ],
    );
    const page = rows.slice(0, limit);
    return {
      redemptions: page.map((row) => row.record),
      lastSeq: page.length === 0 ? afterSeq : Number(page[page.length - 1]?.seq),
      hasMore: rows.length > limit,
    };
  }

  async redemptionsOfTicket(code: string): Promise<RedemptionRecord[]> {
    const rows = await this.rows<{ record: RedemptionRecord }>(
      "SELECT record FROM redemptions WHERE ticket_code = $1 ORDER BY seq",
      [code],
    );
    return rows.map((row) => row.record);
  }

  redeem(upload: UploadKey, judge: UploadJudge): Promise<Redeemed> {
    const { id, ticketCode } = upload;
    const step = async () => {
      const client = await this.p.connect();
      try {
        const redeemed = await endedByWork(client, async () => {
          const state = await beginUpload(client, upload);
          if (upload.token !== undefined) this.uploadTokens.keep(upload.token, state.token);
          const { ticket } = state;
          const verdict = await judge(state, async (limit, include) => {
            const { rows } = await client.query<{ record: RedemptionRecord }>(
              "SELECT record FROM redemptions WHERE ticket_code = $1 ORDER BY seq DESC LIMIT $2",
              [ticketCode, maxScannedPerTicket],
            );
            return rows
              .map((row) => row.record)
              .filter(include)
              .slice(0, limit)
              .reverse();
          });
          if (verdict.write === undefined) {
            await client.query("COMMIT");
            return { verdict, ticket: ticket?.ticket };
          }
          const { record, unitsDelta, replaces } = verdict.write;
          const changesTicket = ticket !== undefined && unitsDelta !== 0;
          crashPoint("central-before-commit");
          if (replaces !== undefined) {
            const after = await this.replaceRecord(client, record, changesTicket ? unitsDelta : 0);
            await client.query("COMMIT");
            return { verdict, ticket: after ?? ticket?.ticket };
          }
          const after = await recordUploadAndCommit(
            client,
            record,
            changesTicket ? unitsDelta : 0,
            this.now(),
          );
          return { verdict, ticket: changesTicket ? after : ticket?.ticket };
        });
        crashPoint("central-after-commit");
        return redeemed;
      } finally {
        client.release();
      }
    };
    return this.callOrder.runAll([`redemption:${id}`, `ticket:${ticketCode}`], step);
  }

  /**
   * Inside an upload's transaction: the record under an id that counted no units replaced
   * (judgeUpload.ts), its `delta` units added to its ticket; its arrival number stays. The ticket
   * after, when it changed.
   */
  private async replaceRecord(
    client: Client,
    record: RedemptionRecord,
    delta: number,
  ): Promise<Ticket | undefined> {
    const code = record.redemption.ticketCode;
    const ticket =
      delta === 0
        ? undefined
        : await addUnits(
            client,
            code,
            unitsColumn(record),
            delta,
            await this.takeChangeNumbers(client, 1, 0),
          );
    await client.query("UPDATE redemptions SET record = $2, exception = $3 WHERE id = $1", [
      record.redemption.id,
      record,
      isException(record),
    ]);
    return ticket;
  }

  void<T>(
    id: string,
    clerkId: string | undefined,
    decide: (state: VoidState) => Promise<VoidDecision<T>> | VoidDecision<T>,
  ): Promise<Voided<T>> {
    const step = () =>
      this.transaction(async (client) => {
        await lockKey(client, `redemption:${id}`);
        const stored = await selectRecord(client, "redemptions", id);
        const tombstone = await selectRecord<TombstoneRecord>(client, "tombstones", id);
        const clerk = clerkId === undefined ? undefined : await selectClerk(client, clerkId);
        const { outcome, write } = await decide({ stored, tombstone, clerk });
        if (write?.kind === "tombstone") {
          await client.query("INSERT INTO tombstones (id, record) VALUES ($1, $2)", [id, write.tombstone]);
        }
        if (stored === undefined) return { outcome, ticket: undefined };
        const code = stored.redemption.ticketCode;
        const held = await selectTicket(client, code, write?.kind === "void");
        if (write?.kind !== "void") return { outcome, ticket: held?.ticket };
        const numbers = await this.takeChangeNumbers(client, held === undefined ? 0 : 1, 0);
        const ticket =
          held === undefined
            ? undefined
            : await addUnits(client, code, unitsColumn(stored), -stored.redemption.quantity, numbers);
        await client.query("UPDATE redemptions SET record = $2 WHERE id = $1", [
          id,
          { ...stored, voided: write.mark },
        ]);
        return { outcome, ticket };
      });
    return this.callOrder.run(`redemption:${id}`, step);
  }

  /**
   * One import at a time across processes: a session advisory lock on `import`, held on one
   * connection while the document is checked and each of its batches commits in a transaction of
   * its own on that connection (importPlan.ts `applyInParts`).
   */
  async import(
    check: (knownStoreIds: ReadonlySet<string>) => ImportCheck,
    onWritten?: (tickets: number) => void,
  ): Promise<Imported> {
    const client = await this.p.connect();
    let broken = false;
    try {
      await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", ["import"]);
      try {
        const { rows: held } = await client.query<{ id: string }>("SELECT id FROM stores");
        const checked = check(new Set(held.map((row) => row.id)));
        if (!checked.ok) return { check: checked };
        const summary = await applyInParts(
          checked.document,
          (part) => inTransaction(client, (inside) => this.applyImportPart(inside, part)),
          onWritten,
        );
        return { check: checked, summary };
      } finally {
        // A connection that cannot unlock is dropped, which unlocks; it must not go back to the pool.
        await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", ["import"]).catch(() => {
          broken = true;
        });
      }
    } finally {
      client.release(broken);
    }
  }

  /** One batch of an import, inside its transaction. */
  private async applyImportPart(client: Client, document: ImportDocument): Promise<ImportSummary> {
    const plan = await planImport(document, await heldRecords(client, document, " FOR UPDATE"));
    const writes = plan.stores.length + plan.clerks.length + plan.orders.length + plan.tickets.length;
    if (writes === 0) return plan.summary;
    const { firstRev, at } = await this.takeChangeNumbers(client, plan.tickets.length, 0);
    await upsertRecords(
      client,
      "stores",
      "id",
      plan.stores.map((store) => [store.id, store]),
    );
    const clerks = plan.clerks.map((clerk): ClerkRecord => ({ ...clerk, updatedAt: at }));
    await upsertRecords(
      client,
      "clerks",
      "id",
      clerks.map((clerk) => [clerk.id, clerk]),
    );
    await client.query("DELETE FROM clerk_stores WHERE clerk_id = ANY($1)", [
      clerks.map((clerk) => clerk.id),
    ]);
    const clerkStores = clerks.flatMap((clerk) =>
      clerk.storeIds.map((storeId) => [storeId, clerk.id] as const),
    );
    await client.query(
      "INSERT INTO clerk_stores (store_id, clerk_id) SELECT * FROM unnest($1::text[], $2::text[])",
      [clerkStores.map(([storeId]) => storeId), clerkStores.map(([, clerkId]) => clerkId)],
    );
    await upsertRecords(
      client,
      "orders",
      "order_number",
      plan.orders.map((order) => [order.orderNumber, order]),
    );
    await writeTickets(client, plan.tickets, firstRev, at);
    return plan.summary;
  }

  // The void PIN's guard (migrations/003_void_pin_guard.sql), shared by every process on the database.

  async voidPinGuard(deviceId: string, clerkId: string): Promise<PinGuard> {
    const [row] = await this.rows<{ guard: PinGuard }>(
      "SELECT guard FROM void_pin_guards WHERE device_id = $1 AND clerk_id = $2",
      [deviceId, clerkId],
    );
    return row?.guard ?? openGuard;
  }

  /**
   * Under the guard's row lock (the row made first when there is none): another process's update
   * of the same guard waits for this commit and changes what it wrote, so no miss is lost.
   */
  updateVoidPinGuard(
    deviceId: string,
    clerkId: string,
    change: (held: PinGuard) => PinGuard,
  ): Promise<PinGuard> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ guard: PinGuard }>(
        `INSERT INTO void_pin_guards (device_id, clerk_id, guard) VALUES ($1, $2, $3)
         ON CONFLICT (device_id, clerk_id) DO UPDATE SET guard = void_pin_guards.guard RETURNING guard`,
        [deviceId, clerkId, openGuard],
      );
      const guard = change(rows[0]?.guard ?? openGuard);
      await client.query("UPDATE void_pin_guards SET guard = $3 WHERE device_id = $1 AND clerk_id = $2", [
        deviceId,
        clerkId,
        guard,
      ]);
      return guard;
    });
  }

  // Dump and restore (store/dumpRecord.ts).

  /**
   * One repeatable-read transaction, so the dump is one moment of the store while other processes
   * go on writing; each kind paged by its key, a batch at a time.
   */
  async *dump(): AsyncGenerator<DumpRecord[]> {
    const client = await this.p.connect();
    let broken = false;
    let ended = false;
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      // Read after the snapshot is taken (sequences are not transactional): at or above every
      // number the dump holds, so a restore goes on above them.
      const { rows } = await client.query<{ rev: string; seq: string; changed_at_ms: string }>(
        `SELECT (SELECT last_value FROM ticket_revs) AS rev, (SELECT last_value FROM redemption_seqs) AS seq,
           (SELECT last_value FROM change_clock_ms) AS changed_at_ms`,
      );
      const counters = rows[0];
      yield [
        {
          kind: "counters",
          rev: Number(counters?.rev ?? 0),
          seq: Number(counters?.seq ?? 0),
          changedAtMs: Number(counters?.changed_at_ms ?? 0),
        },
      ];
      for (const source of dumpSources) yield* pagedDump(client, source);
      await client.query("COMMIT");
      ended = true;
    } catch (error) {
      broken = true;
      throw error;
    } finally {
      // A dump left early (its reader stopped) ends its read-only transaction here; after a
      // failure the connection is dropped rather than given back to the pool mid-transaction.
      if (!ended && !broken) await client.query("ROLLBACK").catch(() => undefined);
      client.release(broken);
    }
  }

  /** In one transaction: a restore cut off leaves the database as empty as it was. */
  load(batches: AsyncIterable<readonly DumpRecord[]>, onLoaded?: (records: number) => void): Promise<Loaded> {
    return this.transaction(async (client) => {
      await lockKey(client, "import");
      const { rows } = await client.query<{ held: boolean }>(
        `SELECT EXISTS (SELECT FROM stores) OR EXISTS (SELECT FROM tickets) OR EXISTS (SELECT FROM redemptions)
           OR EXISTS (SELECT FROM tombstones) OR EXISTS (SELECT FROM tokens) OR EXISTS (SELECT FROM clerks)
           OR EXISTS (SELECT FROM orders) OR EXISTS (SELECT FROM heartbeats) AS held`,
      );
      if (rows[0]?.held === true) return { kind: "not_empty" };
      let records = 0;
      for await (const batch of batches) {
        await loadBatch(client, batch);
        records += batch.length;
        onLoaded?.(records);
      }
      await splitKioskUnits(client);
      return { kind: "loaded", records };
    });
  }

  async feedAt(rev: number): Promise<FeedPosition> {
    const [row] = await this.rows<{ head: string; changed_at: string | null }>(
      `SELECT (SELECT last_value FROM ticket_revs) AS head,
              (SELECT updated_at FROM tickets WHERE rev <= $1 ORDER BY rev DESC LIMIT 1) AS changed_at`,
      [rev],
    );
    return { headRev: Number(row?.head ?? 0), changedAt: row?.changed_at ?? undefined };
  }

  async putPairingCode(code: string, record: PairingCodeRecord): Promise<void> {
    await this.p.query(
      "INSERT INTO pairing_codes (code_sha256, device_id, store_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
      [tokenKey(code), record.deviceId, record.storeId, record.createdAt, record.expiresAt],
    );
  }

  /** The code's row is locked (FOR UPDATE) until commit: a concurrent claim waits, then finds it used. */
  claimPairingCode(code: string, at: Date): Promise<PairingClaim> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<PairingRow>(
        "SELECT device_id, store_id, created_at, expires_at, used_at FROM pairing_codes WHERE code_sha256 = $1 FOR UPDATE",
        [tokenKey(code)],
      );
      const row = rows[0];
      if (row === undefined) return { kind: "refused" };
      const record: PairingCodeRecord = {
        deviceId: row.device_id,
        storeId: row.store_id,
        createdAt: row.created_at.toISOString(),
        expiresAt: row.expires_at.toISOString(),
        ...(row.used_at === null ? {} : { usedAt: row.used_at.toISOString() }),
      };
      if (!isClaimable(record, at)) return { kind: "refused" };
      await client.query("UPDATE pairing_codes SET used_at = $2 WHERE code_sha256 = $1", [
        tokenKey(code),
        at.toISOString(),
      ]);
      const { deviceId, storeId } = record;
      const pinKey = newPinKey();
      const token = await this.insertTokenOn(
        client,
        "ctk",
        (createdAt) => ({ kind: "device", deviceId, storeId, createdAt, revoked: false }),
        pinKey,
      );
      return { kind: "paired", deviceId, storeId, token, pinKey };
    });
  }

  // --- The console's reads (consoleData.ts; the meaning is redemptionQuery.ts `matchesQuery`) ---

  async findRedemptions(
    query: RedemptionQuery,
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<SequencedPage> {
    const values: unknown[] = [];
    const where = redemptionQueryWhere(query, values);
    values.push(beforeSeq ?? null, limit + 1);
    const rows = await this.rows<{
      seq: string;
      record: RedemptionRecord;
      product: string | null;
      resolution: Resolution | null;
    }>(
      `SELECT r.seq, r.record, t.fields->>'productName' AS product, x.record AS resolution ${consoleFrom}
       WHERE ${where} AND ($${values.length - 1}::bigint IS NULL OR r.seq < $${values.length - 1})
       ORDER BY r.seq DESC LIMIT $${values.length}`,
      values,
    );
    return {
      records: rows.slice(0, limit).map((row) => ({
        seq: Number(row.seq),
        record: row.record,
        productName: row.product ?? undefined,
        resolution: row.resolution ?? undefined,
      })),
      hasMore: rows.length > limit,
    };
  }

  async countRedemptions(query: RedemptionQuery): Promise<number> {
    const values: unknown[] = [];
    const where = redemptionQueryWhere(query, values);
    const [row] = await this.rows<{ count: string }>(`SELECT count(*) ${consoleFrom} WHERE ${where}`, values);
    return Number(row?.count ?? 0);
  }

  async getRedemption(id: string): Promise<RedemptionRecord | undefined> {
    const [row] = await this.rows<{ record: RedemptionRecord }>(
      "SELECT record FROM redemptions WHERE id = $1",
      [id],
    );
    return row?.record;
  }

  async recordRefusedUpload(upload: Omit<RefusedUpload, "id">): Promise<RefusedUpload> {
    return this.transaction(async (client) => {
      // A change's time is unique across processes (take_change_numbers): the upload's id.
      const { at } = await this.takeChangeNumbers(client, 0, 0);
      const kept = { id: at, ...upload };
      await client.query("INSERT INTO refused_uploads (id, store_id, record) VALUES ($1, $2, $3)", [
        at,
        upload.storeId,
        kept,
      ]);
      return kept;
    });
  }

  async refusedUploads(
    query: RefusedUploadQuery,
    beforeId: string | undefined,
    limit: number,
  ): Promise<RefusedUploadPage> {
    const values: unknown[] = [];
    const where = refusedUploadWhere(query, values);
    values.push(beforeId ?? null, limit + 1);
    const rows = await this.rows<{ record: RefusedUpload; resolution: Resolution | null }>(
      `SELECT u.record, x.record AS resolution ${refusedFrom}
       WHERE ${where} AND ($${values.length - 1}::text IS NULL OR u.id < $${values.length - 1})
       ORDER BY u.id DESC LIMIT $${values.length}`,
      values,
    );
    return {
      uploads: rows
        .slice(0, limit)
        .map((row) => ({ upload: row.record, resolution: row.resolution ?? undefined })),
      hasMore: rows.length > limit,
    };
  }

  async countRefusedUploads(query: RefusedUploadQuery): Promise<number> {
    const values: unknown[] = [];
    const where = refusedUploadWhere(query, values);
    const [row] = await this.rows<{ count: string }>(`SELECT count(*) ${refusedFrom} WHERE ${where}`, values);
    return Number(row?.count ?? 0);
  }

  async getRefusedUpload(id: string): Promise<RefusedUpload | undefined> {
    const [row] = await this.rows<{ record: RefusedUpload }>(
      "SELECT record FROM refused_uploads WHERE id = $1",
      [id],
    );
    return row?.record;
  }

  async resolve(id: string, resolution: Resolution): Promise<boolean> {
    const result = await this.p.query(
      "INSERT INTO exception_resolutions (id, record) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
      [id, resolution],
    );
    return result.rowCount === 1;
  }

  async getResolution(id: string): Promise<Resolution | undefined> {
    const [row] = await this.rows<{ record: Resolution }>(
      "SELECT record FROM exception_resolutions WHERE id = $1",
      [id],
    );
    return row?.record;
  }

  /** Each kind of search on its own index (006_console_data.sql); the meaning is ticketQuery.ts. */
  async searchTickets(
    search: TicketSearch,
    storeIds: readonly string[] | undefined,
    afterCode: string | undefined,
    limit: number,
  ): Promise<TicketSearchPage> {
    const prefix = `${search.term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const [condition, term] = {
      code: ["code LIKE $1", prefix],
      order: ["fields->>'orderNumber' = $1", search.term],
      phone: [`reverse(${phoneDigitsSql}) LIKE $1`, `${[...search.term].reverse().join("")}%`],
      name: ["fields->'customer'->>'name' LIKE $1", prefix],
    }[search.kind];
    const rows = await this.rows<TicketRow>(
      `SELECT ${ticketColumns} FROM tickets
       WHERE ${condition} AND ($2::text[] IS NULL OR store_ids IS NULL OR store_ids && $2::text[])
         AND ($3::text IS NULL OR code > $3)
       ORDER BY code LIMIT $4`,
      [term, storeIds ?? null, afterCode ?? null, limit + 1],
    );
    const tickets = rows.slice(0, limit).map(ticketOf);
    return { tickets, next: rows.length > limit ? tickets[tickets.length - 1]?.ticket.code : undefined };
  }

  async heldFor(document: ImportDocument): Promise<CurrentRecords> {
    const client = await this.p.connect();
    try {
      return await heldRecords(client, document);
    } finally {
      client.release();
    }
  }

  async setClerkPin(id: string, pinHash: string): Promise<ClerkRecord | undefined> {
    return this.transaction(async (client) => {
      const { at } = await this.takeChangeNumbers(client, 0, 0);
      const { rows } = await client.query<{ record: ClerkRecord }>(
        "UPDATE clerks SET record = record || jsonb_build_object('pinHash', $2::text, 'updatedAt', $3::text) WHERE id = $1 RETURNING record",
        [id, pinHash, at],
      );
      return rows[0]?.record;
    });
  }

  async setClerkDisabled(id: string, disabled: boolean): Promise<boolean> {
    const result = disabled
      ? await this.p.query("INSERT INTO disabled_clerks (clerk_id) VALUES ($1) ON CONFLICT DO NOTHING", [id])
      : await this.p.query("DELETE FROM disabled_clerks WHERE clerk_id = $1", [id]);
    return result.rowCount === 1;
  }

  async deviceNames(): Promise<Map<string, string>> {
    const rows = await this.rows<{ device_id: string; name: string }>(
      "SELECT device_id, name FROM device_names",
    );
    return new Map(rows.map((row) => [row.device_id, row.name]));
  }

  async setDeviceName(deviceId: string, name: string): Promise<void> {
    await this.p.query(
      "INSERT INTO device_names (device_id, name) VALUES ($1, $2) ON CONFLICT (device_id) DO UPDATE SET name = EXCLUDED.name",
      [deviceId, name],
    );
  }

  async moveDevice(deviceId: string, storeId: string): Promise<number> {
    this.uploadTokens.clear();
    const result = await this.p.query(
      "UPDATE tokens SET record = jsonb_set(record, '{storeId}', to_jsonb($2::text)) WHERE kind = 'device' AND device_id = $1",
      [deviceId, storeId],
    );
    return result.rowCount ?? 0;
  }

  async disabledClerkIds(): Promise<ReadonlySet<string>> {
    const rows = await this.rows<{ clerk_id: string }>("SELECT clerk_id FROM disabled_clerks");
    return new Set(rows.map((row) => row.clerk_id));
  }

  /**
   * Takes `revs` consecutive revs and `seqs` arrival numbers and the change's time
   * (migrations/007_change_numbers.sql): no row is held, so call it where the numbers are needed.
   */
  private async takeChangeNumbers(client: Client, revs: number, seqs: number): Promise<ChangeNumbers> {
    const { rows } = await client.query<{ first_rev: string; seq: string; at_ms: string }>(
      "SELECT first_rev, seq, at_ms FROM take_change_numbers($1, $2, $3)",
      [revs, seqs, this.now().getTime()],
    );
    const row = rows[0];
    if (row === undefined) throw new Error("take_change_numbers returned no row");
    return {
      firstRev: Number(row.first_rev),
      seq: Number(row.seq),
      at: new Date(Number(row.at_ms)).toISOString(),
    };
  }

  /**
   * The highest rev and arrival number a feed page may hold: below every number still in flight
   * (migrations/007_change_numbers.sql). Read before the page, in a statement of its own, so the
   * page's snapshot is taken after it.
   */
  private async horizon(): Promise<{ rev: number; seq: number }> {
    const [row] = await this.rows<{ rev: string; seq: string }>("SELECT rev, seq FROM feed_horizon()");
    return { rev: Number(row?.rev ?? 0), seq: Number(row?.seq ?? 0) };
  }
}

function ticketsPage(rows: readonly TicketRow[], afterRev: number, limit: number): TicketsPage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    tickets: page.map((row) => ticketOf(row).ticket),
    lastRev: last === undefined ? afterRev : Number(last.rev),
    hasMore: rows.length > limit,
  };
}

const consoleFrom = `FROM redemptions r LEFT JOIN tickets t ON t.code = r.ticket_code
  LEFT JOIN exception_resolutions x ON x.id = r.id`;
const refusedFrom = "FROM refused_uploads u LEFT JOIN exception_resolutions x ON x.id = u.id";

function refusedUploadWhere(query: RefusedUploadQuery, values: unknown[]): string {
  const conditions = ["true"];
  if (query.storeIds !== undefined) {
    values.push(query.storeIds);
    conditions.push(`u.store_id = ANY($${values.length}::text[])`);
  }
  if (query.resolved !== undefined) conditions.push(`x.id IS ${query.resolved ? "NOT " : ""}NULL`);
  return conditions.join(" AND ");
}

/**
 * A console query as SQL over `redemptions r LEFT JOIN tickets t`, its values pushed onto `values`;
 * each condition is there only when the query names it, so the planner sees the indexes it can use
 * (006_console_data.sql).
 */
function redemptionQueryWhere(query: RedemptionQuery, values: unknown[]): string {
  const conditions = ["true"];
  const add = (sql: (placeholder: string) => string, value: unknown): void => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  const redeemedAt = "COALESCE(r.record->>'judgedAt', r.record->'redemption'->>'redeemedAt')::timestamptz";
  if (query.storeIds !== undefined) add((p) => `r.store_id = ANY(${p}::text[])`, query.storeIds);
  if (query.deviceId !== undefined) add((p) => `r.device_id = ${p}`, query.deviceId);
  if (query.clerkId !== undefined) add((p) => `r.record->'redemption'->>'clerkId' = ${p}`, query.clerkId);
  if (query.productName !== undefined) add((p) => `t.fields->>'productName' = ${p}`, query.productName);
  if (query.state !== undefined)
    add(
      (p) => `(CASE WHEN r.record ? 'voided' THEN 'voided' ELSE r.record->>'status' END) = ${p}`,
      query.state,
    );
  if (query.offline !== undefined)
    add((p) => `(r.record->'redemption'->>'offline')::boolean = ${p}`, query.offline);
  if (query.conflict !== undefined) add((p) => `(r.record->>'status' = 'conflict') = ${p}`, query.conflict);
  if (query.from !== undefined) add((p) => `${redeemedAt} >= ${p}::timestamptz`, query.from);
  if (query.until !== undefined) add((p) => `${redeemedAt} < ${p}::timestamptz`, query.until);
  if (query.exceptions !== undefined)
    add(
      (p) =>
        `(r.exception OR ((r.record->'redemption'->>'offline')::boolean
          AND r.received_at - ${redeemedAt} > ${p}::double precision * interval '1 millisecond'))`,
      query.exceptions.lateAfterMs,
    );
  if (query.resolved !== undefined) conditions.push(`x.id IS ${query.resolved ? "NOT " : ""}NULL`);
  return conditions.join(" AND ");
}

/** A phone number's digits in SQL, as ticketQuery.ts `phoneDigits`; immutable, so indexable. */
const phoneDigitsSql = "regexp_replace(fields->'customer'->>'phone', '[^0-9]', '', 'g')";

/**
 * The records an import of `document` touches, as held; `lockTickets` (` FOR UPDATE`) holds its
 * tickets' rows until the transaction ends, in code order.
 */
async function heldRecords(
  client: Client,
  document: ImportDocument,
  lockTickets = "",
): Promise<CurrentRecords> {
  const codes = document.orders.flatMap((order) => order.tickets.map((ticket) => ticket.code));
  const byKey = async <V>(sql: string, keys: readonly string[]): Promise<Map<string, V>> => {
    const { rows } = await client.query<{ key: string; record: V }>(sql, [keys]);
    return new Map(rows.map((row) => [row.key, row.record]));
  };
  const { rows: ticketRows } = await client.query<TicketRow>(
    `SELECT ${ticketColumns} FROM tickets WHERE code = ANY($1) ORDER BY code${lockTickets}`,
    [codes],
  );
  return {
    stores: await byKey<StoreRecord>(
      "SELECT id AS key, record FROM stores WHERE id = ANY($1)",
      document.stores.map((store) => store.id),
    ),
    clerks: await byKey<ClerkRecord>(
      "SELECT id AS key, record FROM clerks WHERE id = ANY($1)",
      document.clerks.map((clerk) => clerk.id),
    ),
    orders: await byKey<OrderRecord>(
      "SELECT order_number AS key, record FROM orders WHERE order_number = ANY($1)",
      document.orders.map((order) => order.orderNumber),
    ),
    tickets: new Map(ticketRows.map((row) => [row.code, ticketOf(row)])),
  };
}

/** `work` in a transaction on `client`: committed whole, or rolled back and its error thrown. */
function inTransaction<T>(client: Client, work: (client: Client) => Promise<T>): Promise<T> {
  return inTransactionOpenedBy(client, begin, work);
}

async function begin(client: Client): Promise<void> {
  await client.query("BEGIN");
}

/**
 * `work` in a transaction on `client` that `open` begins (and may read in: its result is given to
 * `work`): committed whole, or rolled back and its error thrown.
 */
async function inTransactionOpenedBy<O, T>(
  client: Client,
  open: (client: Client) => Promise<O>,
  work: (client: Client, opened: O) => Promise<T>,
): Promise<T> {
  return endedByWork(client, async () => {
    const result = await work(client, await open(client));
    await client.query("COMMIT");
    return result;
  });
}

/** `work`, which ends the transaction open on `client` itself; rolled back if it throws, its error thrown. */
async function endedByWork<T>(client: Client, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** A transaction-scoped advisory lock on a name, released at commit or rollback. */
async function lockKey(client: Client, key: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [key]);
}

async function selectTicket(
  on: pg.Pool | Client,
  code: string,
  forUpdate: boolean,
): Promise<TicketRecord | undefined> {
  const { rows } = await on.query<TicketRow>(
    `SELECT ${ticketColumns} FROM tickets WHERE code = $1${forUpdate ? " FOR UPDATE" : ""}`,
    [code],
  );
  return rows[0] === undefined ? undefined : ticketOf(rows[0]);
}

/**
 * Begins an upload's transaction and reads what it is judged on, in one round trip: `BEGIN` and
 * `upload_state` (migrations/009_upload_token.sql: the lock on the redemption id, then the
 * ticket's row locked until commit, the record and tombstone under the id, the clerk and the
 * upload's token) as one simple query, whose values are therefore quoted by `escapeLiteral` rather
 * than bound. One round trip instead of two, then five (docs/performance.md, "Central service").
 */
async function beginUpload(
  client: Client,
  { id, ticketCode, clerkId, token }: UploadKey,
): Promise<UploadState> {
  const literal = (value: string | undefined) => (value === undefined ? "NULL" : client.escapeLiteral(value));
  const tokenHash = token === undefined ? undefined : tokenKey(token);
  const results = (await client.query(
    `BEGIN; SELECT * FROM upload_state(${[id, ticketCode, clerkId, tokenHash].map(literal).join(", ")})`,
  )) as unknown as pg.QueryResult<
    Partial<TicketRow> & {
      existing: RedemptionRecord | null;
      tombstone: TombstoneRecord | null;
      clerk: ClerkRecord | null;
      token: TokenRecord | null;
    }
  >[];
  const row = results[1]?.rows[0];
  if (row === undefined) throw new Error("the upload's state came back without its row");
  const { existing, tombstone, clerk, token: held, ...ticket } = row;
  // No ticket of that code: the lateral join's columns are all null.
  return {
    ticket: ticket.code === undefined || ticket.code === null ? undefined : ticketOf(ticket as TicketRow),
    existing: existing ?? undefined,
    tombstone: tombstone ?? undefined,
    clerk: clerk ?? undefined,
    token: held ?? undefined,
  };
}

async function selectRecord<R = RedemptionRecord>(
  client: Client,
  table: "redemptions" | "tombstones",
  id: string,
): Promise<R | undefined> {
  const { rows } = await client.query<{ record: R }>(`SELECT record FROM ${table} WHERE id = $1`, [id]);
  return rows[0]?.record;
}

async function selectClerk(on: pg.Pool | Client, id: string): Promise<ClerkRecord | undefined> {
  const { rows } = await on.query<{ record: ClerkRecord }>("SELECT record FROM clerks WHERE id = $1", [id]);
  return rows[0]?.record;
}

/**
 * Adds `delta` units to a ticket's column under the rev and time given. Units taken online only
 * while they last: the conditional update finds no row when they ran out, which the judge (on the
 * row this transaction holds) should have seen first, so it is an error, not a verdict.
 */
async function addUnits(
  client: Client,
  code: string,
  column: "accepted_units" | "conflict_units",
  delta: number,
  { firstRev, at }: ChangeNumbers,
): Promise<Ticket> {
  const whileTheyLast = unitsLeftCondition(column, delta);
  // The ticket and its stores' feed rows in one statement: one round trip while the ticket's row
  // is held.
  const { rows } = await client.query<TicketRow>(
    `WITH changed AS (
       UPDATE tickets SET ${column} = ${column} + $2, rev = $3, updated_at = $4
       WHERE code = $1${whileTheyLast} RETURNING ${ticketColumns}, store_ids
     ), feed AS (
       UPDATE ticket_stores SET rev = $3 FROM changed WHERE ${feedRowsOf("changed", "$1")}
     )
     SELECT * FROM changed`,
    [code, delta, firstRev, at],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`ticket ${code} has no ${delta} unit(s) left to take`);
  return ticketOf(row).ticket;
}

/**
 * The feed rows of the ticket `code` whose store list a CTE `changed` returned, by their primary key
 * (store_id, code): a condition on the code alone would scan every feed row of the chain.
 */
function feedRowsOf(changed: string, code: string): string {
  return `ticket_stores.store_id = ANY(COALESCE(${changed}.store_ids, ARRAY['${everyStore}'])) AND ticket_stores.code = ${code}`;
}

/** Online units are taken only while they last: the condition on `$2` units, when it applies. */
function unitsLeftCondition(column: "accepted_units" | "conflict_units", delta: number): string {
  return column === "accepted_units" && delta > 0
    ? " AND imported_units + accepted_units + conflict_units + $2 <= total_units"
    : "";
}

/**
 * Records an upload's verdict and commits, in one round trip: `record_upload`
 * (migrations/008_record_upload.sql: its change numbers, a rev when the ticket's units change and
 * an arrival number, the units added to the ticket and its feed rows, the record inserted) and
 * `COMMIT` as one simple query, whose values are therefore quoted by `escapeLiteral` rather than
 * bound, as `beginUpload`'s are (docs/performance.md, "Central service on PostgreSQL, third round").
 * Returns the ticket after the change when its units changed. Units taken online only while they
 * last, as `addUnits` says.
 */
async function recordUploadAndCommit(
  client: Client,
  record: RedemptionRecord,
  delta: number,
  now: Date,
): Promise<Ticket | undefined> {
  const code = record.redemption.ticketCode;
  const column = delta === 0 ? "accepted_units" : unitsColumn(record);
  const literal = (value: string) => client.escapeLiteral(value);
  const args = [
    literal(code),
    String(delta),
    literal(column === "accepted_units" ? "accepted" : "conflict"),
    String(unitsLeftCondition(column, delta) !== ""),
    String(now.getTime()),
    literal(record.redemption.id),
    literal(bodySha256(record)),
    literal(record.redemption.storeId),
    literal(record.redemption.deviceId),
    literal(record.receivedAt),
    String(isException(record)),
    `${literal(JSON.stringify(record))}::jsonb`,
  ];
  const results = (await client.query(
    `SELECT * FROM record_upload(${args.join(", ")}); COMMIT`,
  )) as unknown as pg.QueryResult<Partial<TicketRow>>[];
  const row = results[0]?.rows[0];
  if (row === undefined) throw new Error("record_upload returned no row");
  if (delta === 0) return undefined;
  if (row.code === undefined || row.code === null)
    throw new Error(`ticket ${code} has no ${delta} unit(s) left to take`);
  return ticketOf(row as TicketRow).ticket;
}

async function upsertRecords(
  client: Client,
  table: "stores" | "clerks" | "orders",
  key: "id" | "order_number",
  records: readonly (readonly [string, unknown])[],
): Promise<void> {
  if (records.length === 0) return;
  await client.query(
    `INSERT INTO ${table} (${key}, record) SELECT k, r::jsonb FROM unnest($1::text[], $2::text[]) AS x(k, r)
     ON CONFLICT (${key}) DO UPDATE SET record = EXCLUDED.record`,
    [records.map(([id]) => id), records.map(([, record]) => JSON.stringify(record))],
  );
}

/**
 * Writes an import's ticket changes under consecutive revs from `firstRev`, keeping each ticket's
 * kiosk units (accepted and conflict columns are not touched), and its stores' feed rows.
 */
async function writeTickets(
  client: Client,
  changes: readonly { readonly fields: ImportedTicket; readonly importedUnits: number }[],
  firstRev: number,
  at: string,
): Promise<void> {
  if (changes.length === 0) return;
  const revs = changes.map((_, index) => firstRev + index);
  const codes = changes.map((change) => change.fields.code);
  await client.query(
    `INSERT INTO tickets (code, fields, store_ids, total_units, imported_units, rev, updated_at)
     SELECT code, fields::jsonb,
            CASE WHEN fields::jsonb ? 'storeIds' THEN ARRAY(SELECT jsonb_array_elements_text(fields::jsonb -> 'storeIds')) END,
            total, imported, rev, $6
     FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::bigint[]) AS x(code, fields, total, imported, rev)
     ON CONFLICT (code) DO UPDATE SET fields = EXCLUDED.fields, store_ids = EXCLUDED.store_ids,
       total_units = EXCLUDED.total_units, imported_units = EXCLUDED.imported_units, rev = EXCLUDED.rev,
       updated_at = EXCLUDED.updated_at`,
    [
      codes,
      changes.map((change) => JSON.stringify(change.fields)),
      changes.map((change) => change.fields.totalUnits),
      changes.map((change) => change.importedUnits),
      revs,
      at,
    ],
  );
  const feed = changes.flatMap((change, index) =>
    (change.fields.storeIds ?? [everyStore]).map(
      (storeId) => [storeId, change.fields.code, revs[index]] as const,
    ),
  );
  await client.query("DELETE FROM ticket_stores WHERE code = ANY($1)", [codes]);
  await client.query(
    "INSERT INTO ticket_stores (store_id, code, rev) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])",
    [feed.map(([storeId]) => storeId), feed.map(([, code]) => code), feed.map(([, , rev]) => rev)],
  );
}

/** Applies the migrations a database has not had yet (`ticket-kiosk central migrate`); their versions. */
export async function migrateDatabase(url: string): Promise<number[]> {
  const pool = new pg.Pool(poolConfig(url, 1));
  try {
    return await migrate(pool);
  } catch (error) {
    throw explainConnectError(error, url);
  } finally {
    await pool.end();
  }
}
