/**
 * The console's records in sublevels of the central's own LevelDB (centralStore.ts owns the
 * database; this only borrows it once open): `consoleAccounts` by name, `consoleSessions` by the
 * hash of the session id, `consoleGuards` by account name, and `consoleAudit` by a fixed-width
 * sequence number, so the newest entries are a reverse range scan. Appends are made one at a time
 * in this process (LevelDB admits one), so the numbers have no gaps or repeats. Accounts and audit
 * entries are fsynced; sessions and guards are not: a session lost to a power cut is a login again,
 * a guard lost that way gives an attacker one more round of five guesses (docs/security.md).
 */
import type { AbstractSublevel } from "abstract-level";
import type { Level } from "level";
import { syncedBatch } from "../../device/levelBatch.js";
import type { PinGuard } from "../../device/pinLockout.js";
import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  ConsoleAccount,
  ConsoleSession,
  ConsoleStore,
} from "./consoleStore.js";

type Db = Level<string, unknown>;
type Table<V> = AbstractSublevel<Db, string | Buffer | Uint8Array, string, V>;

const seqKey = (seq: number): string => seq.toString().padStart(16, "0");

export class LevelConsoleStore implements ConsoleStore {
  private lastSeq: Promise<number> | undefined;

  /** `database` is called at each use: the ledger's store opens it after this is made. */
  constructor(private readonly database: () => Db) {}

  async putAccount(account: ConsoleAccount): Promise<boolean> {
    const accounts = this.table<ConsoleAccount>("consoleAccounts");
    const existed = (await accounts.get(account.name)) !== undefined;
    await this.putDurably(accounts, account.name, account);
    return !existed;
  }

  getAccount(name: string): Promise<ConsoleAccount | undefined> {
    return this.table<ConsoleAccount>("consoleAccounts").get(name);
  }

  async countAccounts(): Promise<number> {
    return (await this.table<ConsoleAccount>("consoleAccounts").keys().all()).length;
  }

  putSession(session: ConsoleSession): Promise<void> {
    return this.table<ConsoleSession>("consoleSessions").put(session.idHash, session);
  }

  getSession(idHash: string): Promise<ConsoleSession | undefined> {
    return this.table<ConsoleSession>("consoleSessions").get(idHash);
  }

  deleteSession(idHash: string): Promise<void> {
    return this.table<ConsoleSession>("consoleSessions").del(idHash);
  }

  getLoginGuard(name: string): Promise<PinGuard | undefined> {
    return this.table<PinGuard>("consoleGuards").get(name);
  }

  putLoginGuard(name: string, guard: PinGuard): Promise<void> {
    return this.table<PinGuard>("consoleGuards").put(name, guard);
  }

  appendAudit(entry: Omit<AuditEntry, "seq">): Promise<AuditEntry> {
    const audit = this.table<AuditEntry>("consoleAudit");
    const appended = (this.lastSeq ?? this.readLastSeq(audit)).then(async (last) => {
      const record = { seq: last + 1, ...entry };
      await this.putDurably(audit, seqKey(record.seq), record);
      return record;
    });
    // A failed write leaves the number free for the next append.
    this.lastSeq = appended.then(
      (record) => record.seq,
      () => this.readLastSeq(audit),
    );
    return appended;
  }

  async auditPage(query: AuditQuery): Promise<AuditPage> {
    const audit = this.table<AuditEntry>("consoleAudit");
    const range = query.beforeSeq === undefined ? {} : { lt: seqKey(query.beforeSeq) };
    const needle = query.search?.toLowerCase();
    const entries: AuditEntry[] = [];
    for await (const entry of audit.values({ ...range, reverse: true })) {
      if (needle !== undefined && !matchesAudit(entry, needle)) continue;
      if (entries.length === query.limit) return { entries, hasMore: true };
      entries.push(entry);
    }
    return { entries, hasMore: false };
  }

  private table<V>(name: string): Table<V> {
    return this.database().sublevel<string, V>(name, { valueEncoding: "json" });
  }

  /** Through the root's batch: classic-level fsyncs a batch with `sync`, and types it there. */
  private putDurably<V>(table: Table<V>, key: string, value: V): Promise<void> {
    return this.database().batch([{ type: "put", sublevel: table, key, value }], syncedBatch);
  }

  private async readLastSeq(audit: Table<AuditEntry>): Promise<number> {
    const [last] = await audit.keys({ reverse: true, limit: 1 }).all();
    return last === undefined ? 0 : Number(last);
  }
}

/** As pgConsoleStore.ts searches: actor, action and detail joined by spaces contain the needle. */
function matchesAudit(entry: AuditEntry, needle: string): boolean {
  return `${entry.actor} ${entry.action} ${entry.detail}`.toLowerCase().includes(needle);
}
