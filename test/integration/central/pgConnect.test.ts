/**
 * `ticket-kiosk central … --database URL` against a PostgreSQL that asks for passwords over TCP,
 * as Debian's own clusters do (docs/central.md, "On PostgreSQL"): each way of not getting in is
 * said with the database and what to do, never with a password; the password kept in a PGPASSFILE
 * (where the systemd drop-in puts it) gets in without a word on stderr; and libpq's URL for a Unix
 * socket, `postgres://USER@/DB?host=DIR`, serves.
 */
import { chmod, writeFile } from "node:fs/promises";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { join } from "node:path";
import test from "ava";
import { runCli, startCli } from "../../helpers/cliProcess.js";
import { tempDir } from "../../helpers/fixtures.js";
import { PgCluster } from "../../helpers/pgCluster.js";

const role = "kiosk_central";
const password = "correct horse battery staple";

let cluster: PgCluster | undefined;
test.before(async () => {
  cluster = await PgCluster.start({ hostAuth: "scram-sha-256" });
  await cluster.createRole(role, password);
});
test.after.always(() => cluster?.stop());

/** A database the role owns, and an environment whose password file holds `passwords` (none: no file). */
async function setUp(t: { teardown(fn: () => Promise<void>): void }, passwords?: string) {
  if (cluster === undefined) throw new Error("no cluster");
  const running = cluster;
  const url = await running.createDatabase(role);
  t.teardown(() => running.dropDatabase(url));
  const dir = await tempDir("pgpass-");
  t.teardown(() => dir.remove());
  const passFile = join(dir.path, "pgpass");
  if (passwords !== undefined) {
    await writeFile(passFile, passwords);
    // libpq and `pg` ignore a password file that others may read.
    await chmod(passFile, 0o600);
  }
  // PGPASSWORD unset: a password from the test's own environment would decide instead.
  return { url, env: { PGPASSFILE: passFile, PGPASSWORD: undefined } };
}

const migrate = (url: string, env: NodeJS.ProcessEnv) =>
  runCli(["central", "migrate", "--database", url], env);

test("a password the server asks for and nobody gave: where to put it", async (t) => {
  const { url, env } = await setUp(t);
  const run = await migrate(url, env);
  t.is(run.code, 1);
  t.is(
    run.stderr,
    `central: PostgreSQL asks for a password for user "${role}" of ${url} and none was given: put it in ~/.pgpass (or the file PGPASSFILE names) or PGPASSWORD, not in the URL (docs/central.md, "On PostgreSQL")\n`,
  );
});

test("a wrong password: refused, and the password is not repeated", async (t) => {
  const { url, env } = await setUp(t);
  const withPassword = url.replace(`${role}@`, `${role}:not-the-password@`);
  const run = await migrate(withPassword, env);
  t.is(run.code, 1);
  t.is(
    run.stderr,
    `central: PostgreSQL refused the password for user "${role}" of ${url.replace(`${role}@`, `${role}:***@`)}: check ~/.pgpass (or the file PGPASSFILE names) or PGPASSWORD (docs/central.md, "On PostgreSQL")\n`,
  );
  t.false(run.stderr.includes("not-the-password"));
});

test("the password in the file PGPASSFILE names gets in", async (t) => {
  if (cluster === undefined) throw new Error("no cluster");
  const { url, env } = await setUp(t, `127.0.0.1:${cluster.port}:*:${role}:${password}\n`);
  const run = await migrate(url, env);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /^applied schema migration\(s\) 1, 2, /);
  // `pg` reading the file itself warns of its deprecation on every start.
  t.is(run.stderr, "");
});

test("a schema made by another role: the service's role must own it", async (t) => {
  if (cluster === undefined) throw new Error("no cluster");
  const { url, env } = await setUp(t, `127.0.0.1:${cluster.port}:*:${role}:${password}\n`);
  const database = new URL(url).pathname.slice(1);
  const asServerUser = `postgres://postgres@/${database}?host=${encodeURIComponent(cluster.dir)}&port=${cluster.port}`;
  t.is((await migrate(asServerUser, env)).code, 0);
  const run = await migrate(url, env);
  t.is(run.code, 1);
  t.is(
    run.stderr,
    `central: PostgreSQL refused user "${role}" of ${url}: permission denied for table schema_migrations. The service's role must own the database and its tables: was the schema made by another role (\`central migrate\` run as another user)? (docs/central.md, "On PostgreSQL")\n`,
  );
});

test("a Unix socket's URL serves, and the started line names it", async (t) => {
  if (cluster === undefined) throw new Error("no cluster");
  const url = await cluster.createDatabase();
  const running = cluster;
  t.teardown(() => running.dropDatabase(url));
  const database = new URL(url).pathname.slice(1);
  const socketUrl = `postgres://postgres@/${database}?host=${encodeURIComponent(cluster.dir)}&port=${cluster.port}`;
  const central = startCli(["central", "--port", "0", "--database", socketUrl]);
  t.teardown(() => central.kill().then(() => undefined));
  const started = await central.waitForLog((line) => line.event === "started");
  t.is(started.store, socketUrl);
  const listening = await central.waitForLog((line) => line.event === "listening");
  t.is((await fetch(`${String(listening.url)}/v1/health`)).status, 200);
});

test("nothing listening: which address, and to look whether the server runs", async (t) => {
  const { url, env } = await setUp(t);
  if (cluster === undefined) throw new Error("no cluster");
  const elsewhere = url.replace(`:${cluster.port}/`, ":1/");
  const run = await migrate(elsewhere, env);
  t.is(run.code, 1);
  t.is(
    run.stderr,
    `central: cannot reach PostgreSQL for ${elsewhere}: connect ECONNREFUSED 127.0.0.1:1. Is the server running and listening there? (\`pg_lsclusters\` lists Debian's clusters and their ports; docs/central.md, "On PostgreSQL")\n`,
  );
});

test("a server that takes the connection and never answers: said after the connect timeout, not a hang", async (t) => {
  const held = new Set<Socket>();
  const silent = createServer((socket) => held.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  t.teardown(() => {
    for (const socket of held) socket.destroy();
    return new Promise<void>((resolve) => silent.close(() => resolve()));
  });
  const port = (silent.address() as AddressInfo).port;
  const url = `postgres://${role}@127.0.0.1:${port}/ticket_kiosk`;
  const startedAt = performance.now();
  const run = await migrate(url, {});
  const tookMs = performance.now() - startedAt;
  t.is(run.code, 1);
  t.is(
    run.stderr,
    `central: PostgreSQL for ${url} did not answer within 10 s: is that PostgreSQL's address and port, and does the network let the connection through? (docs/central.md, "On PostgreSQL")\n`,
  );
  t.true(tookMs >= 10_000, `gave up after ${Math.round(tookMs)} ms`);
});

test("a database that does not exist: make it first", async (t) => {
  if (cluster === undefined) throw new Error("no cluster");
  const { env } = await setUp(t, `127.0.0.1:${cluster.port}:*:${role}:${password}\n`);
  const missing = cluster.url("no_such_database", role);
  const run = await migrate(missing, env);
  t.is(run.code, 1);
  t.is(
    run.stderr,
    `central: database "no_such_database" does not exist at ${missing}: make it first, owned by the service's user (\`createdb -O USER DATABASE\`; docs/central.md, "On PostgreSQL")\n`,
  );
});
