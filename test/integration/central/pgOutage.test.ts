/**
 * The PostgreSQL server stops under a running central service and comes back: meanwhile its
 * health says so (a load balancer stops sending it kiosks) and every request is answered 503 with
 * Retry-After, which a kiosk retries (the web console's pages too, said in its words), and logged
 * as an outage, not a crash; once the server is
 * back, the same process serves again without a restart.
 */

import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { cliToken, exampleCatalogue } from "../../helpers/cliCentral.js";
import { runCli, startCli } from "../../helpers/cliProcess.js";
import { PgCluster } from "../../helpers/pgCluster.js";

test("a database outage: health 503, requests 503 with Retry-After, served again once it is back", async (t) => {
  const cluster = await PgCluster.start();
  t.teardown(() => cluster.stop());
  const url = await cluster.createDatabase();
  t.is((await runCli(["central", "import", "--database", url, exampleCatalogue])).code, 0);
  const { token } = await cliToken(["--database", url], "kiosk-1");
  const central = startCli(["central", "--port", "0", "--database", url]);
  t.teardown(() => central.kill().then(() => undefined));
  const base = String((await central.waitForLog((line) => line.event === "listening")).url);
  const health = () => fetch(`${base}/v1/health`);
  const tickets = () => fetch(`${base}/v1/tickets`, { headers: { authorization: `Bearer ${token}` } });
  t.is((await health()).status, 200);
  t.is((await tickets()).status, 200);

  await cluster.stopServer();
  // The health's last answer stands for a second.
  await sleep(1100);
  const down = await health();
  t.is(down.status, 503);
  t.is(down.headers.get("retry-after"), "5");
  t.deepEqual(await down.json(), {
    error: { code: "unavailable", message: "the central service's store cannot be reached now: try again" },
  });
  const refused = await tickets();
  t.is(refused.status, 503);
  t.is(refused.headers.get("retry-after"), "5");
  const outage = await central.waitForLog((line) => line.event === "refused" && line.route === "/v1/tickets");
  t.is(outage.level, "warn");
  t.regex(String(outage.why), /ECONNREFUSED|terminat/);
  // The web console on the same port: a signed-in page reads its session from the database.
  const page = await fetch(`${base}/`, { headers: { cookie: "kc_session=a-session-of-before" } });
  t.is(page.status, 503);
  t.is(page.headers.get("retry-after"), "5");
  t.true((await page.text()).includes("暫時無法連線到資料庫，請稍後再試"));
  t.false(
    central.logs.some((line) => line.event === "error"),
    "an outage is not logged as a failed request",
  );

  await cluster.startServer();
  await sleep(1100);
  t.is((await health()).status, 200);
  t.is((await tickets()).status, 200);
  // The same session cookie, now read: unknown, so the sign-in page.
  const back = await fetch(`${base}/`, {
    headers: { cookie: "kc_session=a-session-of-before" },
    redirect: "manual",
  });
  t.not(back.status, 503);
});
