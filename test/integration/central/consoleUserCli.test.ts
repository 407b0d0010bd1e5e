/**
 * `ticket-kiosk central user add` as an operator runs it: the password on stdin, a short one
 * refused with nothing stored, an unknown store named, and an account added through a running
 * service's admin socket (LevelDB admits one process) that can then sign in.
 */
import { join } from "node:path";
import test from "ava";
import { request } from "undici";
import { exampleCatalogue } from "../../helpers/cliCentral.js";
import { runCli, startCli } from "../../helpers/cliProcess.js";
import { tempDir } from "../../helpers/fixtures.js";

test("user add reads the password from stdin, refuses a short one, and works beside a running service", async (t) => {
  const dir = await tempDir("console-user-cli-");
  t.teardown(() => dir.remove());
  const data = ["--data", join(dir.path, "central")];
  t.is((await runCli(["central", "import", ...data, exampleCatalogue])).code, 0);
  const add = (args: string[], password: string) =>
    runCli(["central", "user", "add", ...data, ...args], {}, `${password}\n`);

  const short = await add(["--name", "boss", "--role", "hq"], "short");
  t.is(short.code, 2);
  t.regex(short.stderr, /the password is too short: at least 10 characters; nothing was changed/);
  const unknown = await add(["--name", "mgr", "--role", "manager", "--store", "store-z"], "long enough pw");
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /unknown store "store-z"; known stores: store-a, store-b/);
  const noStore = await add(["--name", "mgr", "--role", "manager"], "long enough pw");
  t.is(noStore.code, 2);
  t.regex(noStore.stderr, /a manager names at least one --store/);

  const central = startCli(["central", ...data, "--port", "0"]);
  t.teardown(async () => {
    await central.kill("SIGTERM");
  });
  const url = String((await central.waitForLog((line) => line.event === "listening", 60_000)).url);
  const added = await add(["--name", "boss", "--role", "hq"], "correct horse battery");
  t.is(added.code, 0, added.stderr);
  t.is(added.stdout, "added console account boss (hq)\n");

  const form = await request(`${url}/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.body.text())?.[1] ?? "";
  const cookie = String(form.headers["set-cookie"]).split(";")[0] ?? "";
  const login = await request(`${url}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ _csrf: token, name: "boss", password: "correct horse battery" }).toString(),
  });
  await login.body.dump();
  t.is(login.statusCode, 303);
  t.is(login.headers.location, "/");
});
