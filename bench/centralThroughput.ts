/**
 * Benchmark 5 (issues 7 and 13): the central service under 50 and then 500 simulated kiosks
 * redeeming online at once (bench/kioskFleet.ts), on each of its stores — LevelDB, and PostgreSQL on
 * a throwaway cluster with fsync on (bench/pgCluster.ts) — each holding the same catalogue and a
 * device token per kiosk. Each service runs in its own process on loopback; measured: redemptions
 * accepted per second and the latency of each request, after a warm-up on other tickets.
 *
 * Baselines, measured in the same run with the same load:
 * - for LevelDB, a bare `node:http` server (bareServer.ts) answering each request with the central
 *   service's own answer: what Node's HTTP stack and loopback cost, with no judging and no disk;
 * - for PostgreSQL, raw durable single-row INSERTs into the same server (rawInsert.ts) from as many
 *   callers as there are kiosks through a pool as large as the service's.
 * Targets (issue 13): LevelDB ≥ 0.2× the bare server, PostgreSQL ≥ 0.5× the raw inserts.
 *
 * And the floors under those targets, against the same baselines: the least a redemption can
 * write, behind a bare HTTP server, on LevelDB (leastLevelRedemption.ts) and on PostgreSQL
 * (leastRedemption.ts, also from the benchmark's own pool, without HTTP).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultPoolSize } from "../central/store/pgLedgerStore.js";
import { fillCentral, redeemableIndices, ticketCode } from "./catalogue.js";
import {
  type ServerProcess,
  startCentralProcess,
  startServerProcess,
  unlimitedCentral,
} from "./centralProcess.js";
import { describeOutcomes, type Load } from "./closedLoop.js";
import { type Figures, figure, progress, runBenchmark, type Target } from "./figures.js";
import { driveFleet, type Kiosk } from "./kioskFleet.js";
import { leastRedemptions, prepareLeastRedemption } from "./leastRedemption.js";
import { PgCluster } from "./pgCluster.js";
import { rawInserts } from "./rawInsert.js";

const fleetSizes = [50, 500] as const;
const bareServer = fileURLToPath(new URL("./bareServer.js", import.meta.url));

interface Stage {
  readonly kiosks: number;
  /** The same kiosks on tickets of their own, to warm the service up first. */
  readonly warmUp: readonly Kiosk[];
  readonly measured: readonly Kiosk[];
}

interface Timing {
  readonly seconds: number;
  readonly warmUpS: number;
}

/**
 * Each fleet size on tickets of its own (a lane of the catalogue), enough that no kiosk comes back
 * to one before its run ends; the first ticket of each kiosk is its warm-up.
 */
function stages(tickets: number, tokens: Readonly<Record<string, string>>): Stage[] {
  return fleetSizes.map((kiosks, lane) => {
    const perKiosk = Math.floor(tickets / fleetSizes.length / kiosks / 1.2);
    const indices = redeemableIndices(tickets, perKiosk * kiosks, lane, fleetSizes.length);
    const fleet = Array.from({ length: kiosks }, (_, k): Kiosk => {
      const deviceId = deviceIdOf(k);
      return {
        deviceId,
        token: tokens[deviceId] ?? "",
        codes: indices.slice(k * perKiosk, (k + 1) * perKiosk).map(ticketCode),
      };
    });
    return {
      kiosks,
      warmUp: fleet.map((kiosk) => ({ ...kiosk, codes: kiosk.codes.slice(0, 1) })),
      measured: fleet.map((kiosk) => ({ ...kiosk, codes: kiosk.codes.slice(1) })),
    };
  });
}

const deviceIdOf = (k: number): string => `bench-load-${k + 1}`;

/** Every stage against one server: warmed up, then measured. */
async function driveServer(
  server: ServerProcess,
  plan: readonly Stage[],
  { seconds, warmUpS }: Timing,
  counted: string,
  fleetOf: (stage: Stage) => { warmUp: readonly Kiosk[]; measured: readonly Kiosk[] } = (stage) => stage,
): Promise<{ loads: Load[]; sample: string | undefined }> {
  const loads: Load[] = [];
  let sample: string | undefined;
  try {
    for (const stage of plan) {
      const warm = await driveFleet(server.url, fleetOf(stage).warmUp, warmUpS, counted);
      sample ??= warm.sample;
      loads.push(await driveFleet(server.url, fleetOf(stage).measured, seconds, counted));
    }
  } finally {
    await server.stop();
  }
  return { loads, sample };
}

function figuresOf(
  store: "level" | "level_floor_http" | "pg" | "pg_floor_http" | "pg_floor_sql",
  baselineName: string,
  central: readonly Load[],
  baseline: readonly Load[],
  target: Target,
  conditions: (kiosks: number, load: Load) => string,
): Figures {
  const figures: Figures = {};
  fleetSizes.forEach((kiosks, index) => {
    const value = central[index];
    const base = baseline[index];
    if (value === undefined || base === undefined) return;
    const said = conditions(kiosks, value);
    const prefix = `central_${store}_${kiosks}_kiosks`;
    const basePrefix = `${baselineName}_${kiosks}_kiosks`;
    figures[`${prefix}_accepted_per_s`] = figure(
      value.perSecond,
      { name: `${basePrefix}_per_s`, value: base.perSecond },
      said,
      target,
    );
    figures[`${prefix}_p50_ms`] = figure(
      value.p50Ms,
      { name: `${basePrefix}_p50_ms`, value: base.p50Ms },
      said,
    );
    figures[`${prefix}_p99_ms`] = figure(
      value.p99Ms,
      { name: `${basePrefix}_p99_ms`, value: base.p99Ms },
      said,
    );
  });
  return figures;
}

