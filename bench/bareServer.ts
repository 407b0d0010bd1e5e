/**
 * The baseline of the central-service benchmark: a bare `node:http` server that reads each request
 * body whole and answers it with a fixed JSON body (the central service's own answer to the same
 * kind of request, passed in the environment), on a free loopback port. It prints the same
 * `listening` log line as the central service, so both are started and awaited the same way.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const body = Buffer.from(process.env.BARE_BODY ?? "{}");
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    response.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stderr.write(`${JSON.stringify({ event: "listening", url: `http://127.0.0.1:${port}` })}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
});
