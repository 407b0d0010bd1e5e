import { access, readdir, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import test from "ava";
import { centralCommand } from "../../../central/centralCli.js";
import { CentralService } from "../../../central/centralServer.js";
import { JsonLogger } from "../../../device/logger.js";
import { call } from "../../helpers/centralHarness.js";
import { tempDir } from "../../helpers/fixtures.js";
import { parseIssued } from "../../helpers/pinKeyInstall.js";
import { makeTestCertificates } from "../../helpers/testCertificates.js";

const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));
const catalogueJson = join(examples, "catalogue.json");
const catalogueCsv = join(examples, "catalogue.csv");

/** Runs one CLI command with captured stdout, stderr and log lines. */
async function run(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const logLines: Record<string, unknown>[] = [];
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line !== "") logLines.push(JSON.parse(line));
      done();
    },
  });
  const result = await centralCommand(args, {
    stdout,
    stderr,
    env: {},
    logger: new JsonLogger(logSink, "central"),
  });
  stdout.end();
  stderr.end();
  return {
    result,
    stdout: (stdout.read() as Buffer | null)?.toString("utf8") ?? "",
    // An import's progress lines (stderr is no terminal here) are tested in importProgress.test.ts.
    stderr: ((stderr.read() as Buffer | null)?.toString("utf8") ?? "")
      .split(/(?<=\n)/)
      .filter((line) => !line.startsWith('{"event":"import_progress"'))
      .join(""),
    logLines,
  };
}

async function dataDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await tempDir("central-cli-");
  t.teardown(dir.remove);
  return dir.path;
}

test("import and token on a stopped service open the data directory themselves", async (t) => {
  const data = await dataDir(t);
  const first = await run(["import", "--data", data, catalogueJson]);
  t.is(first.result, 0, first.stderr);
  t.is(
    first.stdout,
    `imported ${catalogueJson}: stores 2 new, 0 updated, 0 unchanged; clerks 2 new, 0 updated, 0 unchanged; ` +
      "orders 3 new, 0 updated, 0 unchanged; tickets 4 new, 0 updated, 0 unchanged\n",
  );
  const again = await run(["import", "--data", data, catalogueJson]);
  t.regex(again.stdout, /tickets 0 new, 0 updated, 4 unchanged\n$/);
  const csv = await run(["import", "--data", data, catalogueCsv]);
  t.regex(csv.stdout, /orders 4 new, 0 updated, 0 unchanged; tickets 5 new, 0 updated, 0 unchanged\n$/);

  const token = await run(["token", "--data", data, "--device", "kiosk-1", "--store", "store-a"]);
  t.is(token.result, 0);
  t.regex(token.stdout, /^ctk_[A-Za-z0-9_-]{43}\n$/, "the token alone on stdout");
  t.regex(parseIssued(token).pinKey, /^ckp_[A-Za-z0-9_-]{43}$/, "its PIN key on stderr");

  // The token works once a service runs on that directory, and it sees both imports.
  const service = new CentralService({ dataDir: data, logger: new JsonLogger(new PassThrough()) });
  t.teardown(() => service.stop());
  const { url } = await service.listen({ host: "127.0.0.1", port: 0 });
  const page = await call<{ tickets: { code: string }[] }>(url, "/v1/tickets?limit=100", {
    token: parseIssued(token).token,
  });
  t.deepEqual(
    page.body.tickets.map((ticket) => ticket.code),
    [
      "QK7R-2M9X-TB4A",
      "PX3D-8KQW-M2VN",
      "PX3D-8KQW-C7RT",
      "YG5C-4HJN-W8ZE",
      "TE2M-7RVC-H4KD",
      "PX4F-2NWB-A9QS",
      "PX4F-2NWB-K5JM",
      "SP6H-9DLE-R3WU",
    ],
  );
});

test("import and token ask the running service over its unix socket", async (t) => {
  const data = await dataDir(t);
  const serviceLog: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n"))
        if (line !== "") serviceLog.push(JSON.parse(line));
      done();
    },
  });
  const service = new CentralService({ dataDir: data, logger: new JsonLogger(sink, "central") });
  t.teardown(() => service.stop());
  const { url } = await service.listen({ host: "127.0.0.1", port: 0 });

  // The PIN policy travels with the import to the running service (central/pinPolicy.ts).
  const strict = await run(["import", "--data", data, "--min-pin", "supervisor=8", catalogueJson]);
  t.is(strict.result, 2);
  t.regex(
    strict.stderr,
    /clerks\[0\]\.pin: a supervisor PIN needs at least 8 digits \(PIN policy supervisor=8\); this one has 6/,
  );
  const imported = await run(["import", "--data", data, catalogueJson]);
  t.is(imported.result, 0, imported.stderr);
  t.regex(imported.stdout, /tickets 4 new/);
  const token = await run(["token", "--data", data, "--device", "kiosk-1", "--store", "store-a"]);
  t.is(token.result, 0, token.stderr);
  const adminRoutes = serviceLog
    .filter((line) => line.ns === "central:admin")
    .map((line) => [line.route, line.status]);
  t.deepEqual(adminRoutes, [
    ["/admin/import", 400],
    ["/admin/import", 200],
    ["/admin/tokens", 200],
  ]);
  const ticket = await call(url, "/v1/tickets/QK7R-2M9X-TB4A", { token: parseIssued(token).token });
  t.like(ticket, { status: 200, body: { productName: "深層按摩 60 分鐘券", customer: { name: "陳怡君" } } });

  const bad = await run(["token", "--data", data, "--device", "kiosk-1", "--store", "store-z"]);
  t.is(bad.result, 2);
  t.is(bad.stdout, "");
  t.is(bad.stderr, 'unknown store "store-z"; known stores: store-a, store-b\n');

  const revoked = await run(["revoke", "--data", data, "--device", "kiosk-1"]);
  t.is(revoked.stdout, "revoked 1 token(s) of device kiosk-1\n");
  t.is((await call(url, "/v1/tickets", { token: parseIssued(token).token })).status, 403);
});

