/**
 * What one online redemption costs the PostgreSQL central service (docs/performance.md, "Central
 * service"), by count: the statements it sends, each a round trip its transaction waits on (eleven,
 * then five, then three, now two), and an upload's request no look-up of its token after its first:
 * the step reads the token again.
 */
import test from "ava";
import pg from "pg";
import { Ledger } from "../../../central/ledger.js";
import { PgLedgerStore } from "../../../central/store/pgLedgerStore.js";
import { silentLogger } from "../../../device/logger.js";
import { makeRedemption } from "../../helpers/fixtures.js";
import { usePgCluster } from "../../helpers/pgCluster.js";
import { storeCatalogue } from "../../helpers/storeCatalogue.js";

const database = usePgCluster(test);

test("an online redemption is one transaction of two round trips: begin with the lock and the reads, then record and commit; its token is looked up once", async (t) => {
  const store = new PgLedgerStore({ url: await database(t) });
  await store.open();
  t.teardown(() => store.close());
  const ledger = new Ledger({ store, logger: silentLogger, now: () => new Date(), voidWindowHours: 24 });
  const imported = await ledger.importDocument(storeCatalogue(["TK-0001", "TK-0002"]));
  t.true(imported.ok);

  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  // Every statement any pooled connection sends, its spaces folded.
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config] = args as [string | { text: string }];
    sent.push((typeof config === "string" ? config : config.text).trim().replace(/\s+/g, " "));
    return (query as (...all: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  t.teardown(() => {
    pg.Client.prototype.query = query;
  });
  const issued = await ledger.issueToken("kiosk-1", "store-a");
  if (!issued.ok) return t.fail("store-a is known");
  const scope = { deviceId: "kiosk-1", storeId: "store-a" };
  // A request as the upload route makes it: the token's look-up, then the upload with the token.
  const request = async (ticketCode: string) => {
    t.like(await ledger.authenticateUpload(issued.token), { kind: "device", scope });
    return ledger.upload([makeRedemption({ ticketCode })], scope, issued.token);
  };
  t.is((await request("TK-0001"))[0]?.status, "accepted");
  t.is(sent.filter((statement) => statement.startsWith("SELECT record, pin_key FROM tokens")).length, 1);
  sent.length = 0;
  const [result] = await request("TK-0002");
  pg.Client.prototype.query = query;

  t.is(result?.status, "accepted");
  t.is(sent.length, 2, sent.join("\n"));
  t.regex(sent[0] ?? "", /^BEGIN; SELECT \* FROM upload_state\(/);
  t.regex(sent[1] ?? "", /^SELECT \* FROM record_upload\(.*\); COMMIT$/);
});
