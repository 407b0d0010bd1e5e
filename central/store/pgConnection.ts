/**
 * How the central service connects to PostgreSQL: the database URL, and a password from where
 * libpq looks for one (https://www.postgresql.org/docs/15/libpq-pgpass.html): the URL, then
 * PGPASSWORD, then the password file, `~/.pgpass` or the file PGPASSFILE names (the systemd
 * drop-in `central-postgres.conf` hands one to the service as a credential). `pg` reads the file
 * itself only with a deprecation warning on every start, and pg 9 will not read it: the file is
 * read here with the module `pg` used for it, and handed to `pg` as its password function.
 */
import type pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";
import pgpass from "pgpass";

type PasswordFunction = Exclude<pg.PoolConfig["password"], string | undefined>;

/**
 * How long a connection may take to be made, or a free one of the pool to be had. `pg`'s default
 * is without end: a server that takes the connection and never answers (another program on that
 * port, a firewall dropping packets) held a command, or a request, for good. A request that waits
 * longer is answered 503, as for a database down (central/storeUnavailable.ts).
 */
export const connectTimeoutMs = 10_000;

export function poolConfig(url: string, max: number): pg.PoolConfig {
  const config = parseIntoClientConfig(url);
  // `pg` calls it with the connection's parameters and takes undefined for "no password"
  // (`_getPassword` in pg/lib/client.js); @types/pg declares neither.
  const lookUp = passwordFromEnvironment as unknown as PasswordFunction;
  // A URL without a password parses to an empty one, which libpq takes as none too.
  return { ...config, max, connectionTimeoutMillis: connectTimeoutMs, password: config.password || lookUp };
}

/** Called by `pg` when the server asks for a password; undefined when there is none to give. */
async function passwordFromEnvironment(connection: {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
}): Promise<string | undefined> {
  const fromEnvironment = process.env.PGPASSWORD;
  if (fromEnvironment !== undefined) return fromEnvironment;
  return new Promise((resolve) => pgpass(connection, resolve));
}
