/**
 * Benchmark 4 (issue 7): a sync backlog. A kiosk comes back online with 10,000 redemptions it made
 * offline; the real sync loop (default interval) uploads them to the reference central service in
 * its own process on loopback. Measured: the time until the journal has nothing open, this
 * process's memory and its event-loop delay meanwhile (the UI shares the loop and must stay
 * responsive).
 *
 * Baseline: the same redemptions in the same batches POSTed one batch after another by a bare
 * undici client to a second central service holding the same catalogue: what the server and the
 * network cost, without the kiosk's journal and sync bookkeeping.
 */
import { randomUUID } from "node:crypto";
import { cp, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";
import type { Redemption } from "../device/domain.js";
import { LevelJournal } from "../device/levelJournal.js";
import { maxUploadBatch } from "../device/ports/wire.js";
import { tempDir } from "../test/helpers/fixtures.js";
import { benchDevice, dataFile, generate } from "./benchData.js";
import { importTicket, orderNumber, redeemableIndices, ticketCode } from "./catalogue.js";
import { startCentralProcess } from "./centralProcess.js";
import { type Figures, figure, progress, runKioskBenchmark } from "./figures.js";
import { kioskSync } from "./kioskSide.js";
import { idleLoopDelayP99, loopDelayP99, memoryPeak } from "./stats.js";

/** The config's default: what a kiosk in a shop runs with. */
const syncIntervalMs = 15_000;
const uploadTargetS = 5;

interface Queued {
  readonly redemption: Redemption;
  readonly about: { readonly productName: string; readonly orderNumber: string };
}

function offlineRedemptions(indices: readonly number[], now: Date): Queued[] {
  return indices.map((index, n) => ({
    redemption: {
      id: randomUUID(),
      ticketCode: ticketCode(index),
      quantity: 1,
      redeemedAt: new Date(now.getTime() - (indices.length - n) * 1000).toISOString(),
      clockSynced: true,
      seq: n + 1,
      deviceId: benchDevice,
      storeId: "store-a",
      source: "scan",
      offline: true,
    },
    about: {
      productName: importTicket(index, now).productName,
      orderNumber: orderNumber(Math.floor(index / 2)),
    },
  }));
}

/** Writes the backlog as the kiosk made it offline: intent, then the offline decision, each durable. */
async function queue(journal: LevelJournal, backlog: readonly Queued[]): Promise<void> {
  const group = 50;
  for (let start = 0; start < backlog.length; start += group) {
    // Concurrent writers share LevelDB's log writes, which keeps the setup short.
    await Promise.all(
      backlog.slice(start, start + group).map(async ({ redemption, about }) => {
        await journal.recordIntent(redemption, about);
        await journal.decide(redemption.id, { kind: "offline_redeemed" });
      }),
    );
  }
}

async function barePosts(url: string, token: string, redemptions: readonly Redemption[]): Promise<number> {
  const startedAt = performance.now();
  for (let start = 0; start < redemptions.length; start += maxUploadBatch) {
    const response = await request(new URL("/v1/redemptions", url), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ redemptions: redemptions.slice(start, start + maxUploadBatch) }),
    });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`bare upload answered ${response.statusCode}`);
  }
  return (performance.now() - startedAt) / 1000;
}

runKioskBenchmark(async ({ quick }) => {
  const backlog = quick ? 300 : 10_000;
  const tickets = backlog * 2;
  const dir = await tempDir("bench-backlog-");
  try {
    progress(`a catalogue of ${tickets} tickets at the central service (twice) and in the kiosk's journal`);
    await generate(dir.path, tickets, true);
    const { tokens } = JSON.parse(await readFile(dataFile(dir.path), "utf8")) as {
      tokens: Record<string, string>;
    };
    const token = tokens[benchDevice] ?? "";
    await cp(join(dir.path, "central"), join(dir.path, "central-bare"), { recursive: true });
    const queued = offlineRedemptions(redeemableIndices(tickets, backlog, 0, 1), new Date());
    const redemptions = queued.map((entry) => entry.redemption);

    const bareCentral = await startCentralProcess(join(dir.path, "central-bare"));
    let bareS: number;
    try {
      bareS = await barePosts(bareCentral.url, token, redemptions);
    } finally {
      await bareCentral.stop();
    }

    const journal = new LevelJournal(join(dir.path, "kiosk", "journal"));
    await journal.open();
    const central = await startCentralProcess(join(dir.path, "central"));
    try {
      progress(`queueing ${backlog} offline redemptions`);
      await queue(journal, queued);

      const idleDelayMs = await idleLoopDelayP99(quick ? 200 : 1000);
      const before = process.memoryUsage();
      const memory = memoryPeak(20);
      const sync = kioskSync(journal, central.url, token, syncIntervalMs);
      let uploadS = 0;
      const loopDelayMs = await loopDelayP99(async () => {
        const startedAt = performance.now();
        sync.start();
        while (journal.pendingSummary().count > 0) await sleep(5);
        uploadS = (performance.now() - startedAt) / 1000;
        await sync.stop();
      });
      const peak = memory.stop();
      progress(
        `uploaded in ${uploadS.toFixed(2)} s (bare ${bareS.toFixed(2)} s), peak RSS ${peak.rssMb.toFixed(0)} MB`,
      );

      const conditions = `${backlog.toLocaleString("en")} offline redemptions of ${backlog.toLocaleString("en")} tickets, sync interval ${syncIntervalMs} ms, batches of ${maxUploadBatch}`;
      const figures: Figures = {
        backlog_upload_s: figure(
          uploadS,
          { name: "bare_posts_s", value: bareS },
          `${conditions}; until nothing is open; baseline: the same batches POSTed by a bare client to a copy of the central service`,
          { max: uploadTargetS },
        ),
        backlog_event_loop_p99_ms: figure(
          loopDelayMs,
          { name: "idle_event_loop_p99_ms", value: idleDelayMs },
          `${conditions}; how late a 10 ms timer fires meanwhile`,
          { below: 30 },
        ),
        backlog_peak_rss_mb: figure(
          peak.rssMb,
          { name: "rss_before_mb", value: before.rss / 1e6 },
          `${conditions}; sampled every 20 ms`,
        ),
        backlog_peak_heap_mb: figure(
          peak.heapUsedMb,
          { name: "heap_before_mb", value: before.heapUsed / 1e6 },
          `${conditions}; sampled every 20 ms`,
        ),
      };
      return figures;
    } finally {
      await central.stop();
      await journal.close();
    }
  } finally {
    await dir.remove();
  }
});
