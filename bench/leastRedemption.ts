/**
 * The floor under the PostgreSQL central's target (issue 13: ≥ 0.5× raw INSERTs): the least a
 * redemption can write, and so an upper bound on what any central service could reach on the same
 * machine. One statement, one round trip, committed on its own: the ticket's units taken by a
 * conditional UPDATE of a narrow row (its key the only index, so the update can be HOT) and the
 * record inserted under its id. Less than any correct central does: no change feed, no token, no
 * check of a replayed body, no clerk, no judgement, no numbering.
 *
 * Measured two ways beside the raw INSERTs: from the benchmark's own pool (`leastRedemptions`), and
 * behind a bare HTTP server that parses each kiosk's request and runs the statement for it
 * (bareServer.ts with `BARE_DATABASE`): the least a central on HTTP can cost.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Redemption } from "../device/domain.js";
import { closedLoop, type Load } from "./closedLoop.js";

/** A floor's store, as the bare server uses it: one redemption per request. */
export interface LeastStore {
  /** `body` is the request's text, the record a store keeps. */
  redeem(redemption: Redemption, body: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The units of every ticket in the central's catalogue, in a table of their own, so the fleet's
 * own ticket codes work; enough units that no run uses one up.
 */
export async function prepareLeastRedemption(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      DROP TABLE IF EXISTS bench_least_units, bench_least_records;
      CREATE TABLE bench_least_units (
        code text PRIMARY KEY,
        total integer NOT NULL,
        redeemed integer NOT NULL DEFAULT 0,
        CHECK (redeemed <= total)
      );
      INSERT INTO bench_least_units (code, total) SELECT code, 1000000000 FROM tickets;
      CREATE TABLE bench_least_records (id uuid PRIMARY KEY, ticket_code text NOT NULL, body jsonb NOT NULL);`);
    await client.query("VACUUM ANALYZE bench_least_units");
  } finally {
    await client.end();
  }
}

/** Takes a unit of `code` and records `body` under `id`; resolves to whether the unit was taken. */
export async function redeemLeast(pool: pg.Pool, id: string, code: string, body: unknown): Promise<boolean> {
  const result = await pool.query({
    name: "least_redemption",
    text: `WITH taken AS (
             UPDATE bench_least_units SET redeemed = redeemed + 1
             WHERE code = $2 AND redeemed + 1 <= total RETURNING code)
           INSERT INTO bench_least_records (id, ticket_code, body) SELECT $1, code, $3 FROM taken`,
    values: [id, code, body],
  });
  return result.rowCount === 1;
}

/** The PostgreSQL floor behind the bare server, through a pool of `poolSize`. */
export function openLeastPg(url: string, poolSize: number): LeastStore {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  return {
    redeem: async (redemption) => {
      const taken = await redeemLeast(pool, redemption.id, redemption.ticketCode, redemption);
      if (!taken) throw new Error(`no unit of ${redemption.ticketCode} taken`);
    },
    close: () => pool.end(),
  };
}

/** `workers` callers, each redeeming one of `codes` per request, through a pool of `poolSize`. */
export async function leastRedemptions(
  url: string,
  poolSize: number,
  codes: readonly (readonly string[])[],
  seconds: number,
): Promise<Load> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  try {
    return await closedLoop(codes.length, seconds, "accepted", async (worker, n) => {
      const own = codes[worker] ?? [];
      const id = randomUUID();
      const code = own[n % own.length] ?? "";
      const taken = await redeemLeast(pool, id, code, { id, code, worker, n });
      return taken ? "accepted" : "not_taken";
    });
  } finally {
    await pool.end();
  }
}
