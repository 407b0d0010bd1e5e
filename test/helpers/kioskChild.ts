/**
 * The kiosk processes the crash harness starts and kills, seen the same way: the ids it
 * acknowledged (a customer saw 核銷成功), when it is ready, how it ended.
 * - `startCrashKiosk`: test/helpers/crashKiosk.ts, the composition root with a scanner driven by
 *   code; its `ACK` lines on stdout are written synchronously at the moment of the answer.
 * - `startDaemonKiosk`: `ticket-kiosk run --config FILE` itself, its keyboard scanner fed one code
 *   on stdin after each decision, the first once its central client has loaded (or, with
 *   `afterFirstSync`, once its first sync pass has filled its copy of the tickets); an
 *   acknowledgement is a `decision` log line with outcome `ok`
 *   (stderr is a pipe, which Node writes synchronously on Linux, so a line read was written
 *   before any kill).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { mainScript } from "./cliProcess.js";

const crashKioskScript = fileURLToPath(new URL("./crashKiosk.js", import.meta.url));

export interface KioskChild {
  readonly process: ChildProcess;
  stderr(): string;
  readonly acks: string[];
  readonly ready: Promise<void>;
  readonly exited: Promise<string>;
  /** stdout of the crash kiosk (`READY`, `ACK …`, `DRAINED`). */
  readonly lines: string[];
}

/** Lines of one stream, kept as the last 4,000 characters for failure messages too. */
function watch(
  child: ChildProcess,
  stream: NodeJS.ReadableStream | null,
  onLine: (line: string, ready: () => void) => void,
): Pick<KioskChild, "ready" | "exited" | "stderr"> {
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: stream ?? process.stdin }).on("line", (line) => onLine(line, resolve));
    child.once("exit", () => reject(new Error(`kiosk exited before it was ready:\n${stderr}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(String(signal ?? code))),
  );
  return { ready, exited, stderr: () => stderr };
}

export function startCrashKiosk(args: string[], env: NodeJS.ProcessEnv): KioskChild {
  const child = spawn(process.execPath, [crashKioskScript, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acks: string[] = [];
  const lines: string[] = [];
  const watched = watch(child, child.stdout, (line, ready) => {
    lines.push(line);
    if (line === "READY") ready();
    const [word, id] = line.split(" ");
    if (word === "ACK" && id !== undefined) acks.push(id);
  });
  return { process: child, acks, lines, ...watched };
}

export function startDaemonKiosk(
  configFile: string,
  codes: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { readonly afterFirstSync?: boolean } = {},
): KioskChild {
  const child = spawn(process.execPath, [mainScript, "run", "--config", configFile], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "ignore", "pipe"],
  });
  child.stdin?.on("error", () => undefined); // EPIPE: a code written as the kiosk was killed
  const acks: string[] = [];
  let next = 0;
  const scanNext = () => {
    const code = codes[next % codes.length];
    next += 1;
    if (code !== undefined) child.stdin?.write(`${code}\n`);
  };
  const watched = watch(child, child.stderr, (line, ready) => {
    let log: { event?: unknown; outcome?: unknown; id?: unknown };
    try {
      log = JSON.parse(line) as typeof log;
    } catch {
      return; // not a log line
    }
    // Ready for the harness once the central client has loaded, after the ready line (as
    // crashKiosk.ts waits for it): the kill clock starts when redemptions run at full speed.
    // After the first sync instead, no scan is decided online while the copy fills: a refusal
    // decided there is a record on the server too, which a test counting rows must not see.
    const startEvent = options.afterFirstSync ? "sync" : "central_client_loaded";
    if (log.event === startEvent && next === 0) {
      ready();
      scanNext();
    } else if (log.event === "decision") {
      if (log.outcome === "ok" && typeof log.id === "string") acks.push(log.id);
      scanNext();
    }
  });
  return { process: child, acks, lines: [], ...watched };
}
