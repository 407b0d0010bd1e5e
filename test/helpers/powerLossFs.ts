/**
 * The power-loss filesystem (test/powerloss/powerLossFs.py) as a child process: a FUSE mount whose
 * writes not yet fsync'd are thrown away by `cut()`, as a power cut would. Its model of what is
 * durable is in docs/reliability.md ("Power-loss harness").
 *
 * It needs /dev/fuse, libfuse3 (Debian `fuse3`) and Debian's `python3-pyfuse3`, which installs
 * for the system interpreter only: hence /usr/bin/python3, not whatever `python3` is on PATH.
 * When the mount cannot start, `mountPowerLossFs` throws with the reason: a test that needs it
 * fails, it is never skipped.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir } from "node:fs/promises";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("../../../test/powerloss/powerLossFs.py", import.meta.url));
const python = "/usr/bin/python3";

/** What one power cut threw away: files that lost data or their name, and the bytes. */
export interface Cut {
  readonly files: number;
  readonly bytes: number;
}

export interface PowerLossFs {
  /** Where processes read and write. */
  readonly mountpoint: string;
  /** The power cut. Call it only once every process writing here has exited. */
  cut(): Promise<Cut>;
  /** Everything becomes durable, as `sync(1)` does. */
  syncAll(): Promise<void>;
  unmount(): Promise<void>;
}

/** Mounts `backing` (its contents are the durable state) at `mountpoint`. */
export async function mountPowerLossFs(backing: string, mountpoint: string): Promise<PowerLossFs> {
  await mkdir(backing, { recursive: true });
  await mkdir(mountpoint, { recursive: true });
  const child: ChildProcess = spawn(python, [script, backing, mountpoint], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = once(child, "exit").then(([code, signal]) => String(code ?? signal));
  const spawnFailed = once(child, "error").then(([error]) => (error as Error).message);
  const answers: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout ?? process.stdin }).on("line", (line) => {
    const wake = waiting.shift();
    if (wake === undefined) answers.push(line);
    else wake(line);
  });
  const failure = (why: string) =>
    new Error(`the power-loss filesystem (${python} ${script}) ${why}\n${stderr.trim()}`);
  const answer = (command?: string): Promise<string> => {
    if (command !== undefined) child.stdin?.write(`${command}\n`);
    const ready = answers.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return Promise.race([
      new Promise<string>((resolve) => waiting.push(resolve)),
      exited.then((how) => Promise.reject(failure(`exited (${how})`))),
      spawnFailed.then((why) => Promise.reject(failure(`could not start: ${why}`))),
    ]);
  };
  const mounted = await answer();
  if (mounted !== "mounted") throw failure(`did not mount: ${mounted}`);
  return {
    mountpoint,
    async cut() {
      const [word, files, bytes] = (await answer("drop")).split(" ");
      if (word !== "dropped") throw failure(`answered "${word}" to drop`);
      return { files: Number(files), bytes: Number(bytes) };
    },
    async syncAll() {
      const reply = await answer("sync");
      if (reply !== "synced") throw failure(`answered "${reply}" to sync`);
    },
    async unmount() {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const how = await exited;
      clearTimeout(timer);
      // Killed, it leaves a dead mount behind ("transport endpoint is not connected"): detach it.
      if (how !== "0")
        await new Promise((resolve) => execFile("fusermount3", ["-u", "-z", mountpoint], resolve));
    },
  };
}
