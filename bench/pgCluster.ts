/**
 * A throwaway PostgreSQL server for tests and benchmarks, from the server binaries Debian's `postgresql` package
 * installs (/usr/lib/postgresql/<major>/bin): `initdb` into a temporary folder, `pg_ctl start` on a
 * free TCP port of 127.0.0.1 with its unix socket in the same folder, trust authentication (nobody
 * else can reach a loopback port of a throwaway cluster that matters), one database per test, and
 * everything stopped and removed after, also when a test fails or the process exits early.
 *
 * PostgreSQL refuses to run as root (https://www.postgresql.org/docs/current/server-start.html),
 * so under root every server command runs as the `postgres` user the package creates, through
 * `runuser`, in a folder that user owns. Missing binaries fail the test with the package to install:
 * a suite that skips what it cannot run would pass on a machine that never ran it.
 */
import { execFile, spawnSync } from "node:child_process";
import { chown, mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const binRoot = "/usr/lib/postgresql";
const serverUser = "postgres";

export class PgBinariesMissingError extends Error {
  override readonly name = "PgBinariesMissingError";
}

/** The newest PostgreSQL (15 or later) installed, as the folder holding initdb and pg_ctl. */
export async function findPgBin(root = binRoot): Promise<string> {
  const majors = await readdir(root).catch(() => [] as string[]);
  const usable = majors
    .map(Number)
    .filter((major) => major >= 15)
    .sort((a, b) => b - a);
  for (const major of usable) {
    const bin = join(root, String(major), "bin");
    const found = await readdir(bin).catch(() => [] as string[]);
    if (found.includes("initdb") && found.includes("pg_ctl")) return bin;
  }
  throw new PgBinariesMissingError(
    `no PostgreSQL 15+ server binaries in ${root}/*/bin: install Debian's package \`postgresql\` (apt-get install postgresql)`,
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP port");
  return address.port;
}

/** A command line as the server's user: `runuser` when root, as is otherwise. */
function asServerUser(command: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ["runuser", ["-u", serverUser, "--", command, ...args]]
    : [command, [...args]];
}

async function serverUserIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run("id", ["-u", serverUser]);
  const { stdout: gid } = await run("id", ["-g", serverUser]);
  return { uid: Number(uid), gid: Number(gid) };
}

export interface PgServerOptions {
  /**
   * `fsync` on: what a benchmark of durable writes measures. Off by default: tests check
   * transactions and locks, not the disk, and a machine shared with other test runs is slow enough.
   */
  readonly durable?: boolean;
  /**
   * How a connection over TCP proves who it is: `trust` (the default) lets any user in,
   * `scram-sha-256` asks for the role's password, as Debian's own clusters do. The Unix socket
   * stays `trust`: the helper's own statements go that way.
   */
  readonly hostAuth?: "trust" | "scram-sha-256";
}

export class PgCluster {
  private databases = 0;
  private stopped = false;
  /** The server's settings (`pg_ctl start -o`), kept for a start after `stopServer`. */
  private settings: string[] = [];
  private readonly stopOnExit = (): void => {
    spawnSync(...asServerUser(join(this.bin, "pg_ctl"), ["stop", "-D", this.dataDir, "-m", "immediate"]));
    spawnSync("rm", ["-rf", this.dir]);
  };

  private constructor(
    private readonly bin: string,
    /** The folder holding the data, the socket and the log. */
    readonly dir: string,
    readonly port: number,
  ) {}

  private get dataDir(): string {
    return join(this.dir, "data");
  }

  /** Initialises and starts a cluster; anything made before a failure is removed. */
  static async start(options: PgServerOptions = {}): Promise<PgCluster> {
    const bin = await findPgBin();
    const dir = await mkdtemp(join(tmpdir(), "ticket-kiosk-pg-"));
    const cluster = new PgCluster(bin, dir, await freePort());
    process.once("exit", cluster.stopOnExit);
    try {
      await cluster.initAndStart(options);
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  private async initAndStart(options: PgServerOptions): Promise<void> {
    if (process.getuid?.() === 0) {
      const { uid, gid } = await serverUserIds();
      await chown(this.dir, uid, gid);
    }
    await run(
      ...asServerUser(join(this.bin, "initdb"), [
        "-D",
        this.dataDir,
        "-U",
        serverUser,
        "--auth-local=trust",
        `--auth-host=${options.hostAuth ?? "trust"}`,
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync",
      ]),
    );
    this.settings = [
      `-p ${this.port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${this.dir}`,
      "-c max_connections=200",
      ...(options.durable === true ? [] : ["-c fsync=off", "-c synchronous_commit=off"]),
    ];
    await this.startServer();
  }

  /** Starts the server again after `stopServer`, on the same port and data. */
  async startServer(): Promise<void> {
    await run(
      ...asServerUser(join(this.bin, "pg_ctl"), [
        "start",
        "-D",
        this.dataDir,
        "-w",
        "-l",
        join(this.dir, "server.log"),
        "-o",
        this.settings.join(" "),
      ]),
    );
  }

  /** Stops the server as an outage would (connections cut), keeping its data for `startServer`. */
  async stopServer(): Promise<void> {
    await run(...asServerUser(join(this.bin, "pg_ctl"), ["stop", "-D", this.dataDir, "-m", "fast", "-w"]));
  }

  url(database: string, user = serverUser): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${database}`;
  }

  /** A new empty database, owned by `owner` (the server's user when absent); its URL as the owner. */
  async createDatabase(owner?: string): Promise<string> {
    this.databases += 1;
    const name = `test_${process.pid}_${this.databases}`;
    await this.admin(`CREATE DATABASE ${name}${owner === undefined ? "" : ` OWNER ${owner}`}`);
    return this.url(name, owner);
  }

  /** A role that may log in with `password`, as `createuser --pwprompt` makes one. */
  async createRole(name: string, password: string): Promise<void> {
    await this.admin(
      (client) =>
        `CREATE ROLE ${client.escapeIdentifier(name)} LOGIN PASSWORD ${client.escapeLiteral(password)}`,
    );
  }

  async dropDatabase(url: string): Promise<void> {
    const name = new URL(url).pathname.slice(1);
    await this.admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  /** A statement as the server's user, over the Unix socket. */
  private async admin(sql: string | ((client: pg.Client) => string)): Promise<void> {
    const client = new pg.Client({ host: this.dir, port: this.port, user: serverUser, database: "postgres" });
    await client.connect();
    try {
      await client.query(typeof sql === "string" ? sql : sql(client));
    } finally {
      await client.end();
    }
  }

  /** Stops the server at once and removes its folder. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    process.off("exit", this.stopOnExit);
    await run(
      ...asServerUser(join(this.bin, "pg_ctl"), ["stop", "-D", this.dataDir, "-m", "immediate"]),
    ).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