test("a bad file imports nothing and lists every problem with its location", async (t) => {
  const data = await dataDir(t);
  const file = join(data, "bad.csv");
  await writeFile(
    file,
    [
      "orderNumber,createdAt,customerName,customerPhone,code,productName,totalUnits",
      "#1,2026-11-20T10:02:00+08:00,陳怡君,0912345678,GOOD-0001,深層按摩 60 分鐘券,5",
      "#2,yesterday,林志豪,0928765432,GOOD-0002,主題樂園一日票,many",
    ].join("\n"),
  );
  const bad = await run(["import", "--data", data, file]);
  t.is(bad.result, 2);
  t.is(
    bad.stderr,
    `${file}: nothing imported, 2 problem(s):\n` +
      "  line 3, column createdAt: not a date-time with seconds and an offset (2026-01-31T09:30:00+08:00)\n" +
      '  line 3, column totalUnits: expected number, received "many"\n',
  );
  const token = await run(["token", "--data", data, "--device", "kiosk-1", "--store", "store-a"]);
  t.is(token.result, 2, "nothing was imported, not even the good row's stores");
  t.is(token.stderr, 'unknown store "store-a"; known stores: (none, import some first)\n');
});

test("usage errors exit 2 with the usage on stderr", async (t) => {
  for (const args of [
    [],
    ["import", "--data", "/tmp/x"],
    ["token", "--data", "/tmp/x", "--device", "k"],
    ["--data", "/tmp/x", "--port", "99999"],
    ["--data", "/tmp/x", "--void-window-hours", "0"],
    ["--data", "/tmp/x", "--void-window-hours", "soon"],
    ["--data", "/tmp/x", "--void-window-hours", "8761"],
    ["token", "--data", "/tmp/x", "--admin", "--device", "k"],
    ["revoke", "--data", "/tmp/x", "--admin", "--device", "k"],
    ["--bogus"],
  ]) {
    const usage = await run(args);
    t.is(usage.result, 2, args.join(" "));
    t.regex(usage.stderr, /usage:/);
  }
  const missing = await run(["import", "--data", "/tmp/x", "/nonexistent/catalogue.json"]);
  t.is(missing.result, 2);
  t.regex(missing.stderr, /cannot read \/nonexistent\/catalogue.json/);
});

test("serve prints the listening line and returns the running service; a stale socket is cleared", async (t) => {
  const data = await dataDir(t);
  await writeFile(join(data, "central.sock"), "left by a crash");
  const stale = await run(["import", "--data", data, catalogueJson]);
  t.is(stale.result, 0, "a socket nobody answers on means: open the directory");

  const served = await run(["--data", data, "--port", "0", "--void-window-hours", "0.5"]);
  if (typeof served.result === "number") return t.fail(served.stderr);
  t.teardown(() => (typeof served.result === "number" ? undefined : served.result.stop()));
  t.like(
    served.logLines.find((line) => line.event === "started"),
    { voidWindowHours: 0.5 },
  );
  const listening = served.logLines.find((line) => line.event === "listening");
  t.regex(String(listening?.url), /^http:\/\/127\.0\.0\.1:\d+$/);
  t.deepEqual(await call(String(listening?.url), "/v1/health"), { status: 200, body: { ok: true } });
  const viaSocket = await run(["token", "--data", data, "--device", "kiosk-1", "--store", "store-b"]);
  t.is(viaSocket.result, 0);

  const second = await run(["--data", data, "--port", "0"]);
  t.is(second.result, 1, "a second service on the same directory fails");
  t.regex(second.stderr, /in use by another process/);
});

