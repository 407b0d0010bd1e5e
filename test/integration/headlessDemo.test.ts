/**
 * `npm start -- --headless` with its input piped (issue 11 items 1, 12 and 20): two codes in one
 * write are both redeemed, in order; when the input ends the demo finishes them and exits 0; each
 * redemption records the demo's clerk; the web console it names takes the account it names; and
 * after a restart the code hints show the units left now, not the catalogue's.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { maskCode } from "../../device/domain.js";
import { startCli } from "../helpers/cliProcess.js";
import { Visitor } from "../helpers/consoleVisitor.js";
import { tempDir } from "../helpers/fixtures.js";

test("headless demo: piped lines are all redeemed, the clerk recorded, and the demo exits 0 when its input ends", async (t) => {
  const temp = await tempDir("tk-headless-");
  t.teardown(() => temp.remove());
  const data = join(temp.path, "demo-data");

  const first = startCli(["demo", "--headless", "--data", data]);
  t.teardown(() => first.kill("SIGKILL"));
  await first.waitForLog((line) => line.event === "ready");
  await first.waitForLog((line) => line.event === "sync", 20_000);
  // The web console is there, with the account the demo says.
  const web = /Back office: (http:\/\/127\.0\.0\.1:\d+) \(account (\S+), password (\S+)\)/.exec(
    first.stdout(),
  );
  t.truthy(web, first.stdout());
  const [, consoleUrl = "", account = "", password = ""] = web ?? [];
  const visitor = new Visitor(consoleUrl);
  t.is((await visitor.login(account, password)).status, 303, "signed in");
  t.regex((await visitor.get("/")).text, /台北信義店/);
  first.child.stdin?.end("DEMO-SPA-5\nDEMO-YOGA-2\n");
  t.is(await first.exited(), 0, "the end of the input ends the demo, cleanly");
  const decided = first.logs.filter((line) => line.event === "decision");
  t.deepEqual(
    decided.map((line) => [line.code, line.outcome]),
    [
      [maskCode("DEMO-SPA-5"), "ok"],
      [maskCode("DEMO-YOGA-2"), "ok"],
    ],
    "both lines decided, in order, before the exit",
  );
  const slips = join(data, "slips");
  const texts = (await readdir(slips)).filter((name) => name.endsWith(".txt"));
  t.is(texts.length, 2, "both slips printed before the exit");
  for (const name of texts) t.regex(await readFile(join(slips, name), "utf8"), /店員 Clerk +李美玲/);

  // Started again on the same data: the hints say what is left now.
  const second = startCli(["demo", "--headless", "--data", data]);
  t.teardown(() => second.kill("SIGKILL"));
  await second.waitForLog((line) => line.event === "ready");
  second.child.stdin?.end();
  t.is(await second.exited(), 0);
  t.regex(second.stdout(), /DEMO-SPA-5 \(4 of 5 units left\)/);
  t.regex(second.stdout(), /DEMO-YOGA-2 \(1 of 5 units left\)/);
  t.regex(second.stdout(), /DEMO-BUFFET-DONE \(fully redeemed\)/);
  t.regex(second.stdout(), /DEMO-PARK-EXPIRED \(expired\)/);
});
