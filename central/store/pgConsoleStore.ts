/**
 * The console's records in the central's PostgreSQL database (migration 005_console_accounts.sql),
 * over the ledger store's pool once it is open. Audit numbers come from a sequence: unique and
 * increasing, though a rolled-back append may leave a gap, which an audit log tolerates.
 */
import type pg from "pg";
import type { PinGuard } from "../../device/pinLockout.js";
import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  ConsoleAccount,
  ConsoleSession,
  ConsoleStore,
} from "./consoleStore.js";

interface AuditRow {
  readonly seq: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly detail: string;
  readonly address: string;
}

const auditOf = (row: AuditRow): AuditEntry => ({ ...row, seq: Number(row.seq) });

export class PgConsoleStore implements ConsoleStore {
  /** `pool` is called at each use: the ledger's store opens it after this is made. */
  constructor(private readonly pool: () => pg.Pool) {}

  async putAccount(account: ConsoleAccount): Promise<boolean> {
    const [row] = await this.rows<{ inserted: boolean }>(
      `INSERT INTO console_accounts (name, record) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET record = EXCLUDED.record
       RETURNING (xmax = 0) AS inserted`,
      [account.name, account],
    );
    return row?.inserted === true;
  }

  async getAccount(name: string): Promise<ConsoleAccount | undefined> {
    const [row] = await this.rows<{ record: ConsoleAccount }>(
      "SELECT record FROM console_accounts WHERE name = $1",
      [name],
    );
    return row?.record;
  }

  async countAccounts(): Promise<number> {
    const [row] = await this.rows<{ count: string }>("SELECT count(*) AS count FROM console_accounts");
    return Number(row?.count ?? 0);
  }

  async putSession(session: ConsoleSession): Promise<void> {
    await this.rows(
      "INSERT INTO console_sessions (id_hash, record) VALUES ($1, $2) ON CONFLICT (id_hash) DO UPDATE SET record = EXCLUDED.record",
      [session.idHash, session],
    );
  }

  async getSession(idHash: string): Promise<ConsoleSession | undefined> {
    const [row] = await this.rows<{ record: ConsoleSession }>(
      "SELECT record FROM console_sessions WHERE id_hash = $1",
      [idHash],
    );
    return row?.record;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.rows("DELETE FROM console_sessions WHERE id_hash = $1", [idHash]);
  }

  async getLoginGuard(name: string): Promise<PinGuard | undefined> {
    const [row] = await this.rows<{ guard: PinGuard }>(
      "SELECT guard FROM console_login_guards WHERE name = $1",
      [name],
    );
    return row?.guard;
  }

  async putLoginGuard(name: string, guard: PinGuard): Promise<void> {
    await this.rows(
      "INSERT INTO console_login_guards (name, guard) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET guard = EXCLUDED.guard",
      [name, guard],
    );
  }

  async appendAudit(entry: Omit<AuditEntry, "seq">): Promise<AuditEntry> {
    const [row] = await this.rows<AuditRow>(
      `INSERT INTO console_audit (at, actor, action, detail, address) VALUES ($1, $2, $3, $4, $5)
       RETURNING seq, at, actor, action, detail, address`,
      [entry.at, entry.actor, entry.action, entry.detail, entry.address],
    );
    if (row === undefined) throw new Error("the audit entry was not written");
    return auditOf(row);
  }

  async auditPage(query: AuditQuery): Promise<AuditPage> {
    // strpos on lower(): a plain substring test, with no LIKE wildcards to escape.
    const rows = await this.rows<AuditRow>(
      `SELECT seq, at, actor, action, detail, address FROM console_audit
       WHERE ($1::bigint IS NULL OR seq < $1)
         AND ($2::text IS NULL OR strpos(lower(actor || ' ' || action || ' ' || detail), $2) > 0)
       ORDER BY seq DESC LIMIT $3`,
      [query.beforeSeq ?? null, query.search?.toLowerCase() ?? null, query.limit + 1],
    );
    return { entries: rows.slice(0, query.limit).map(auditOf), hasMore: rows.length > query.limit };
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
    return (await this.pool().query<R>(sql, values)).rows;
  }
}
