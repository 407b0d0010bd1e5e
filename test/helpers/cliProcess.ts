/**
 * The real `ticket-kiosk` executable as a child process, with its JSON log lines collected so a
 * test can wait for an event (`ready`, `listening`, `decision`…) instead of sleeping.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export const mainScript = fileURLToPath(new URL("../../device/main.js", import.meta.url));

export type LogLine = Record<string, unknown>;

/** How a test starts the executable: the Node command, its leading arguments, extra environment. */
export interface NodeRuntime {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** How many times longer than on the host a start or a decision may take (for log waits). */
  readonly slowdown: number;
}

/** The Node running the test. */
export const hostNode: NodeRuntime = {
  name: "host",
  command: process.execPath,
  args: [],
  env: {},
  slowdown: 1,
};

export interface CliProcess {
  readonly child: ChildProcess;
  readonly logs: LogLine[];
  stdout(): string;
  stderr(): string;
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code (or the signal's name). */
  exited(): Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

export function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  runtime: NodeRuntime = hostNode,
): CliProcess {
  const child = spawn(runtime.command, [...runtime.args, mainScript, ...args], {
    env: { ...process.env, ...runtime.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let out = "";
  let err = "";
  let partial = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
    partial += chunk;
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        // Not a log line (a usage message, a crash trace): kept in stderr() for the assertion message.
      }
    }
    for (const wake of waiters) wake();
  });
  // "close", not "exit": a process may exit before its last stdout write has been read from the pipe.
  const exit = once(child, "close").then(([code, signal]) => (code ?? signal) as number | string);

  return {
    child,
    logs,
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
    waitForLog(match, timeoutMs = 15_000 * runtime.slowdown) {
      return new Promise((resolve, reject) => {
        let checked = 0;
        const check = () => {
          for (; checked < logs.length; checked += 1) {
            const line = logs[checked];
            if (line !== undefined && match(line)) {
              done();
              resolve(line);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching log line within ${timeoutMs} ms; stderr:\n${err.slice(-3000)}`));
        }, timeoutMs);
        const onExit = () => {
          check();
          done();
          reject(new Error(`process exited before a matching log line; stderr:\n${err.slice(-3000)}`));
        };
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off("exit", onExit);
        };
        waiters.add(check);
        child.once("exit", onExit);
        check();
      });
    },
  };
}

/** Runs a command to completion, with `input` on its stdin. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, input = "") {
  const cli = startCli(args, env);
  cli.child.stdin?.end(input);
  const code = await cli.exited();
  return { code, stdout: cli.stdout(), stderr: cli.stderr(), logs: cli.logs };
}
