/**
 * How other programs reach a running kiosk. LevelDB admits one process, so tools such as
 * `journal export` ask the daemon over a unix socket in the data directory (file permissions keep
 * it to the kiosk's user); `statusPort`, when set, serves `GET /status` on loopback for monitoring.
 */
import { rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { JournalEntry } from "./journal.js";
import type { KioskStatus } from "./kioskStatus.js";

export interface ControlSource {
  status(): KioskStatus;
  entries(): AsyncIterable<JournalEntry>;
}

export class ControlServer {
  private servers: Server[] = [];

  constructor(
    private readonly source: ControlSource,
    private readonly socketPath: string,
    private readonly statusPort: number,
  ) {}

  async start(): Promise<{ statusUrl: string | undefined }> {
    if (this.servers.length > 0) return { statusUrl: undefined };
    // A socket file left by a killed daemon would make listen() fail; the journal lock already
    // proved that no other daemon owns this data directory.
    await rm(this.socketPath, { force: true });
    const local = createServer((req, res) => void this.handle(req, res, true));
    await listen(local, this.socketPath);
    this.servers.push(local);
    if (this.statusPort === 0) return { statusUrl: undefined };
    const tcp = createServer((req, res) => void this.handle(req, res, false));
    await listen(tcp, { port: this.statusPort, host: "127.0.0.1" });
    this.servers.push(tcp);
    return { statusUrl: `http://127.0.0.1:${this.statusPort}/status` };
  }

  async stop(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse, local: boolean): Promise<void> {
    const path = new URL(req.url ?? "/", "http://kiosk").pathname;
    if (req.method === "GET" && path === "/status") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(this.source.status()));
      return;
    }
    if (local && req.method === "GET" && path === "/journal/export") {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      try {
        for await (const entry of this.source.entries()) {
          if (!res.write(`${JSON.stringify(entry)}\n`)) await new Promise((r) => res.once("drain", r));
        }
      } finally {
        res.end();
      }
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "not_found", message: `no route ${req.method} ${path}` } }));
  }
}

function listen(server: Server, target: string | { port: number; host: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(typeof target === "string" ? { path: target } : target, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
