/**
 * One throwaway PostgreSQL cluster per test file (bench/pgCluster.ts, shared with the benchmarks,
 * which measure on the same kind of server), and a database per test.
 */
import type { TestFn } from "ava";
import { PgCluster, type PgServerOptions } from "../../bench/pgCluster.js";

export { findPgBin, PgBinariesMissingError, PgCluster } from "../../bench/pgCluster.js";

/**
 * One cluster for a test file, started before its first test and removed after its last; returns
 * a function giving each test its own database, dropped when that test ends.
 */
export function usePgCluster(
  test: TestFn,
  options: PgServerOptions = {},
): (t: TeardownContext) => Promise<string> {
  let cluster: Promise<PgCluster> | undefined;
  test.before(() => {
    cluster = PgCluster.start(options);
    return cluster.then(() => undefined);
  });
  test.after.always(async () => {
    await (await cluster?.catch(() => undefined))?.stop();
  });
  return async (t) => {
    if (cluster === undefined) throw new Error("usePgCluster: the cluster starts in test.before");
    const running = await cluster;
    const url = await running.createDatabase();
    t.teardown(() => running.dropDatabase(url));
    return url;
  };
}

interface TeardownContext {
  teardown(fn: () => Promise<void>): void;
}
