/**
 * Cold start (issue 16): the kiosk says it is ready before it loads the central service's HTTP
 * client, which only the first sync pass or an online redemption needs (device/lazyCentralApi.ts).
 * What a real `node` process resolves is logged by a resolve hook, with the ready line marked in
 * the same log, so the order is read, not timed.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { tempDir } from "../helpers/fixtures.js";

const child = fileURLToPath(new URL("../helpers/readyLoads.js", import.meta.url));

test("the kiosk is ready before undici loads; the first sync pass loads it after", async (t) => {
  t.timeout(60_000);
  const dir = await tempDir("tk-ready-loads-");
  t.teardown(dir.remove);
  const log = join(dir.path, "resolved.log");
  await writeFile(log, "");
  // Port 9 (discard) on loopback: nothing answers, so the sync pass fails fast, after loading the client.
  const kiosk = spawn(process.execPath, [child, join(dir.path, "data"), "http://127.0.0.1:9"], {
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
  t.true(lines.includes("level"), "the hook saw the journal's package load before ready");
  t.false(
    lines.slice(0, ready).includes("undici"),
    `loaded before ready: ${lines.slice(0, ready).join(", ")}`,
  );
  t.true(lines.slice(ready).includes("undici"), "the first sync pass loads the client");
});
