/**
 * `ticket-kiosk central … --database URL` as an operator runs it on PostgreSQL: migrate, import,
 * token, serve (the URL from TICKET_KIOSK_CENTRAL_DATABASE), revoke while it serves, and verify
 * saying it is for LevelDB.
 */
import test from "ava";
import { readMigrations } from "../../../central/store/pgMigrations.js";
import { openVerifier, parsePinKey } from "../../../device/pinVerifier.js";
import { cliToken, exampleCatalogue } from "../../helpers/cliCentral.js";
import { runCli, startCli } from "../../helpers/cliProcess.js";
import { usePgCluster } from "../../helpers/pgCluster.js";

const database = usePgCluster(test);

test("migrate, import, token, serve and revoke on one database, the service running meanwhile", async (t) => {
  const url = await database(t);
  const migrated = await runCli(["central", "migrate", "--database", url]);
  t.is(migrated.code, 0, migrated.stderr);
  const versions = (await readMigrations()).map((migration) => migration.version);
  t.is(migrated.stdout, `applied schema migration(s) ${versions.join(", ")}\n`);
  t.is(
    (await runCli(["central", "migrate", "--database", url])).stdout,
    "the database schema is up to date\n",
  );

  const imported = await runCli(["central", "import", "--database", url, exampleCatalogue]);
  t.is(imported.code, 0, imported.stderr);
  t.regex(imported.stdout, /^imported .*tickets \d+ new/);
  const { token, pinKey } = await cliToken(["--database", url], "kiosk-1");
  t.regex(token, /^ctk_/);
  t.regex(pinKey, /^ckp_/);

  const central = startCli(["central", "--port", "0"], { TICKET_KIOSK_CENTRAL_DATABASE: url });
  t.teardown(() => central.kill().then(() => undefined));
  const listening = await central.waitForLog((line) => line.event === "listening");
  const tickets = (auth: string) =>
    fetch(`${String(listening.url)}/v1/tickets`, { headers: { authorization: `Bearer ${auth}` } });
  const page = await tickets(token);
  t.is(page.status, 200);
  const body = (await page.json()) as { tickets: unknown[]; total: number };
  t.true(body.tickets.length > 0);
  t.is(body.total, body.tickets.length);
  // The clerks' PIN verifiers come sealed under the key printed with the token, read from the database.
  const key = parsePinKey(pinKey);
  if (key === undefined) return t.fail("a PIN key");
  const clerks = await fetch(`${String(listening.url)}/v1/clerks`, {
    headers: { authorization: `Bearer ${token}` },
  });
  t.is(clerks.status, 200);
  const listed = ((await clerks.json()) as { clerks: { id: string; pinVerifier: string }[] }).clerks;
  t.true(listed.length > 0);
  for (const clerk of listed) t.regex(openVerifier(key, clerk.id, clerk.pinVerifier) ?? "", /^scrypt/);

  // Another process revokes in the database the service reads: no socket, no restart.
  const revoked = await runCli(["central", "revoke", "--database", url, "--device", "kiosk-1"]);
  t.is(revoked.stdout, "revoked 1 token(s) of device kiosk-1\n");
  t.is((await tickets(token)).status, 403);
});

test("verify is LevelDB's; migrate is PostgreSQL's; a store is named once", async (t) => {
  const verify = await runCli(["central", "verify", "--database", "postgres://nobody@127.0.0.1:1/x"]);
  t.is(verify.code, 2);
  t.regex(verify.stderr, /checks a LevelDB store \(--data DIR\) only/);
  const migrate = await runCli(["central", "migrate", "--data", "/nonexistent"]);
  t.is(migrate.code, 2);
  t.regex(migrate.stderr, /migrate is for a PostgreSQL database/);
  const both = await runCli(["central", "token", "--data", "d", "--database", "postgres://x@y/z", "--admin"]);
  t.regex(both.stderr, /either --data or --database, not both/);
  const neither = await runCli(["central", "import", "file.json"], { TICKET_KIOSK_CENTRAL_DATABASE: "" });
  t.regex(neither.stderr, /--data DIR or --database URL is required/);
});
