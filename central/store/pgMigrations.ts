/**
 * The PostgreSQL store's schema as versioned migrations: the files `NNN_name.sql` in
 * central/store/migrations, applied in order, each in its own transaction together with its row in
 * `schema_migrations`, so a migration is applied whole or not at all, and once. Central processes
 * starting together on one database take a session advisory lock first, so one migrates and the
 * others find it done. A database migrated by a newer version (a version this program does not
 * have) is refused rather than used with a schema it does not know.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";

/** The sources beside the compiled program: dist/central/store → central/store/migrations. */
const migrationsDir = fileURLToPath(new URL("../../../central/store/migrations/", import.meta.url));
/** Any constant both sides agree on: the lock is held by the one migrating process only. */
const migrationLock = 7_240_013;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export class NewerSchemaError extends Error {
  override readonly name = "NewerSchemaError";
}

export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: await readFile(join(dir, file), "utf8"),
    })),
  );
}

/** Applies the migrations not yet applied; the versions it applied. */
export async function migrate(pool: pg.Pool, migrations?: readonly Migration[]): Promise<number[]> {
  const known = migrations ?? (await readMigrations());
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [migrationLock]);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
    const applied = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...known.map((migration) => migration.version));
    const unknown = [...applied].filter((version) => version > newest);
    if (unknown.length > 0) {
      throw new NewerSchemaError(
        `the database has schema version ${Math.max(...unknown)}, newer than this program's ${newest}: run a newer ticket-kiosk`,
      );
    }
    const done: number[] = [];
    for (const migration of known) {
      if (applied.has(migration.version)) continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
          migration.version,
          migration.name,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      done.push(migration.version);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [migrationLock]).catch(() => undefined);
    client.release();
  }
}
