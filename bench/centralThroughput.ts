/**
 * Benchmark 5 (issue 7): the central service under 50 kiosks redeeming online at once. Each kiosk
 * is a real client, an undici `Pool` with one connection and its own device token, sending one
 * redemption per `POST /v1/redemptions` (what an online redemption sends) as soon as its previous
 * answer came, each for a different ticket of the catalogue. The service runs in its own process
 * on loopback; measured: redemptions accepted per second and the latency of each request.
 *
 * Baseline: a bare `node:http` server (bareServer.ts) in its own process, loaded the same way with
 * the same request bodies, answering each with the central service's own answer to such a request:
 * what Node's HTTP stack and loopback cost on this machine, with no judging and no disk.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { withCentralAdmin } from "../central/adminClient.js";
import type { Redemption } from "../device/domain.js";
import { silentLogger } from "../device/logger.js";
import { benchData } from "./benchData.js";
import { redeemableIndices, sharedLanes, ticketCode } from "./catalogue.js";
import { type ServerProcess, startCentralProcess, startServerProcess } from "./centralProcess.js";
import { type Figures, figure, progress, runBenchmark } from "./figures.js";
import { summarise } from "./stats.js";

const kiosks = 50;
const bareServer = fileURLToPath(new URL("./bareServer.js", import.meta.url));

interface Kiosk {
  readonly deviceId: string;
  readonly token: string;
  readonly codes: readonly string[];
}

interface Load {
  readonly perSecond: number;
  readonly latencies: number[];
  readonly statuses: Map<string, number>;
  /** One answer's body, for the bare server to repeat. */
  readonly sample: string | undefined;
}

/** Each kiosk sends its next redemption as soon as the last one is answered, for `seconds`. */
async function load(url: string, fleet: readonly Kiosk[], seconds: number, counted: string): Promise<Load> {
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  let sample: string | undefined;
  let done = 0;
  const endAt = performance.now() + seconds * 1000;
  const startedAt = performance.now();
  await Promise.all(
    fleet.map(async (kiosk) => {
      const pool = new Pool(url, { connections: 1 });
      try {
        for (let n = 0; performance.now() < endAt; n += 1) {
          const redemption: Redemption = {
            id: randomUUID(),
            ticketCode: kiosk.codes[n % kiosk.codes.length] ?? "",
            quantity: 1,
            redeemedAt: new Date().toISOString(),
            clockSynced: true,
            seq: n + 1,
            deviceId: kiosk.deviceId,
            storeId: "store-a",
            source: "scan",
            offline: false,
          };
          const sentAt = performance.now();
          const response = await pool.request({
            path: "/v1/redemptions",
            method: "POST",
            headers: { authorization: `Bearer ${kiosk.token}`, "content-type": "application/json" },
            body: JSON.stringify({ redemptions: [redemption] }),
          });
          const text = await response.body.text();
          latencies.push(performance.now() - sentAt);
          sample ??= text;
          const status = statusOf(response.statusCode, text, counted);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === counted) done += 1;
        }
      } finally {
        await pool.close();
      }
    }),
  );
  return { perSecond: done / ((performance.now() - startedAt) / 1000), latencies, statuses, sample };
}

/** The verdict of the one redemption sent; the bare server's answers count by their HTTP status. */
function statusOf(httpStatus: number, text: string, counted: string): string {
  if (httpStatus !== 200) return `HTTP ${httpStatus}`;
  if (counted === "200") return "200";
  return (JSON.parse(text) as { results?: { status?: string }[] }).results?.[0]?.status ?? "none";
}

function describe(result: Load): string {
  return [...result.statuses].map(([status, count]) => `${count} ${status}`).join(", ");
}

runBenchmark(async (options) => {
  const seconds = options.quick ? 0.5 : 10;
  const warmUpS = options.quick ? 0.2 : 1;
  const data = await benchData(options, { journal: false });
  const servers: ServerProcess[] = [];
  try {
    const centralServer = await startCentralProcess(data.centralDir);
    servers.push(centralServer);
    // Enough tickets that no kiosk comes back to one before the run ends; 1 to 10 units each.
    const perKiosk = Math.min(1000, Math.floor(data.tickets / sharedLanes.count / kiosks / 1.2));
    const indices = redeemableIndices(data.tickets, perKiosk * kiosks, sharedLanes.load, sharedLanes.count);
    const fleet: Kiosk[] = [];
    for (let k = 0; k < kiosks; k += 1) {
      const deviceId = `bench-load-${k + 1}`;
      const issued = await withCentralAdmin(
        { kind: "level", dataDir: data.centralDir },
        silentLogger,
        (admin) => admin.issueToken(deviceId, "store-a"),
      );
      if (!issued.ok) throw new Error("the bench store is missing");
      fleet.push({
        deviceId,
        token: issued.token,
        codes: indices.slice(k * perKiosk, (k + 1) * perKiosk).map(ticketCode),
      });
    }
    // The first ticket of each kiosk warms the service up (and gives the bare server its answer).
    const warmUp = await load(
      centralServer.url,
      fleet.map((kiosk) => ({ ...kiosk, codes: kiosk.codes.slice(0, 1) })),
      warmUpS,
      "accepted",
    );
    const measured = fleet.map((kiosk) => ({ ...kiosk, codes: kiosk.codes.slice(1) }));
    const central = await load(centralServer.url, measured, seconds, "accepted");
    progress(`central service: ${central.perSecond.toFixed(0)} accepted/s (${describe(central)})`);
    await centralServer.stop();

    const bareServerProcess = await startServerProcess([bareServer], { BARE_BODY: warmUp.sample ?? "{}" });
    servers.push(bareServerProcess);
    await load(bareServerProcess.url, measured, warmUpS, "200");
    const bare = await load(bareServerProcess.url, measured, seconds, "200");
    progress(`bare server: ${bare.perSecond.toFixed(0)} answers/s`);

    const centralLatency = summarise(central.latencies);
    const bareLatency = summarise(bare.latencies);
    const conditions = `${kiosks} kiosks (undici Pools of one connection) for ${seconds} s, one redemption per request, ${data.tickets.toLocaleString("en")}-ticket catalogue; ${describe(central)}`;
    const figures: Figures = {
      central_accepted_per_s: figure(
        central.perSecond,
        { name: "bare_http_per_s", value: bare.perSecond },
        conditions,
      ),
      central_latency_p50_ms: figure(
        centralLatency.p50,
        { name: "bare_http_p50_ms", value: bareLatency.p50 },
        conditions,
      ),
      central_latency_p99_ms: figure(
        centralLatency.p99,
        { name: "bare_http_p99_ms", value: bareLatency.p99 },
        conditions,
      ),
    };
    return figures;
  } finally {
    for (const server of servers) await server.stop();
    await data.release();
  }
});
