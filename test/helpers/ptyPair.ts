/**
 * Two linked pseudo-terminals from socat, a serial cable in software: bytes written to one end
 * come out of the other unchanged. Stopping socat removes both links, as unplugging a USB-serial
 * adapter removes its device node.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { access } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

export interface PtyPair {
  /** The end the test reads or writes. */
  readonly a: string;
  /** The end the code under test opens. */
  readonly b: string;
  stop(): Promise<void>;
}

async function waitForPath(path: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`socat exited with ${child.exitCode}`);
    try {
      await access(path);
      return;
    } catch {
      await sleep(20);
    }
  }
  throw new Error(`socat did not create ${path}`);
}

export async function startPtyPair(a: string, b: string): Promise<PtyPair> {
  const child = spawn("socat", [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForPath(a, child);
  await waitForPath(b, child);
  return {
    a,
    b,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
