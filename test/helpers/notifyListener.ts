/**
 * A unix datagram socket standing in for systemd's `NOTIFY_SOCKET`: python3 binds it (Node has no
 * unix datagram sockets) and prints each datagram as a JSON line, which this helper parses into
 * `VAR=VALUE` fields so a test can wait for READY=1, WATCHDOG=1 or STOPPING=1.
 *
 * systemd-notify follows each message with BARRIER=1 carrying a file descriptor and waits until that
 * descriptor is closed. Like systemd, the listener closes it: `recv` takes no ancillary data, so the
 * kernel discards (closes) the passed descriptor. (socat keeps it open: each send then stalls 5 s.)
 * BARRIER messages are protocol plumbing and are left out of `messages`.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { rm } from "node:fs/promises";

const listenerScript = `
import json, socket, sys
name = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\\0" + name[1:] if name.startswith("@") else name)
print(json.dumps("listening"), flush=True)
while True:
    print(json.dumps(s.recv(65536).decode("utf-8", "replace")), flush=True)
`;

export interface NotifyMessage {
  /** When the listener's line reached the test, ms (performance.now()). */
  readonly atMs: number;
  readonly fields: Readonly<Record<string, string>>;
}

export interface NotifyListener {
  /** The value for `NOTIFY_SOCKET`. */
  readonly socket: string;
  readonly messages: NotifyMessage[];
  waitFor(match: (message: NotifyMessage) => boolean, timeoutMs?: number): Promise<NotifyMessage>;
  close(): Promise<void>;
}

/** Listens on `socket`: a path, or `@name` for the abstract namespace. */
export async function startNotifyListener(socket: string): Promise<NotifyListener> {
  const child = spawn("python3", ["-u", "-c", listenerScript, socket], { stdio: ["ignore", "pipe", "pipe"] });
  const messages: NotifyMessage[] = [];
  const wakers = new Set<() => void>();
  let stderr = "";
  let partial = "";
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const text = JSON.parse(line) as string;
      if (text === "listening") {
        listening();
        continue;
      }
      const fields = Object.fromEntries(
        text.split("\n").map((assignment) => {
          const at = assignment.indexOf("=");
          return [assignment.slice(0, at), assignment.slice(at + 1)];
        }),
      );
      if (fields.BARRIER === undefined) messages.push({ atMs: performance.now(), fields });
    }
    for (const wake of wakers) wake();
  });
  const exited = once(child, "exit");
  const diedEarly = exited.then(() => {
    throw new Error(`the notify listener did not start: ${stderr}`);
  });
  // Only a death before "listening" is a failure; the later, wanted exit must not reject unheard.
  diedEarly.catch(() => {});
  await Promise.race([ready, diedEarly]);

  return {
    socket,
    messages,
    waitFor(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found === undefined) return;
          done();
          resolve(found);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching notification in ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          wakers.delete(check);
        };
        wakers.add(check);
        check();
      });
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      if (!socket.startsWith("@")) await rm(socket, { force: true });
    },
  };
}
