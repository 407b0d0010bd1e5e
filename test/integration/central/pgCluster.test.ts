import { access } from "node:fs/promises";
import test from "ava";
import pg from "pg";
import { tempDir } from "../../helpers/fixtures.js";
import { findPgBin, PgBinariesMissingError, PgCluster } from "../../helpers/pgCluster.js";

test("a throwaway cluster serves a database per test on loopback, and leaves nothing behind", async (t) => {
  const cluster = await PgCluster.start();
  t.teardown(() => cluster.stop());
  const url = await cluster.createDatabase();
  t.regex(url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/test_\d+_1$/);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ major: number }>(
    "SELECT current_setting('server_version_num')::int / 10000 AS major",
  );
  await client.end();
  t.true((rows[0]?.major ?? 0) >= 15);
  await cluster.dropDatabase(url);
  const { dir } = cluster;
  await cluster.stop();
  await t.throwsAsync(access(dir), { code: "ENOENT" });
});

test("without the server binaries the helper fails naming Debian's package", async (t) => {
  const empty = await tempDir("no-postgresql-");
  t.teardown(() => empty.remove());
  const error = await t.throwsAsync(findPgBin(empty.path), { instanceOf: PgBinariesMissingError });
  t.regex(error?.message ?? "", /package `postgresql`/);
});
