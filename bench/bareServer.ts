/**
 * The baselines of the central-service benchmark: a bare `node:http` server that reads each request
 * body whole and answers it with a fixed JSON body (the central service's own answer to the same
 * kind of request, passed in the environment), on a free loopback port. It prints the same
 * `listening` log line as the central service, so both are started and awaited the same way.
 *
 * With `BARE_DATABASE` (a PostgreSQL URL) or `BARE_LEVEL` (a LevelDB directory) it also parses
 * each body and writes the least a redemption can for its first redemption (leastRedemption.ts,
 * leastLevelRedemption.ts) before answering: the floor of a central on HTTP and that store.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Redemption } from "../device/domain.js";
import type { LeastStore } from "./leastRedemption.js";

const body = Buffer.from(process.env.BARE_BODY ?? "{}");
const store = await leastStore(process.env);

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => {
    if (store !== undefined) chunks.push(chunk);
  });
  request.on("end", () => {
    const answer = () => {
      response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
      response.end(body);
    };
    if (store === undefined) return answer();
    const text = Buffer.concat(chunks).toString("utf8");
    const [redemption] = (JSON.parse(text) as { redemptions: Redemption[] }).redemptions;
    if (redemption === undefined) return answer();
    store.redeem(redemption, text).then(answer, (error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stderr.write(`${JSON.stringify({ event: "listening", url: `http://127.0.0.1:${port}` })}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void store?.close();
});

/** A floor's store, loaded only for a floor, so the bare server's own start stays what it was. */
async function leastStore(env: NodeJS.ProcessEnv): Promise<LeastStore | undefined> {
  if (env.BARE_LEVEL !== undefined) {
    const { openLeastLevel } = await import("./leastLevelRedemption.js");
    return openLeastLevel(env.BARE_LEVEL);
  }
  if (env.BARE_DATABASE === undefined) return undefined;
  const [{ openLeastPg }, { defaultPoolSize }] = await Promise.all([
    import("./leastRedemption.js"),
    import("../central/store/pgLedgerStore.js"),
  ]);
  return openLeastPg(env.BARE_DATABASE, defaultPoolSize);
}