runBenchmark(async (options) => {
  const timing: Timing = { seconds: options.quick ? 0.3 : 5, warmUpS: options.quick ? 0.2 : 1 };
  const tickets = options.quick ? 3000 : 240_000;
  const deviceIds = Array.from({ length: Math.max(...fleetSizes) }, (_, k) => deviceIdOf(k));
  const now = new Date();
  const work = await mkdtemp(join(tmpdir(), "bench-central-"));
  // `--quick` proves the benchmark runs, in seconds: a disk that syncs would take minutes.
  const cluster = await PgCluster.start({ durable: !options.quick });
  try {
    const levelDir = join(work, "central");
    const database = await cluster.createDatabase();
    progress(`a catalogue of ${tickets.toLocaleString("en")} tickets into LevelDB and PostgreSQL`);
    const levelFill = await fillCentral(levelDir, tickets, deviceIds, now);
    const pgFill = await fillCentral({ kind: "postgres", url: database }, tickets, deviceIds, now);
    const levelPlan = stages(tickets, levelFill.tokens);
    const pgPlan = stages(tickets, pgFill.tokens);

    const level = await driveServer(
      await startCentralProcess(levelDir, unlimitedCentral),
      levelPlan,
      timing,
      "accepted",
    );
    progress(
      `LevelDB central: ${level.loads.map((load) => load.perSecond.toFixed(0)).join(", ")} accepted/s`,
    );
    const bareProcess = await startServerProcess([bareServer], { BARE_BODY: level.sample ?? "{}" });
    const bare = await driveServer(bareProcess, levelPlan, timing, "200");
    progress(`bare server: ${bare.loads.map((load) => load.perSecond.toFixed(0)).join(", ")} answers/s`);
    const leastLevel = await driveServer(
      await startServerProcess([bareServer], {
        BARE_BODY: level.sample ?? "{}",
        BARE_LEVEL: join(work, "least"),
      }),
      levelPlan,
      timing,
      "200",
    );
    progress(
      `least redemption on LevelDB behind HTTP: ${leastLevel.loads.map((load) => load.perSecond.toFixed(0)).join(", ")} per s`,
    );
    const pgCentral = await driveServer(
      await startCentralProcess({ database }, unlimitedCentral),
      pgPlan,
      timing,
      "accepted",
    );
    progress(
      `PostgreSQL central: ${pgCentral.loads.map((load) => load.perSecond.toFixed(0)).join(", ")} accepted/s`,
    );
    await prepareLeastRedemption(database);
    const leastHttp = await driveServer(
      await startServerProcess([bareServer], {
        BARE_BODY: pgCentral.sample ?? "{}",
        BARE_DATABASE: database,
      }),
      pgPlan,
      timing,
      "200",
    );
    progress(
      `least redemption behind HTTP: ${leastHttp.loads.map((load) => load.perSecond.toFixed(0)).join(", ")} per s`,
    );
    const leastSql: Load[] = [];
    const raw: Load[] = [];
    for (const stage of pgPlan) {
      const codes = (fleet: readonly Kiosk[]) => fleet.map((kiosk) => kiosk.codes);
      await leastRedemptions(database, defaultPoolSize, codes(stage.warmUp), timing.warmUpS);
      leastSql.push(await leastRedemptions(database, defaultPoolSize, codes(stage.measured), timing.seconds));
      await rawInserts(database, defaultPoolSize, stage.kiosks, timing.warmUpS);
      raw.push(await rawInserts(database, defaultPoolSize, stage.kiosks, timing.seconds));
    }
    progress(`least redemption: ${leastSql.map((load) => load.perSecond.toFixed(0)).join(", ")} per s`);
    progress(`raw inserts: ${raw.map((load) => load.perSecond.toFixed(0)).join(", ")} per s`);

    const pgConditions = `PostgreSQL (fsync ${options.quick ? "off" : "on"}, pool of ${defaultPoolSize}); raw inserts from as many callers`;
    const conditions = (store: string) => (kiosks: number, load: Load) =>
      `${kiosks} kiosks (undici Pools of one connection) for ${timing.seconds} s, one redemption per request, ${store}, ${tickets.toLocaleString("en")}-ticket catalogue; ${describeOutcomes(load)}`;
    return {
      ...figuresOf("level", "bare_http", level.loads, bare.loads, { minRatio: 0.2 }, conditions("LevelDB")),
      ...figuresOf(
        "level_floor_http",
        "bare_http",
        leastLevel.loads,
        bare.loads,
        {},
        conditions("the least a redemption writes on LevelDB, behind a bare HTTP server"),
      ),
      ...figuresOf("pg", "raw_insert", pgCentral.loads, raw, { minRatio: 0.5 }, conditions(pgConditions)),
      ...figuresOf(
        "pg_floor_http",
        "raw_insert",
        leastHttp.loads,
        raw,
        {},
        conditions(`the least a redemption writes, behind a bare HTTP server; ${pgConditions}`),
      ),
      ...figuresOf(
        "pg_floor_sql",
        "raw_insert",
        leastSql,
        raw,
        {},
        conditions(`the least a redemption writes, from the benchmark's pool; ${pgConditions}`),
      ),
    };
  } finally {
    await cluster.stop();
    await rm(work, { recursive: true, force: true });
  }
});
