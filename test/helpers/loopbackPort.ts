/**
 * A fixed loopback port for a child process to listen on (a kiosk's `statusPort`, a central service
 * that stops and comes back at the same address), which nothing else can take meanwhile. A port
 * the kernel handed out (a listen on port 0, then closed) can be handed out again to any outgoing
 * connection, and a random one can be such a port: a test then fails with EADDRINUSE by chance.
 * So the port is chosen below the kernel's ephemeral range (ip_local_port_range, the ports it gives
 * to connections and to listens on port 0), claimed by creating a file exclusively in a folder this
 * run's test processes share (the claim is atomic across them), and checked free by one bind, in
 * case another program holds it.
 */
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Ports tried below the ephemeral range. */
const span = 8000;

export interface ClaimedPort {
  readonly port: number;
  /** Gives the port back to the run's other tests. */
  release(): Promise<void>;
}

export async function claimLoopbackPort(): Promise<ClaimedPort> {
  const below = await ephemeralStart();
  // The test processes of one run are children of the same runner.
  const claims = join(tmpdir(), `ticket-kiosk-test-ports-${process.ppid}`);
  await mkdir(claims, { recursive: true });
  // Each process starts at its own place, so claims rarely meet; when they do, the file decides.
  const start = (process.pid * 37) % span;
  for (let i = 0; i < span; i += 1) {
    const port = below - span + ((start + i) % span);
    const claim = join(claims, String(port));
    const file = await open(claim, "wx").catch(() => undefined);
    if (file === undefined) continue;
    await file.close();
    const release = () => rm(claim, { force: true });
    if (await bindable(port)) return { port, release };
    await release();
  }
  throw new Error(`no free loopback port among the ${span} below ${below}`);
}

async function ephemeralStart(): Promise<number> {
  const range = await readFile("/proc/sys/net/ipv4/ip_local_port_range", "utf8").catch(() => "32768");
  const low = Number.parseInt(range, 10);
  return Number.isInteger(low) && low > span + 1024 ? low : 32768;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
