/**
 * Why the central service could not open its PostgreSQL database, said for the person running the
 * command: which database (its password masked), what went wrong and what to do about it. The
 * driver's own words are often not enough to act on: a password the server asks for and nobody
 * gave is "SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string", which is what
 * Debian's default `pg_hba.conf` answers a TCP connection of a role made without one.
 *
 * SQLSTATEs from https://www.postgresql.org/docs/15/errcodes-appendix.html; where `pg` looks for a
 * password (PGPASSWORD, then ~/.pgpass or the file PGPASSFILE names, as libpq does) from
 * https://node-postgres.com/features/connecting.
 */
import { databaseUser, maskPassword } from "./databaseUrl.js";
import { connectTimeoutMs } from "./pgConnection.js";
import { connectTimedOut, isStoreUnavailable } from "./storeOutOfReach.js";

export class DatabaseConnectError extends Error {
  override readonly name = "DatabaseConnectError";
}

const passwordPlaces = "~/.pgpass (or the file PGPASSFILE names) or PGPASSWORD";
const guide = 'docs/central.md, "On PostgreSQL"';

/**
 * A `DatabaseConnectError` saying what to do, when `error` is the server being out of reach or
 * refusing the connection; any other error as it came.
 */
export function explainConnectError(error: unknown, url: string): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  const where = maskPassword(url);
  const user = databaseUser(url);
  const who = user === undefined ? `the database ${where}` : `user "${user}" of ${where}`;
  const explained = (message: string) => new DatabaseConnectError(message, { cause: error });
  if (connectTimedOut(error)) {
    return explained(
      `PostgreSQL for ${where} did not answer within ${connectTimeoutMs / 1000} s: is that PostgreSQL's address and port, and does the network let the connection through? (${guide})`,
    );
  }
  if (isStoreUnavailable(error)) {
    return explained(
      `cannot reach PostgreSQL for ${where}: ${error.message}. Is the server running and listening there? (\`pg_lsclusters\` lists Debian's clusters and their ports; ${guide})`,
    );
  }
  if (/client password must be a string/.test(error.message)) {
    return explained(
      `PostgreSQL asks for a password for ${who} and none was given: put it in ${passwordPlaces}, not in the URL (${guide})`,
    );
  }
  switch (code) {
    case "28P01":
      return explained(`PostgreSQL refused the password for ${who}: check ${passwordPlaces} (${guide})`);
    case "42501":
      return explained(
        `PostgreSQL refused ${who}: ${error.message}. The service's role must own the database and its tables: was the schema made by another role (\`central migrate\` run as another user)? (${guide})`,
      );
    case "3D000":
      return explained(
        `${error.message} at ${where}: make it first, owned by the service's user (\`createdb -O USER DATABASE\`; ${guide})`,
      );
    case "28000":
      return explained(
        /^Peer authentication/.test(error.message)
          ? `PostgreSQL refused ${who}: ${error.message}. Over its Unix socket PostgreSQL lets in only the operating system's user of the same name (peer authentication): run the command as that user, or connect over TCP (postgres://USER@127.0.0.1:5432/DATABASE) with a password (${guide})`
          : `PostgreSQL refused ${who}: ${error.message} (${guide})`,
      );
    default:
      return error;
  }
}
