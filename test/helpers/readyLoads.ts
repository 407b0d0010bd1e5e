/**
 * A child process for the cold-start test: starts a kiosk (no scanner, printer or feedback, the
 * central service at the URL given) with `resolveLog.ts` hooked in, writes `READY` to the same log
 * when the kiosk logs its ready line, waits until it logs that its central client has loaded, and
 * stops. With NODE_COMPILE_CACHE in the env it also writes `CACHE_FILES n`: the files in that cache
 * at the moment the kiosk logs that its client has loaded (the logger's sink is called in the
 * logging call, so this is what the kiosk had written by then, not a race with it).
 *
 *   node --import <register> readyLoads.js DATA_DIR CENTRAL_URL   (RESOLVE_LOG=FILE in the env)
 */
import { appendFileSync, readdirSync } from "node:fs";
import { register } from "node:module";
import { Writable } from "node:stream";

register(new URL("./resolveLog.js", import.meta.url));
const log = process.env.RESOLVE_LOG ?? "";
const [dataDir = "", centralUrl = ""] = process.argv.slice(2);
const cache = process.env.NODE_COMPILE_CACHE;

function cacheFiles(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
      .length;
  } catch {
    return 0;
  }
}

const { parseConfig } = await import("../../device/config.js");
const { Kiosk } = await import("../../device/kiosk.js");
const { JsonLogger } = await import("../../device/logger.js");
let clientLoaded: () => void = () => {};
const loaded = new Promise<void>((resolve) => {
  clientLoaded = resolve;
});
const readyLine = new Writable({
  write(chunk: Buffer, _encoding, done) {
    if (chunk.toString().includes('"event":"ready"')) appendFileSync(log, "READY\n");
    if (chunk.toString().includes('"event":"central_client_loaded"')) {
      if (cache !== undefined) appendFileSync(log, `CACHE_FILES ${cacheFiles(cache)}\n`);
      clientLoaded();
    }
    done();
  },
});
const config = parseConfig({
  dataDir,
  device: { id: "kiosk-1", storeId: "store-a" },
  central: { url: centralUrl, token: "not-a-real-token", timeoutMs: 500 },
  scanner: { kind: "none" },
  printer: { kind: "none" },
  feedback: { kind: "none" },
  ui: { kind: "none", confirm: "auto" },
});
const kiosk = new Kiosk(config, { logger: new JsonLogger(readyLine, "kiosk"), version: "test" });
await kiosk.start();
await loaded;
await kiosk.stop();
