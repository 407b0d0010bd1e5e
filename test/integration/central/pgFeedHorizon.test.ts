/**
 * Change numbers on PostgreSQL come from sequences, in the order transactions take them, not in
 * commit order (migrations/007_change_numbers.sql): a redemption may commit with a higher rev and
 * arrival number while one with lower numbers is still in flight. The feeds must then stop below
 * the one in flight, or a kiosk's cursor (the last number of its page) would pass it for good.
 * Held deterministically: the first redemption's COMMIT is held back until the reads are done.
 */
import test from "ava";
import pg from "pg";
import { Ledger } from "../../../central/ledger.js";
import { PgLedgerStore } from "../../../central/store/pgLedgerStore.js";
import type { Redemption } from "../../../device/domain.js";
import { silentLogger } from "../../../device/logger.js";
import { makeRedemption } from "../../helpers/fixtures.js";
import { usePgCluster } from "../../helpers/pgCluster.js";
import { storeCatalogue } from "../../helpers/storeCatalogue.js";

const database = usePgCluster(test);
const scope = { deviceId: "kiosk-1", storeId: "store-a" };

/**
 * Holds back the next COMMIT any pooled connection sends until `release()`; `reached` when it is
 * sent. A redemption sends its record and `COMMIT` in one query (`…; COMMIT`): the record goes on,
 * its `COMMIT` is held, and the caller gets both results as one query would give them.
 */
function holdNextCommit(t: { teardown(fn: () => void): void }): { reached: Promise<void>; release(): void } {
  const query = pg.Client.prototype.query;
  let reached!: () => void;
  let release!: () => void;
  const reachedP = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const restore = () => {
    pg.Client.prototype.query = query;
  };
  const send = (client: pg.Client, text: string) =>
    (query as (text: string) => Promise<unknown>).call(client, text);
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [text] = args;
    if (typeof text === "string" && (text === "COMMIT" || text.endsWith("; COMMIT"))) {
      restore();
      const before = text.slice(0, -"COMMIT".length).replace(/;\s*$/, "");
      return (async () => {
        const results = before === "" ? [] : [await send(this, before)];
        reached();
        await released;
        const committed = await send(this, "COMMIT");
        return results.length === 0 ? committed : [...results, committed];
      })();
    }
    return (query as (...all: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  // A failed assertion ends the test early: let the held transaction go, or the pool never closes.
  t.teardown(() => {
    restore();
    release();
  });
  return { reached: reachedP, release };
}

test.serial(
  "a feed page stops below a change still in flight; once it commits, the next page has it",
  async (t) => {
    const url = await database(t);
    const store = new PgLedgerStore({ url, poolSize: 4 });
    await store.open();
    t.teardown(() => store.close());
    const ledger = new Ledger({ store, logger: silentLogger, now: () => new Date(), voidWindowHours: 24 });
    t.true((await ledger.importDocument(storeCatalogue(["TK-LOW", "TK-HIGH"]))).ok);
    const imported = await store.ticketsOfStoreSince("store-a", 0, 10);
    t.is(imported.tickets.length, 2);
    const redeem = async (redemption: Redemption) => (await ledger.upload([redemption], scope))[0];

    // The first redemption takes its numbers and stops at its COMMIT; the second commits after it.
    const held = holdNextCommit(t);
    const low = makeRedemption({ ticketCode: "TK-LOW", ...scope });
    const lowDone = redeem(low);
    await held.reached;
    const high = makeRedemption({ ticketCode: "TK-HIGH", ...scope });
    t.like(await redeem(high), { status: "accepted" });

    // The case that matters: the committed change has the higher numbers, and a read without the
    // horizon would hand it out, moving a cursor past the one still in flight.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    t.teardown(() => client.end());
    const { rows } = await client.query<{ code: string }>(
      "SELECT code FROM tickets WHERE rev > $1 ORDER BY rev",
      [imported.lastRev],
    );
    t.deepEqual(
      rows.map((row) => row.code),
      ["TK-HIGH"],
      "only the higher rev is committed",
    );

    const whileHeld = await store.ticketsOfStoreSince("store-a", imported.lastRev, 10);
    t.deepEqual(whileHeld, { tickets: [], lastRev: imported.lastRev, hasMore: false });
    const recordsWhileHeld = await store.redemptionsSince(0, 10, {});
    t.deepEqual(recordsWhileHeld, { redemptions: [], lastSeq: 0, hasMore: false });

    held.release();
    t.like(await lowDone, { status: "accepted" });
    const next = await store.ticketsOfStoreSince("store-a", whileHeld.lastRev, 10);
    t.deepEqual(
      next.tickets.map((ticket) => ticket.code),
      ["TK-LOW", "TK-HIGH"],
    );
    t.is(next.lastRev, imported.lastRev + 2);
    const records = await store.redemptionsSince(recordsWhileHeld.lastSeq, 10, {});
    t.deepEqual(
      records.redemptions.map((record) => record.redemption.id),
      [low.id, high.id],
    );
  },
);

test.serial("a rolled-back change leaves a gap the feed goes past", async (t) => {
  const url = await database(t);
  const store = new PgLedgerStore({ url, poolSize: 4 });
  await store.open();
  t.teardown(() => store.close());
  const ledger = new Ledger({ store, logger: silentLogger, now: () => new Date(), voidWindowHours: 24 });
  t.true((await ledger.importDocument(storeCatalogue(["TK-1"]))).ok);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  await client.query("BEGIN");
  await client.query("SELECT take_change_numbers(1, 1, 0)");
  const redeemed = await ledger.upload([makeRedemption({ ticketCode: "TK-1", ...scope })], scope);
  t.like(redeemed[0], { status: "accepted" });
  t.deepEqual((await store.ticketsOfStoreSince("store-a", 1, 10)).tickets, [], "held below the open one");
  await client.query("ROLLBACK");
  const page = await store.ticketsOfStoreSince("store-a", 1, 10);
  t.deepEqual(
    page.tickets.map((ticket) => ticket.code),
    ["TK-1"],
  );
  t.is(page.lastRev, 3, "rev 2 was taken and rolled back");
});