test("token --admin prints an admin token alone, stopped or running; revoke --admin takes them all back", async (t) => {
  const data = await dataDir(t);
  t.is((await run(["import", "--data", data, catalogueJson])).result, 0);
  const offline = await run(["token", "--data", data, "--admin"]);
  t.is(offline.result, 0, offline.stderr);
  t.regex(offline.stdout, /^cta_[A-Za-z0-9_-]{43}\n$/);
  t.is(offline.stderr, "");

  const service = new CentralService({ dataDir: data, logger: new JsonLogger(new PassThrough()) });
  t.teardown(() => service.stop());
  const { url } = await service.listen({ host: "127.0.0.1", port: 0 });
  const online = await run(["token", "--data", data, "--admin"]);
  t.regex(online.stdout, /^cta_[A-Za-z0-9_-]{43}\n$/);
  for (const token of [offline.stdout.trim(), online.stdout.trim()]) {
    t.deepEqual(await call(url, "/v1/admin/devices", { token }), { status: 200, body: { devices: [] } });
  }

  const revoked = await run(["revoke", "--data", data, "--admin"]);
  t.is(revoked.stdout, "revoked 2 admin token(s)\n");
  t.is((await call(url, "/v1/admin/devices", { token: online.stdout.trim() })).status, 403);
});

test("central and each of its subcommands answer --help with the usage on stdout, exit 0", async (t) => {
  for (const args of [["--help"], ["-h"], ["import", "--help"], ["token", "--help"], ["revoke", "-h"]]) {
    const help = await run(args);
    t.is(help.result, 0, args.join(" "));
    t.regex(help.stdout, /^usage:\n {2}ticket-kiosk central --data DIR/, args.join(" "));
    t.is(help.stderr, "", args.join(" "));
  }
});

test("serve on a port in use fails with a clear message and never logs that it started", async (t) => {
  const data = await dataDir(t);
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const port = (blocker.address() as AddressInfo).port;
  const served = await run(["--data", data, "--port", String(port)]);
  t.is(served.result, 1);
  t.is(
    served.stderr,
    `central: port ${port} on 127.0.0.1 is already in use by another program: stop it, or choose another --port\n`,
  );
  t.deepEqual(
    served.logLines.map((line) => line.event),
    [],
  );
});

test("token and revoke refuse a data directory that holds no central store, and create nothing", async (t) => {
  const data = await dataDir(t);
  const typo = join(data, "centrl");
  for (const args of [
    ["token", "--data", typo, "--device", "kiosk-1", "--store", "store-a"],
    ["token", "--data", typo, "--admin"],
    ["revoke", "--data", typo, "--device", "kiosk-1"],
    ["token", "--data", data, "--admin"],
  ]) {
    const refused = await run(args);
    t.is(refused.result, 2, args.join(" "));
    t.regex(refused.stderr, /holds no central store: check --data/, args.join(" "));
    t.is(refused.stdout, "");
  }
  await t.throwsAsync(access(typo), { code: "ENOENT" });
  t.deepEqual(await readdir(data), []);
});

test("serve: HTTPS with --tls-cert and --tls-key, on all addresses unless --host; plain HTTP beyond loopback needs --allow-insecure", async (t) => {
  const data = await dataDir(t);
  const certificates = await makeTestCertificates(data);
  const tlsFlags = ["--tls-cert", certificates.certFile, "--tls-key", certificates.keyFile];
  const serve = async (args: string[]) => {
    const served = await run(["--data", join(data, "central"), "--port", "0", ...args]);
    if (typeof served.result === "number") return { ...served, url: undefined };
    const service = served.result;
    t.teardown(() => service.stop());
    const url = String(served.logLines.find((line) => line.event === "listening")?.url);
    await service.stop();
    return { ...served, url };
  };
  t.regex((await serve(tlsFlags)).url ?? "", /^https:\/\/0\.0\.0\.0:\d+$/);
  t.regex((await serve([...tlsFlags, "--host", "127.0.0.1"])).url ?? "", /^https:\/\/127\.0\.0\.1:\d+$/);
  const plain = await serve(["--max-connections", "64", "--rate-per-second", "2.5", "--rate-burst", "30"]);
  t.regex(plain.url ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);
  t.like(
    plain.logLines.find((line) => line.event === "started"),
    { limits: { maxConnections: 64, ratePerSecond: 2.5, rateBurst: 30, headersTimeoutMs: 10_000 } },
  );

  const clear = await serve(["--host", "0.0.0.0"]);
  t.is(clear.result, 2);
  t.regex(clear.stderr, /--host 0\.0\.0\.0 without --tls-cert and --tls-key would send device tokens/);
  t.regex((await serve(["--host", "0.0.0.0", "--allow-insecure"])).url ?? "", /^http:\/\/0\.0\.0\.0:\d+$/);

  const half = await serve(["--tls-cert", certificates.certFile]);
  t.is(half.result, 2);
  t.regex(half.stderr, /give both --tls-cert and --tls-key/);
  const unreadable = await serve(["--tls-cert", join(data, "none.pem"), "--tls-key", certificates.keyFile]);
  t.is(unreadable.result, 2);
  t.regex(unreadable.stderr, /--tls-cert .*none\.pem cannot be read/);
  const badLimit = await serve(["--max-connections", "1.5"]);
  t.is(badLimit.result, 2);
  t.regex(badLimit.stderr, /--max-connections must be a whole number above 0/);
});
