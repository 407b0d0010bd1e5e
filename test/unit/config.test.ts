import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { ConfigError, loadConfig, parseConfig } from "../../device/config.js";
import { tempDir } from "../helpers/fixtures.js";

const minimal = {
  device: { id: "k1", storeId: "store-a" },
  central: { url: "http://127.0.0.1:8787", token: "t" },
};

function problems(raw: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  const error = t_throws(() => parseConfig(raw, env));
  return error.problems.map((p) => `${p.path}: ${p.message}`);
}

function t_throws(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

test("a minimal config gets every default", (t) => {
  const config = parseConfig(minimal);
  t.is(config.dataDir, "/var/lib/ticket-kiosk");
  t.is(config.device.mode, "counter");
  t.is(config.device.locale, "zh-TW");
  t.is(config.central.timeoutMs, 1500);
  t.is(config.scanner.kind, "keyboard");
  t.is(config.printer.kind, "none");
  t.is(config.ui.confirm, "ask");
  t.is(config.offline.policy, "allow");
  t.is(config.statusPort, 0);
  t.true(Object.isFrozen(config) && Object.isFrozen(config.device));
});

test("every problem is reported at once, with its path", (t) => {
  const found = problems({
    device: { id: "", storeId: "s", colour: "red" },
    central: { url: "ftp://x", token: "t", tokenFile: "/etc/t" },
    scanner: { kind: "serial" },
    printer: { kind: "tcp", paperWidthMm: 57 },
    ui: { kind: "none" },
    extra: true,
  });
  const paths = found.map((line) => line.split(":")[0]);
  for (const path of [
    "device.id",
    "device.colour",
    "central.url",
    "central",
    "scanner.path",
    "printer.host",
    "printer.paperWidthMm",
    "ui.confirm",
    "extra",
  ]) {
    t.true(paths.includes(path), `${path} in ${found.join(" | ")}`);
  }
  t.true(
    found.some((line) => line.includes("colour")),
    "names the unknown key",
  );
  t.true(
    found.some((line) => line.includes("extra")),
    "names the unknown root key",
  );
});

test("a missing or mistyped section is a listed problem, not a crash of its cross-field rules", (t) => {
  t.deepEqual(problems({ device: { id: "k1", storeId: "s" } }), ["central: required"]);
  t.deepEqual(problems({ ...minimal, central: "x", scanner: null }), [
    'central: expected an object, received "x"',
    "scanner: expected an object, received null",
  ]);
});

test("environment variables override single keys, in either spelling", (t) => {
  const config = parseConfig(minimal, {
    TICKET_KIOSK_CENTRAL_TIMEOUT_MS: "900",
    TICKET_KIOSK_PRINTER_PAPERWIDTHMM: "58",
    TICKET_KIOSK_DEVICE_MODE: "self-service",
    PATH: "/usr/bin",
  });
  t.is(config.central.timeoutMs, 900);
  t.is(config.printer.paperWidthMm, 58);
  t.is(config.device.mode, "self-service");
});

test("unknown or malformed environment overrides are errors too", (t) => {
  const found = problems(minimal, { TICKET_KIOSK_NOPE: "1", TICKET_KIOSK_STATUS_PORT: "eighty" });
  t.deepEqual(found, [
    "env TICKET_KIOSK_NOPE: no such configuration key",
    'env TICKET_KIOSK_STATUS_PORT: expected a number, got "eighty"',
  ]);
});

test("a missing file and bad JSON are config errors, not crashes", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const missing = await t.throwsAsync(loadConfig(join(dir.path, "nope.json"), {}), {
    instanceOf: ConfigError,
  });
  t.is(missing.problems[0]?.message, "file not found");
  const bad = join(dir.path, "bad.json");
  await writeFile(bad, "{ not json");
  const invalid = await t.throwsAsync(loadConfig(bad, {}), { instanceOf: ConfigError });
  t.regex(invalid.problems[0]?.message ?? "", /not valid JSON/);
});

