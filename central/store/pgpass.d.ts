/** The `pgpass` module (https://github.com/hoegaarden/pgpass): libpq's password file, read as libpq reads it. */
declare module "pgpass" {
  interface PassFileKey {
    readonly host?: string | undefined;
    readonly port?: number | string | undefined;
    readonly database?: string | undefined;
    readonly user?: string | undefined;
  }
  /** Calls `found` with the password of the file's first line matching `key`, or undefined. */
  export default function pgpass(key: PassFileKey, found: (password: string | undefined) => void): void;
}
