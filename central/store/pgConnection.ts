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

export function poolConfig(url: string, max: number): pg.PoolConfig {
  const config = parseIntoClientConfig(url);
  // `pg` calls it with the connection's parameters and takes undefined for "no password"
  // (`_getPassword` in pg/lib/client.js); @types/pg declares neither.
  const lookUp = passwordFromEnvironment as unknown as PasswordFunction;
  // A URL without a password parses to an empty one, which libpq takes as none too.
  return { ...config, max, password: config.password || lookUp };
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
