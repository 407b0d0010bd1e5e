/**
 * An HTTP proxy on loopback between a kiosk and the central service that misbehaves on request:
 * it can refuse connections, reset them, answer 500 or 429 without asking the server, delay,
 * garble the server's answer, or let the server commit and then drop the answer — the faults a
 * shop's network and a busy server produce.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault =
  | { readonly kind: "pass" }
  | { readonly kind: "reset" }
  | { readonly kind: "error500" }
  | { readonly kind: "rateLimit"; readonly retryAfterS: number }
  /** Any answer, without asking the server (a 401 from a revoked token, say). */
  | { readonly kind: "status"; readonly status: number; readonly body: string }
  | { readonly kind: "delay"; readonly ms: number }
  /** Held until the test settles `until`: work provably still running, decided by a gate, not a clock. */
  | { readonly kind: "hold"; readonly until: Promise<void> }
  | { readonly kind: "malformed" }
  /** The server receives and commits the request; the kiosk never hears the answer. */
  | { readonly kind: "dropAfterCommit" };

export interface FaultProxy {
  readonly url: string;
  /** Chooses the fault for each request. */
  choose: (method: string, path: string) => Fault;
  /** The network down: open connections are cut and new ones fail at once. */
  refuseAll: boolean;
  readonly counts: Record<Fault["kind"] | "refused", number>;
  close(): Promise<void>;
}

/**
 * Faults decided by count, never by timing: the requests `applies` accepts get `faults` in order,
 * one each, and every other request passes. However the kiosk's requests interleave (background
 * sync, probes, heartbeats), each fault is injected exactly once, and `left()` says how many are
 * still to come.
 */
export function faultScript(
  faults: readonly Fault[],
  applies: (method: string, path: string) => boolean,
): { readonly choose: FaultProxy["choose"]; left(): number } {
  let next = 0;
  return {
    choose: (method, path) => {
      if (!applies(method, path) || next >= faults.length) return { kind: "pass" };
      const fault = faults[next] ?? { kind: "pass" };
      next += 1;
      return fault;
    },
    left: () => faults.length - next,
  };
}

/**
 * `targets`: one server, or several behind the proxy as behind a load balancer: requests take them
 * in turn, and one whose port refuses the connection (a process killed, not yet restarted) is
 * passed over for the next, as nginx's `proxy_next_upstream error` does; a request already sent is
 * never sent twice.
 */
export async function startFaultProxy(targets: string | readonly string[], port = 0): Promise<FaultProxy> {
  const upstreams = (typeof targets === "string" ? [targets] : targets).map((target) => new URL(target));
  let turn = 0;
  const sockets = new Set<Socket>();
  const counts: FaultProxy["counts"] = {
    pass: 0,
    reset: 0,
    error500: 0,
    rateLimit: 0,
    status: 0,
    delay: 0,
    hold: 0,
    malformed: 0,
    dropAfterCommit: 0,
    refused: 0,
  };
  let down = false;
  const proxy: FaultProxy = {
    url: "",
    choose: () => ({ kind: "pass" }),
    get refuseAll() {
      return down;
    },
    set refuseAll(value: boolean) {
      down = value;
      if (down) for (const socket of sockets) socket.destroy();
    },
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    upstream: URL,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const headers: Record<string, string> = {};
            for (const [key, value] of Object.entries(res.headers))
              if (typeof value === "string") headers[key] = value;
            resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
          });
          res.on("error", reject);
        },
      );
      out.on("error", reject);
      out.end(body);
    });

  const forwardToAny = async (req: IncomingMessage, body: Buffer) => {
    turn += 1;
    for (let tried = 1; ; tried += 1) {
      const upstream = upstreams[(turn + tried) % upstreams.length] as URL;
      try {
        return await forward(req, body, upstream);
      } catch (error) {
        const refused = (error as NodeJS.ErrnoException).code === "ECONNREFUSED";
        if (!refused || tried >= upstreams.length) throw error;
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    const fault = proxy.choose(req.method ?? "GET", req.url ?? "/");
    counts[fault.kind] += 1;
    switch (fault.kind) {
      case "reset":
        req.socket.destroy();
        return;
      case "error500":
        res
          .writeHead(500, { "content-type": "application/json" })
          .end('{"error":{"code":"internal","message":"injected"}}');
        return;
      case "rateLimit":
        res
          .writeHead(429, { "content-type": "application/json", "retry-after": String(fault.retryAfterS) })
          .end('{"error":{"code":"rate_limited","message":"injected"}}');
        return;
      case "status":
        res.writeHead(fault.status, { "content-type": "application/json" }).end(fault.body);
        return;
      case "delay":
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        break;
      case "hold":
        await fault.until;
        break;
      default:
        break;
    }
    let answer: Awaited<ReturnType<typeof forward>>;
    try {
      answer = await forwardToAny(req, body);
    } catch {
      req.socket.destroy();
      return;
    }
    if (fault.kind === "dropAfterCommit") {
      req.socket.destroy();
      return;
    }
    if (fault.kind === "malformed") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"results": [ {"id": ');
      return;
    }
    const {
      "content-length": _length,
      "transfer-encoding": _encoding,
      connection: _connection,
      ...headers
    } = answer.headers;
    res.writeHead(answer.status, headers).end(answer.body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => void handle(req, res, Buffer.concat(chunks)));
  });
  server.on("connection", (socket) => {
    if (down) {
      counts.refused += 1;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  Object.assign(proxy, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  return proxy;
}
