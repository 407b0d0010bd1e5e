/**
 * Cold start (issue 16): the kiosk says it is ready before it loads the central service's HTTP
 * client, which only the first sync pass or an online redemption needs (device/lazyCentralApi.ts),
 * and a kiosk with no serial device loads no serialport (the driver factories import only the
 * configured kind's driver). On Node 22 the compile cache the unit names is written once the
 * central client has loaded, so a kiosk killed later still starts from it (device/compileCache.ts);
 * the kiosk logs that the client is loaded only once the cache is written, so a kill on that line
 * finds it on disk (the order is read in the kiosk's own process, at the logging call).
 * What a real `node` process resolves is logged by a resolve hook, with the ready line marked in
 * the same log, so the order is read, not timed.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile, writeFile } from "node:fs/promises";
import nodeModule from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import test, { type ExecutionContext } from "ava";
import { startCli } from "../helpers/cliProcess.js";
import { tempDir } from "../helpers/fixtures.js";

const child = fileURLToPath(new URL("../helpers/readyLoads.js", import.meta.url));

/** A temp dir for the test, removed after it, with an empty resolve log in it. */
async function resolveLogDir(t: ExecutionContext, prefix: string): Promise<{ path: string; log: string }> {
  t.timeout(60_000);
  const dir = await tempDir(prefix);
  t.teardown(dir.remove);
  const log = join(dir.path, "resolved.log");
  await writeFile(log, "");
  return { path: dir.path, log };
}

test("the kiosk is ready with only its store and its schemas loaded, loads undici right after; no serialport without a serial device", async (t) => {
  const { path, log } = await resolveLogDir(t, "tk-ready-loads-");
  // Port 9 (discard) on loopback: nothing answers, so the sync pass fails fast, after loading the client.
  const kiosk = spawn(process.execPath, [child, join(path, "data"), "http://127.0.0.1:9"], {
    env: { ...process.env, RESOLVE_LOG: log },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  kiosk.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const [code] = await once(kiosk, "exit");
  t.is(code, 0, stderr);
  const lines = (await readFile(log, "utf8")).split("\n");
  const ready = lines.indexOf("READY");
  t.true(ready > 0, "the ready line was logged");
  // The journal's store and the schemas its config and records are read with (valibot, one file:
  // docs/performance.md "Cold start, fourth round"), and no other package, undici least of all.
  t.deepEqual(
    [...new Set(lines.slice(0, ready))].sort(),
    ["level", "valibot"],
    "the packages loaded before ready",
  );
  t.true(lines.slice(ready).includes("undici"), "the client loads after the ready line");
  t.deepEqual(
    lines.filter((line) => line.includes("serialport")),
    [],
    "no serial scanner, printer or board: no serialport",
  );
});

test("the serial drivers load serialport's stream and binding, not the serialport package's parsers and mock", async (t) => {
  const { log } = await resolveLogDir(t, "tk-serial-loads-");
  const hook = new URL("../helpers/resolveLog.js", import.meta.url).href;
  const drivers = ["../../drivers/scanner/serialScanner.js", "../../drivers/printer/serialPrinter.js"].map(
    (path) => new URL(path, import.meta.url).href,
  );
  const script = `import { register } from "node:module"; register(${JSON.stringify(hook)});
for (const driver of ${JSON.stringify(drivers)}) await import(driver);`;
  const loader = spawn(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, RESOLVE_LOG: log },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const [code] = await once(loader, "exit");
  t.is(code, 0);
  const lines = (await readFile(log, "utf8")).split("\n");
  t.true(
    lines.includes("@serialport/stream") && lines.includes("@serialport/bindings-cpp"),
    lines.join(", "),
  );
  t.false(lines.includes("serialport"), lines.join(", "));
});

test("the compile cache is written before the kiosk logs that its central client has loaded", async (t) => {
  const { path, log } = await resolveLogDir(t, "tk-cache-order-");
  const kiosk = spawn(process.execPath, [child, join(path, "data"), "http://127.0.0.1:9"], {
    env: { ...process.env, RESOLVE_LOG: log, NODE_COMPILE_CACHE: join(path, "compile") },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const [code] = await once(kiosk, "exit");
  t.is(code, 0);
  const counted = (await readFile(log, "utf8")).split("\n").find((line) => line.startsWith("CACHE_FILES "));
  const files = Number(counted?.slice("CACHE_FILES ".length));
  if ("flushCompileCache" in nodeModule)
    t.true(files > 0, `Node ${process.version}: no cache yet at that line`);
  else t.is(files, 0, `Node ${process.version} has no compile cache to write`);
});

test("with NODE_COMPILE_CACHE (the unit sets it), the compile cache is on disk once the central client has loaded, even after a kill -9", async (t) => {
  const dir = await tempDir("tk-compile-cache-");
  t.teardown(dir.remove);
  const cache = join(dir.path, "compile");
  const config = join(dir.path, "kiosk.json");
  await writeFile(
    config,
    JSON.stringify({
      dataDir: join(dir.path, "data"),
      device: { id: "kiosk-cache", storeId: "store-a" },
      central: { url: "http://127.0.0.1:9", token: "secret-token-value" },
      scanner: { kind: "none" },
      ui: { kind: "none", confirm: "auto" },
    }),
  );
  const kiosk = startCli(["run", "--config", config], { NODE_COMPILE_CACHE: cache });
  t.teardown(() => kiosk.kill("SIGKILL"));
  await kiosk.waitForLog((line) => line.event === "central_client_loaded");
  await kiosk.kill("SIGKILL");
  const entries = await readdir(cache, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  if ("flushCompileCache" in nodeModule) t.true(files.length > 0, `Node ${process.version} wrote no cache`);
  else t.deepEqual(files, [], `Node ${process.version} has no compile cache to write`);
});
