/**
 * The PostgreSQL baseline of the central-service benchmark (issue 13): raw durable single-row
 * INSERTs into the same server at the same concurrency — one row per request, each its own
 * transaction with `synchronous_commit` on (the server's default, kept by the full-size run's cluster),
 * through a `pg` pool of the size the central service uses. What the server and its disk cost for
 * a durable write, with no judging, no locks and no HTTP: the floor a redemption's transaction
 * stands on.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { closedLoop, type Load } from "./closedLoop.js";

const table = "bench_raw_inserts";

/** `workers` callers inserting one row each per request into `url`'s database, for `seconds`. */
export async function rawInserts(
  url: string,
  poolSize: number,
  workers: number,
  seconds: number,
): Promise<Load> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (id uuid PRIMARY KEY, body jsonb NOT NULL)`);
    return await closedLoop(workers, seconds, "inserted", async (worker, n) => {
      const id = randomUUID();
      const body = { id, worker, n, at: new Date().toISOString() };
      await pool.query({
        name: "raw_insert",
        text: `INSERT INTO ${table} (id, body) VALUES ($1, $2)`,
        values: [id, body],
      });
      return "inserted";
    });
  } finally {
    await pool.end();
  }
}
