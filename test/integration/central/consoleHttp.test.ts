/**
 * The web console over real HTTP on loopback, from a central service in this process on a real
 * LevelDB, with a clock the test moves: the API untouched beside it, login refusals alike for an
 * unknown name and a wrong password, the lockout and its end, a manager's store scope enforced on
 * the server, CSRF refusals that change nothing, escaping, and cookies' flags under TLS.
 */
import { readFile } from "node:fs/promises";
import test from "ava";
import { Agent, request } from "undici";
import {
  hiddenToken,
  hqPassword,
  managerPassword,
  startCentral,
  Visitor,
} from "../../helpers/consoleVisitor.js";
import { tempDir } from "../../helpers/fixtures.js";
import { makeTestCertificates } from "../../helpers/testCertificates.js";

test("the kiosk API answers as before beside the console, which asks for a login, in zh-TW or English", async (t) => {
  const { url } = await startCentral(t);
  const health = await request(`${url}/v1/health`);
  t.is(health.statusCode, 200);
  t.deepEqual(await health.body.json(), { ok: true });
  const unknownApi = await request(`${url}/v1/nothing`);
  t.is(unknownApi.statusCode, 404);
  t.deepEqual(await unknownApi.body.json(), { error: { code: "not_found", message: "no such resource" } });
  const visitor = new Visitor(url);
  const root = await visitor.get("/");
  t.is(root.status, 303);
  t.is(root.headers.location, "/login");
  const login = await visitor.get("/login");
  t.regex(login.text, /<h1>登入後台<\/h1>/, "zh-TW first");
  t.is(login.headers["x-frame-options"], "DENY");
  t.is(login.headers["content-security-policy"], "frame-ancestors 'none'");
  const switched = await visitor.get("/lang", { referer: `${url}/login` });
  t.is(switched.status, 303);
  t.is(switched.headers.location, "/login");
  t.is(visitor.cookies.get("kc_lang"), "en");
  t.regex((await visitor.get("/login")).text, /<h1>Sign in<\/h1>/, "the choice kept in a cookie");
  const htmx = await visitor.get("/assets/htmx.min.js?v=2.0.11");
  t.is(htmx.status, 200);
  t.regex(String(htmx.headers["cache-control"]), /max-age=31536000, immutable/);
});

test("an unknown name and a wrong password get the same refusal; the right one a session", async (t) => {
  const { url } = await startCentral(t);
  const visitor = new Visitor(url);
  const unknown = await visitor.login("nobody", hqPassword);
  const wrong = await visitor.login("boss", "not the password");
  t.is(unknown.status, 401);
  t.is(wrong.status, 401);
  const refusal = (page: string) => /<p class="problem"[^>]*>([^<]*)</.exec(page)?.[1];
  t.is(refusal(unknown.text), "帳號或密碼錯誤");
  t.is(refusal(wrong.text), refusal(unknown.text));
  const right = await visitor.login("boss", hqPassword);
  t.is(right.status, 303);
  t.regex(String(right.headers["set-cookie"]), /kc_session=[^;]+; Path=\/; SameSite=Strict; HttpOnly/);
  t.notRegex(String(right.headers["set-cookie"]), /Secure/);
  const dashboard = await visitor.get("/");
  t.is(dashboard.status, 200);
  t.regex(dashboard.text, /<h1>總覽<\/h1>/);
  t.regex(dashboard.text, /&lt;b&gt;新店&lt;\/b&gt;/, "a store's name is escaped");
  t.notRegex(dashboard.text, /<b>新店/);
});

test("five wrong passwords lock the account, even against the right one, until the lock ends", async (t) => {
  const { url, advance } = await startCentral(t);
  const visitor = new Visitor(url);
  for (let miss = 1; miss <= 4; miss += 1) t.is((await visitor.login("boss", `wrong ${miss}`)).status, 401);
  const fifth = await visitor.login("boss", "wrong 5");
  t.is(fifth.status, 429);
  t.is(fifth.headers["retry-after"], "30");
  const locked = await visitor.login("boss", hqPassword);
  t.is(locked.status, 429, "the right password is refused while the lock runs");
  t.false(visitor.cookies.has("kc_session"));
  advance(30_000);
  t.is((await visitor.login("boss", hqPassword)).status, 303);
  const audit = await visitor.get("/audit?q=boss");
  t.is((audit.text.match(/<td>login_failed<\/td>/g) ?? []).length, 4);
  t.is((audit.text.match(/<td>login_locked<\/td>/g) ?? []).length, 2);
  t.is((audit.text.match(/<td>login<\/td>/g) ?? []).length, 1);
});

