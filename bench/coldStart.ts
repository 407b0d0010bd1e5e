/**
 * Benchmark 6 (issue 7): cold start. `ticket-kiosk run` as systemd starts it (with the unit's Node
 * flags: kioskNodeFlags.ts), on a data directory
 * whose journal caches the whole catalogue, with a serial scanner (a socat pty), a file printer, a
 * bell and the reference central service on loopback: the time from spawning the process to its
 * `ready` log line (GET /status says `ready` at the same moment; it is checked). Baseline: spawning
 * a bare `node` that writes one line, the floor of any process start here.
 *
 * Module loading is reported apart: a fresh process that imports what `run` loads for this config
 * (moduleLoad.ts), and the same with the blessed screen a shop's kiosk also loads.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { rm, writeFile } from "node:fs/promises";
import nodeModule from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startCli } from "../test/helpers/cliProcess.js";
import { tempDir } from "../test/helpers/fixtures.js";
import { startPtyPair } from "../test/helpers/ptyPair.js";
import { benchData, benchDevice } from "./benchData.js";
import { startCentralProcess } from "./centralProcess.js";
import { type Figures, figure, progress, runBenchmark } from "./figures.js";
import { kioskNodeFlags, kioskRuntime } from "./kioskNodeFlags.js";
import { summarise } from "./stats.js";

const moduleLoadScript = fileURLToPath(new URL("./moduleLoad.js", import.meta.url));

/** Milliseconds from spawning `node args…` to its first line on `stream`, and that line. */
async function firstLine(args: readonly string[], stream: "stdout" | "stderr", env: NodeJS.ProcessEnv = {}) {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const exited = once(child, "exit");
  const [line] = (await once(createInterface({ input: child[stream] }), "line")) as [string];
  const ms = performance.now() - startedAt;
  await exited;
  return { ms, line };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

runBenchmark(async (options) => {
  const runs = options.quick ? 1 : 5;
  const data = await benchData(options, { journal: true });
  const dir = await tempDir("bench-cold-");
  const central = await startCentralProcess(data.centralDir);
  const pty = await startPtyPair(join(dir.path, "scanner-end"), join(dir.path, "kiosk-end"));
  // The first start compiles everything, as a new kiosk's first boot does; the ones after read the
  // compile cache (Node 22; kioskNodeFlags.ts).
  const compileCache = kioskRuntime.env.NODE_COMPILE_CACHE;
  if (compileCache !== undefined) await rm(compileCache, { recursive: true, force: true });
  try {
    const statusPort = await freePort();
    const configFile = join(dir.path, "config.json");
    await writeFile(
      configFile,
      JSON.stringify({
        dataDir: data.kioskDir,
        device: { id: benchDevice, storeId: "store-a", storeName: "台北信義店" },
        central: { url: central.url, token: data.token },
        scanner: { kind: "serial", path: pty.b, baudRate: 115_200 },
        printer: { kind: "file", dir: join(dir.path, "slips") },
        feedback: { kind: "bell" },
        ui: { kind: "none", confirm: "auto" },
        statusPort,
      }),
    );
    const samples = {
      ready: [] as number[],
      node: [] as number[],
      modules: [] as number[],
      ui: [] as number[],
    };
    for (let run = 0; run < runs; run += 1) {
      samples.node.push((await firstLine(["-e", "console.log('up')"], "stdout")).ms);
      const startedAt = performance.now();
      const kiosk = startCli(["run", "--config", configFile], {}, kioskRuntime);
      try {
        await kiosk.waitForLog((line) => line.event === "ready", 60_000);
        samples.ready.push(performance.now() - startedAt);
        const status = (await (await fetch(`http://127.0.0.1:${statusPort}/status`)).json()) as {
          ready?: boolean;
        };
        if (status.ready !== true) throw new Error("the ready line came before GET /status said ready");
        // Stopped once it has loaded all it loads, as a kiosk runs on: its compile cache is written.
        await kiosk.waitForLog((line) => line.event === "central_client_loaded", 60_000);
      } finally {
        await kiosk.kill("SIGTERM");
      }
      const load = async (args: string[]) =>
        (
          JSON.parse(
            (await firstLine([...kioskNodeFlags, moduleLoadScript, ...args], "stdout", kioskRuntime.env))
              .line,
          ) as {
            moduleLoadMs: number;
          }
        ).moduleLoadMs;
      samples.modules.push(await load([]));
      samples.ui.push(await load(["--ui"]));
      progress(`run ${run + 1}: ready after ${samples.ready.at(-1)?.toFixed(0)} ms`);
    }
    const ready = summarise(samples.ready);
    const node = summarise(samples.node);
    const compiling =
      compileCache !== undefined && "enableCompileCache" in nodeModule
        ? "compile cache from the second start"
        : "no compile cache";
    const cache = `${data.tickets.toLocaleString("en")} tickets cached, Node ${process.version}, ${compiling}`;
    const figures: Figures = {
      cold_start_ms: figure(
        ready.p50,
        { name: "node_start_ms", value: node.p50 },
        `median of ${runs} starts of \`ticket-kiosk run\` to its ready line, ${cache}; serial scanner (pty), file printer, bell, no screen`,
        { max: 500 },
      ),
      cold_start_max_ms: figure(
        ready.max,
        { name: "node_start_max_ms", value: node.max },
        `slowest of ${runs} starts, ${cache}`,
        { max: 1000 },
      ),
      module_load_ms: figure(
        summarise(samples.modules).p50,
        { name: "node_start_ms", value: node.p50 },
        `median of ${runs}: importing what \`run\` loads for that config, in a fresh process`,
      ),
      module_load_with_ui_ms: figure(
        summarise(samples.ui).p50,
        { name: "node_start_ms", value: node.p50 },
        `median of ${runs}: the same plus the blessed screen of a shop's kiosk`,
      ),
    };
    return figures;
  } finally {
    await pty.stop();
    await central.stop();
    await dir.remove();
    await data.release();
  }
});
