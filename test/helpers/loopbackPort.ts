/**
 * A fixed loopback port for a child process to listen on (a kiosk's `statusPort`, a central service
 * that stops and comes back at the same address), which nothing else can take meanwhile. A port
 * the kernel handed out (a listen on port 0, then closed) can be handed out again to any outgoing
 * connection, and a random one can be such a port: a test then fails with EADDRINUSE by chance.
 * So the port is chosen below the kernel's ephemeral range (ip_local_port_range, the ports it gives
 * to connections and to listens on port 0), claimed by creating a file exclusively in a folder this
 * run's test processes share (the claim is atomic across them), and checked free by one bind, in
 * case another program holds it. The folder goes with the run's last claim.
 */
import { type FileHandle, mkdir, open, readFile, rm, rmdir } from "node:fs/promises";
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

/** The test processes of one run are children of the same runner, so they share this folder. */
const runClaims = (): string => join(tmpdir(), `ticket-kiosk-test-ports-${process.ppid}`);

/** `claims` is the folder shared by the processes that must not get the same port. */
export async function claimLoopbackPort(claims = runClaims()): Promise<ClaimedPort> {
  const below = await ephemeralStart();
  // Each process starts at its own place, so claims rarely meet; when they do, the file decides.
  const start = (process.pid * 37) % span;
  for (let i = 0; i < span; i += 1) {
    const port = below - span + ((start + i) % span);
    const claim = join(claims, String(port));
    const file = await createClaim(claims, claim);
    if (file === undefined) continue;
    await file.close();
    const release = async () => {
      await rm(claim, { force: true });
      // Fails while another claim is in it; a process about to claim makes it again.
      await rmdir(claims).catch(() => undefined);
    };
    if (await bindable(port)) return { port, release };
    await release();
  }
  throw new Error(`no free loopback port among the ${span} below ${below}`);
}

/** The claim's file, made exclusively; undefined when another process has it. */
async function createClaim(claims: string, claim: string): Promise<FileHandle | undefined> {
  for (;;) {
    try {
      return await open(claim, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
      // No folder yet, or the run's last claim just took it away.
      await mkdir(claims, { recursive: true });
    }
  }
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
