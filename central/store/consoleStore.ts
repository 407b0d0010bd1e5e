/**
 * The web console's own records (docs/console.md, docs/security.md "Console"): accounts, sessions,
 * each account's login guard and the audit log. A port with two adapters in the same database as
 * the ledger: sublevels of its LevelDB (levelConsoleStore.ts) and tables of its PostgreSQL
 * database (pgConsoleStore.ts, migration 005), that pass one contract suite
 * (test/helpers/consoleStoreContract.ts). Types only.
 */
import type { PinGuard } from "../../device/pinLockout.js";

export type ConsoleRole = "hq" | "manager";

export interface ConsoleAccount {
  readonly name: string;
  readonly role: ConsoleRole;
  /** The stores a manager sees; empty for hq, who sees every store. */
  readonly storeIds: readonly string[];
  /** `scrypt$N$r$p$salt$hash` (central/console/passwordHash.ts). */
  readonly passwordHash: string;
  readonly createdAt: string;
}

/** A signed-in browser: kept under the sha256 of its cookie's id, never the id itself. */
export interface ConsoleSession {
  readonly idHash: string;
  readonly name: string;
  /** The token every state-changing request must carry (central/console/csrf.ts). */
  readonly csrfToken: string;
  readonly createdAtMs: number;
  readonly lastSeenAtMs: number;
}

export interface AuditEntry {
  /** Assigned by the store, in the order entries were appended. */
  readonly seq: number;
  readonly at: string;
  /** The account that acted, or the name tried at a failed login. */
  readonly actor: string;
  readonly action: string;
  readonly detail: string;
  readonly address: string;
}

export interface AuditQuery {
  /** Entries whose actor, action or detail contain it (case-insensitive); absent = all. */
  readonly search?: string;
  /** Entries with a seq below this one (the previous page's last); absent = the newest. */
  readonly beforeSeq?: number;
  readonly limit: number;
}

export interface AuditPage {
  /** Newest first. */
  readonly entries: AuditEntry[];
  readonly hasMore: boolean;
}

export interface ConsoleStore {
  /** Creates the account, or replaces the one of that name: whether it was new. */
  putAccount(account: ConsoleAccount): Promise<boolean>;
  getAccount(name: string): Promise<ConsoleAccount | undefined>;
  countAccounts(): Promise<number>;

  putSession(session: ConsoleSession): Promise<void>;
  getSession(idHash: string): Promise<ConsoleSession | undefined>;
  deleteSession(idHash: string): Promise<void>;

  /** An account's wrong-password guard (device/pinLockout.ts); undefined when it has none. */
  getLoginGuard(name: string): Promise<PinGuard | undefined>;
  putLoginGuard(name: string, guard: PinGuard): Promise<void>;

  /** Appends one entry, durably: an action is not done until it is audited. */
  appendAudit(entry: Omit<AuditEntry, "seq">): Promise<AuditEntry>;
  auditPage(query: AuditQuery): Promise<AuditPage>;
}
