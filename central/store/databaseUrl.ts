/**
 * The parts of a database URL a message may show. Read by pattern, not as a WHATWG URL, which
 * refuses libpq's form for a Unix socket, `postgres://USER@/DB?host=/dir`
 * (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING).
 */

/** `scheme://USER:PASSWORD@`: the user and the password of a database URL. */
const credentials = /^([a-z][a-z0-9+.-]*:\/\/)([^:@/]*)(?::([^@/]*))?@/i;

/** The URL with its password, if it has one, as `***`. */
export function maskPassword(url: string): string {
  return url.replace(credentials, (whole, scheme: string, user: string, password?: string) =>
    password === undefined ? whole : `${scheme}${user}:***@`,
  );
}

/** The user a database URL names; undefined when it names none (the driver's default applies). */
export function databaseUser(url: string): string | undefined {
  const user = credentials.exec(url)?.[2];
  return user === undefined || user === "" ? undefined : decodeURIComponent(user);
}
