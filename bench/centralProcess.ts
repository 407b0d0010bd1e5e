/**
 * The reference central service as its own process, started with the real CLI
 * (`ticket-kiosk central --data DIR --port 0`), so the kiosk side of a benchmark has its process,
 * memory and event loop to itself, as on a real kiosk. Its logs are read up to the `listening`
 * line and then drained unread: parsing a line per verdict would load the benchmark's own process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const mainScript = fileURLToPath(new URL("../device/main.js", import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns `node args…` and resolves once a JSON log line on stderr has `event: "listening"` and a `url`. */
export async function startServerProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...profilerArgs(), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = once(child, "exit");
  const stderr = child.stderr;
  if (stderr === null) throw new Error("no stderr");
  stderr.setEncoding("utf8");
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => fail(new Error(`no "listening" line within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const parsed = parseLine(line);
        if (parsed?.event === "listening" && typeof parsed.url === "string") {
          done();
          resolve(parsed.url);
          return;
        }
      }
    };
    const onExit = () => fail(new Error(`the server exited before listening:\n${buffered.slice(-2000)}`));
    const done = () => {
      clearTimeout(timer);
      stderr.off("data", onData);
      child.off("exit", onExit);
    };
    const fail = (error: Error) => {
      done();
      child.kill("SIGKILL");
      reject(error);
    };
    stderr.on("data", onData);
    child.once("exit", onExit);
  });
  stderr.resume();
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Node options for the servers a benchmark starts, from `BENCH_NODE_ARGS`, so they can be profiled
 * like the benchmark itself: `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`.
 */
function profilerArgs(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "");
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Options for a central service whose per-token rate limit and connection cap stay out of the way:
 * for benchmarks of the store, or of a gate that scans faster than any door lets people through
 * (70 redemptions a second against the default 20 requests a second per token; docs/security.md).
 */
export const unlimitedCentral = [
  "--max-connections",
  "2048",
  "--rate-per-second",
  "1000000",
  "--rate-burst",
  "1000000",
] as const;

/**
 * The central service on a data directory (LevelDB) or `{ database }` (a PostgreSQL URL), on a free
 * loopback port, with `options` added to its command line.
 */
export function startCentralProcess(
  store: string | { readonly database: string },
  options: readonly string[] = [],
): Promise<ServerProcess> {
  const where = typeof store === "string" ? ["--data", store] : ["--database", store.database];
  return startServerProcess([
    mainScript,
    "central",
    ...where,
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    ...options,
  ]);
}