test("a list key takes a JSON array or a comma-separated value from the environment", (t) => {
  t.deepEqual(
    parseConfig(minimal, { TICKET_KIOSK_SCANNER_STRIP_PREFIXES: '["]Q1","]C0"]' }).scanner.stripPrefixes,
    ["]Q1", "]C0"],
  );
  t.deepEqual(
    parseConfig(minimal, { TICKET_KIOSK_SCANNER_STRIP_PREFIXES: "]Q1,]C0" }).scanner.stripPrefixes,
    ["]Q1", "]C0"],
  );
});

test("a paper width other than 58 or 80 says which widths there are", (t) => {
  t.deepEqual(problems({ ...minimal, printer: { kind: "none", paperWidthMm: 57 } }), [
    "printer.paperWidthMm: 58 or 80 (mm)",
  ]);
});

test("a section given as a list is one problem, not also a spurious cross-field rule", (t) => {
  t.deepEqual(problems({ device: minimal.device, central: [] }), [
    "central: expected an object, received a list",
  ]);
});

test("a UTF-8 byte order mark before the JSON is accepted", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const file = join(dir.path, "bom.json");
  await writeFile(file, `\uFEFF${JSON.stringify(minimal)}`);
  const config = await loadConfig(file, {});
  t.is(config.device.id, "k1");
});

test("the self-service idle wait has one name: ui.idleTimeoutMs, not a login-screen spelling", (t) => {
  t.is(parseConfig({ ...minimal, ui: { idleTimeoutMs: 45_000 } }).ui.idleTimeoutMs, 45_000);
  t.true(
    problems({ ...minimal, ui: { loginIdleTimeoutMs: 45_000 } }).some((line) =>
      line.startsWith("ui.loginIdleTimeoutMs:"),
    ),
  );
});

test("plain http:// to a central service beyond this machine is refused unless central.allowInsecure", (t) => {
  const withUrl = (url: string, extra: Record<string, unknown> = {}) => ({
    ...minimal,
    central: { url, token: "t", ...extra },
  });
  t.deepEqual(problems(withUrl("http://central.example:8787")), [
    "central.url: plain http:// sends the device token and customer data in clear: use https:// (docs/deploy.md), or set central.allowInsecure to true for a network you trust",
  ]);
  t.is(problems(withUrl("http://192.168.1.10:8787")).length, 1);
  t.is(
    parseConfig(withUrl("http://central.example:8787", { allowInsecure: true })).central.allowInsecure,
    true,
  );
  for (const url of [
    "https://central.example",
    "http://127.0.0.1:8787",
    "http://127.9.9.9",
    "http://localhost:8787",
    "http://[::1]:8787",
  ]) {
    t.is(parseConfig(withUrl(url)).central.url, url);
  }
  t.is(
    parseConfig(withUrl("https://central.example", { caFile: "/etc/ticket-kiosk/ca.pem" })).central.caFile,
    "/etc/ticket-kiosk/ca.pem",
  );
});

test("a config naming no device takes the id and store pairing kept in dataDir/device.json, and needs them", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const file = join(dir.path, "kiosk.json");
  const unnamed = { dataDir: dir.path, device: {}, central: { url: "http://127.0.0.1:8787" } };
  await writeFile(file, JSON.stringify(unnamed));
  const error = await t.throwsAsync(loadConfig(file, {}), { instanceOf: ConfigError });
  t.deepEqual(
    error?.problems.map((problem) => problem.path),
    ["device.id", "device.storeId"],
  );
  t.regex(error?.message ?? "", /paired by scanning/);

  await writeFile(join(dir.path, "device.json"), JSON.stringify({ deviceId: "kiosk-9", storeId: "store-b" }));
  const paired = await loadConfig(file, {});
  t.is(paired.device.id, "kiosk-9");
  t.is(paired.device.storeId, "store-b");
  t.true(Object.isFrozen(paired.device));

  await writeFile(file, JSON.stringify({ ...unnamed, device: { id: "k1", storeId: "store-a" } }));
  t.like((await loadConfig(file, {})).device, { id: "k1", storeId: "store-a" }, "the config's own names win");
});
