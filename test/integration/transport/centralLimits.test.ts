/**
 * What one central service holds against a flood (docs/security.md, "Limits"), on a real
 * CentralService over loopback: half-finished requests (slowloris) fill the connection cap and are
 * cut at the header deadline, so `/v1/health` answers again within it; a token over its rate is
 * answered 429 with Retry-After, and a real kiosk waits that long before it asks again.
 */
import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import test from "ava";
import { UndiciCentralApi } from "../../../sync/undiciCentralApi.js";
import { call, startCentral } from "../../helpers/centralHarness.js";
import { startKioskRig } from "../../helpers/kioskRig.js";

const maxConnections = 20;
const headersTimeoutMs = 5000;
const checkIntervalMs = 250;

interface SlowClient {
  readonly socket: Socket;
  received: string;
  closed: boolean;
}

/** A connection that sends the start of a request and never ends its headers. */
async function slowClient(port: number, onClose: () => void): Promise<SlowClient> {
  const socket = connect(port, "127.0.0.1");
  const client: SlowClient = { socket, received: "", closed: false };
  socket.on("data", (chunk: Buffer) => {
    client.received += chunk.toString("latin1");
  });
  socket.on("error", () => undefined);
  socket.on("close", () => {
    client.closed = true;
    onClose();
  });
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write("GET /v1/health HTTP/1.1\r\nHost: central\r\nX-Slow: ");
  return client;
}

/** GET /v1/health on a new connection; undefined when the server closes it unanswered. */
function healthOnce(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const asked = httpRequest({ host: "127.0.0.1", port, path: "/v1/health", agent: false }, (answer) => {
      answer.resume();
      answer.on("end", () => resolve(answer.statusCode));
    });
    asked.on("error", () => resolve(undefined));
    asked.end();
  });
}

test("slowloris: connections beyond the cap are closed at once, the held ones at the header deadline, and health answers within it", async (t) => {
  const central = await startCentral(t, {
    listen: { limits: { maxConnections, headersTimeoutMs, checkIntervalMs } },
  });
  const port = Number(new URL(central.url).port);
  const clients: SlowClient[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const closedCount = (count: number) =>
    new Promise<void>((resolve) => {
      waiters.push({ count, resolve });
      checkWaiters();
    });
  const checkWaiters = () => {
    const closed = clients.filter((client) => client.closed).length;
    for (const waiter of waiters) if (closed >= waiter.count) waiter.resolve();
  };
  for (let index = 0; index < 2 * maxConnections; index++) clients.push(await slowClient(port, checkWaiters));
  await closedCount(maxConnections);
  const held = clients.filter((client) => !client.closed);
  t.is(held.length, maxConnections, "the cap is held, and nothing beyond it");
  t.deepEqual(
    clients.map((client) => client.closed),
    clients.map((_client, index) => index >= maxConnections),
    "the first connections are held, the later ones closed on arrival",
  );

  const startedAt = performance.now();
  let refused = 0;
  let status = await healthOnce(port);
  for (; status === undefined; status = await healthOnce(port)) {
    refused++;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const answeredMs = performance.now() - startedAt;
  t.is(status, 200);
  t.true(refused > 0, "the cap was full: health was refused at first");
  t.true(
    answeredMs < headersTimeoutMs + checkIntervalMs + 2000,
    `health answered after ${Math.round(answeredMs)} ms with the cap full`,
  );
  t.log(
    `cap ${maxConnections} held; health answered after ${Math.round(answeredMs)} ms (${refused} refused)`,
  );
  await closedCount(2 * maxConnections);
  for (const client of held) t.regex(client.received, /^HTTP\/1\.1 408 Request Timeout\r\n/);
});

test("a token over its rate gets 429 with Retry-After; other tokens and health do not", async (t) => {
  // One request earned back per 100 s: the first three are in the burst however slow the machine.
  const central = await startCentral(t, { listen: { limits: { ratePerSecond: 0.01, rateBurst: 3 } } });
  const token = await central.tokenFor("kiosk-1", "store-a");
  const other = await central.tokenFor("kiosk-2", "store-a");
  for (let index = 0; index < 3; index++)
    t.is((await call(central.url, "/v1/clerks", { token })).status, 200);
  const response = await fetch(`${central.url}/v1/clerks`, { headers: { authorization: `Bearer ${token}` } });
  t.is(response.status, 429);
  t.is(response.headers.get("retry-after"), "100");
  t.like(await response.json(), { error: { code: "rate_limited" } });
  t.is((await call(central.url, "/v1/clerks", { token: other })).status, 200);
  t.is((await call(central.url, "/v1/health")).status, 200);
  const kiosk = new UndiciCentralApi({ url: central.url, token: async () => token });
  await t.notThrowsAsync(kiosk.health(5000), "the kiosk's probe is not counted against its token");
  t.is((await call(central.url, "/v1/clerks", { token })).status, 429, "the token's bucket is still empty");
  t.false(central.logText().includes(token), "the token never reaches the log");
});

test("a kiosk answered 429 waits out Retry-After before it asks again", async (t) => {
  const central = await startCentral(t, { listen: { limits: { ratePerSecond: 0.25, rateBurst: 4 } } });
  const token = await central.tokenFor("kiosk-1", "store-a");
  const rig = await startKioskRig(t, { centralUrl: central.url, token, deviceId: "kiosk-1" });
  const limited = await rig.waitForStatus((status) => status.offlineReason === "rate_limited");
  t.regex(limited.offlineDetail ?? "", /HTTP 429/);
  const asked = () => central.logs.filter((line) => line.event === "request" && line.route !== "/v1/health");
  const deadline = Date.now() + 15_000;
  for (;;) {
    const lines = asked();
    const first = lines.findIndex((line) => line.status === 429);
    if (first >= 0 && lines.length > first + 1) break;
    if (Date.now() > deadline) return t.fail("the kiosk never asked again");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const lines = asked();
  const first = lines.findIndex((line) => line.status === 429);
  const gapMs = Date.parse(String(lines[first + 1]?.time)) - Date.parse(String(lines[first]?.time));
  t.is(lines[first]?.status, 429);
  t.true(gapMs >= 4000 - 5, `asked again ${gapMs} ms after a 429 with Retry-After: 4`);
});