test("a manager sees only their store: another store's page is refused by the server", async (t) => {
  const { url } = await startCentral(t);
  const visitor = new Visitor(url);
  await visitor.login("mgr", managerPassword);
  const own = await visitor.get("/");
  t.is(own.status, 200);
  t.regex(own.text, /data-store="store-a"/);
  t.notRegex(own.text, /data-store="store-b"|store-b/);
  for (const path of ["/?store=store-b", "/dashboard/panel?store=store-b"]) {
    const other = await visitor.get(path);
    t.is(other.status, 403, path);
    t.notRegex(other.text, /台中公益店/);
  }
  t.is((await visitor.get("/dashboard/panel?store=store-a")).status, 200);
});

test("a form without its CSRF token, or with another, is refused with 403 and changes nothing", async (t) => {
  const { url } = await startCentral(t);
  const visitor = new Visitor(url);
  await visitor.login("boss", hqPassword);
  const page = await visitor.get("/");
  const token = hiddenToken(page.text);
  t.regex(page.text, new RegExp(`hx-headers="\\{&quot;X-CSRF-Token&quot;:&quot;${token}&quot;\\}"`));
  const without = await visitor.post("/logout", {});
  t.is(without.status, 403);
  t.regex(without.text, /未做任何變更/);
  t.is((await visitor.post("/logout", { _csrf: `${token}x` })).status, 403);
  t.is((await visitor.post("/logout", {}, { "x-csrf-token": "forged" })).status, 403);
  t.is((await visitor.get("/")).status, 200, "still signed in: the refused logouts changed nothing");
  t.is((await visitor.post("/logout", {}, { "x-csrf-token": token })).status, 303);
  t.is((await visitor.get("/")).status, 303, "signed out by the request that carried the token");
  const login = new Visitor(url);
  await login.get("/login");
  t.is((await login.post("/login", { _csrf: "forged", name: "boss", password: hqPassword })).status, 403);
});

test("over TLS the session cookie is Secure", async (t) => {
  const dir = await tempDir("console-tls-");
  t.teardown(() => dir.remove());
  const certificates = await makeTestCertificates(dir.path);
  const { url } = await startCentral(t, certificates.tls);
  const agent = new Agent({ connect: { ca: await readFile(certificates.caFile, "utf8") } });
  t.teardown(() => agent.close());
  const visitor = new Visitor(url.replace("127.0.0.1", "localhost"), agent);
  const answer = await visitor.login("boss", hqPassword);
  t.is(answer.status, 303);
  t.regex(
    String(answer.headers["set-cookie"]),
    /kc_session=[^;]+; Path=\/; SameSite=Strict; HttpOnly; Secure/,
  );
});

test("an idle session ends after 30 minutes without a request", async (t) => {
  const { url, advance } = await startCentral(t);
  const visitor = new Visitor(url);
  await visitor.login("boss", hqPassword);
  advance(29 * 60_000);
  t.is((await visitor.get("/")).status, 200);
  advance(29 * 60_000);
  t.is((await visitor.get("/")).status, 200, "each request keeps it alive");
  advance(30 * 60_000);
  t.is((await visitor.get("/")).status, 303);
});

test("the audit log as CSV: a byte order mark, CRLF lines, a formula-like name defused", async (t) => {
  const { url } = await startCentral(t);
  const visitor = new Visitor(url);
  await visitor.login("=HYPERLINK(1)", "not the password");
  await visitor.login("boss", hqPassword);
  const csv = await request(`${url}/audit.csv?q=HYPERLINK`, {
    headers: { cookie: `kc_session=${visitor.cookies.get("kc_session")}` },
  });
  t.is(csv.statusCode, 200);
  t.is(csv.headers["content-type"], "text/csv; charset=utf-8");
  t.is(csv.headers["content-disposition"], 'attachment; filename="audit.csv"');
  // The bytes, not text(): a decoder would drop the byte order mark this checks.
  const [header, row, end] = Buffer.from(await csv.body.arrayBuffer())
    .toString("utf8")
    .split("\r\n");
  t.is(header, "\uFEFFseq,時間,帳號,動作,內容,來源位址");
  t.regex(row ?? "", /^\d+,2026-12-04T02:00:00\.000Z,'=HYPERLINK\(1\),login_failed,,127\.0\.0\.1$/);
  t.is(end, "");
});
