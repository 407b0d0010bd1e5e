/**
 * Benchmark 2 (issue 7): confirm to durable commit. A redemption makes two journal writes before
 * the screen says redeemed (redemptionService.ts): the intent (`recordIntent`, before the central
 * service is asked) and the decision (`decide`, here the online `accepted` with the server's
 * ticket, the common case). Both are LevelDB batches with `sync: true`.
 *
 * The baseline is the physical floor of such a write: the same number of bytes appended to a file
 * in the same directory and fsync'd, through the same libuv thread pool, in the same loop, one
 * after the other with the journal's writes so both see the same disk weather. The byte counts are
 * measured, not guessed: the growth of LevelDB's write-ahead log for one intent and one decision.
 */
import { randomUUID } from "node:crypto";
import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Redemption, Ticket } from "../device/domain.js";
import { LevelJournal } from "../device/levelJournal.js";
import { makeTicket, tempDir } from "../test/helpers/fixtures.js";
import { type Figures, figure, progress, runKioskBenchmark } from "./figures.js";
import { summarise, timed } from "./stats.js";

const warmUp = 20;

/** The size of LevelDB's current write-ahead log: it grows by exactly what a write appends. */
async function walBytes(journalDir: string): Promise<number> {
  const logs = (await readdir(journalDir)).filter((name) => name.endsWith(".log")).sort();
  const current = logs.at(-1);
  return current === undefined ? 0 : (await stat(join(journalDir, current))).size;
}

function redemptionOf(ticket: Ticket, seq: number): Redemption {
  return {
    id: randomUUID(),
    ticketCode: ticket.code,
    quantity: 1,
    redeemedAt: new Date().toISOString(),
    clockSynced: true,
    seq,
    deviceId: "kiosk-01",
    storeId: "store-a",
    source: "scan",
    offline: false,
  };
}

runKioskBenchmark(async ({ quick }) => {
  const redemptions = quick ? 20 : 1000;
  const dir = await tempDir("bench-commit-");
  const journalDir = join(dir.path, "journal");
  const journal = new LevelJournal(journalDir);
  await journal.open();
  const raw = await open(join(dir.path, "raw.bin"), "a");
  try {
    const ticket = makeTicket({ code: "7KQ2-M9XT-B4AR", totalUnits: 100_000 });
    const about = { productName: ticket.productName, orderNumber: ticket.orderNumber };
    const redeem = async () => {
      const redemption = redemptionOf(ticket, journal.nextSeq());
      const beforeIntent = await walBytes(journalDir);
      const intentMs = await timed(() => journal.recordIntent(redemption, about));
      const beforeDecide = await walBytes(journalDir);
      const decideMs = await timed(() =>
        journal.decide(redemption.id, { kind: "accepted", ticket: { ...ticket, redeemedUnits: 1 } }),
      );
      const afterDecide = await walBytes(journalDir);
      return {
        intentMs,
        decideMs,
        intentBytes: beforeDecide - beforeIntent,
        decideBytes: afterDecide - beforeDecide,
      };
    };
    const rawWrite = (bytes: number) =>
      timed(async () => {
        await raw.write(Buffer.alloc(Math.max(1, bytes), 0x5a));
        await raw.sync();
      });

    const samples = { intent: [] as number[], decide: [] as number[], total: [] as number[] };
    const rawSamples = { intent: [] as number[], decide: [] as number[], total: [] as number[] };
    const sizes = { intent: 0, decide: 0 };
    for (let n = 0; n < redemptions + warmUp; n += 1) {
      const made = await redeem();
      // A write that rolled the log over to a new file shows a meaningless growth: keep the largest.
      sizes.intent = Math.max(sizes.intent, made.intentBytes);
      sizes.decide = Math.max(sizes.decide, made.decideBytes);
      const rawIntent = await rawWrite(made.intentBytes);
      const rawDecide = await rawWrite(made.decideBytes);
      if (n < warmUp) continue;
      samples.intent.push(made.intentMs);
      samples.decide.push(made.decideMs);
      samples.total.push(made.intentMs + made.decideMs);
      rawSamples.intent.push(rawIntent);
      rawSamples.decide.push(rawDecide);
      rawSamples.total.push(rawIntent + rawDecide);
    }
    const figures: Figures = {};
    const conditions = (what: string) =>
      `${redemptions} redemptions one after another; ${what}; raw: the same bytes appended and fsync'd in the same directory`;
    const parts = {
      intent: conditions(`recordIntent, ${sizes.intent} bytes of log`),
      decide: conditions(`decide (accepted, with the server's ticket), ${sizes.decide} bytes of log`),
      total: conditions("both writes of one redemption"),
    };
    for (const part of ["intent", "decide", "total"] as const) {
      const measured = summarise(samples[part]);
      const baseline = summarise(rawSamples[part]);
      const target = part === "intent" ? { maxRatio: 1.5 } : {};
      figures[`commit_${part}_p50_ms`] = figure(
        measured.p50,
        { name: `raw_fsync_${part}_p50_ms`, value: baseline.p50 },
        parts[part],
        target,
      );
      figures[`commit_${part}_p99_ms`] = figure(
        measured.p99,
        { name: `raw_fsync_${part}_p99_ms`, value: baseline.p99 },
        parts[part],
      );
      progress(
        `${part}: p50 ${measured.p50.toFixed(2)} ms (raw ${baseline.p50.toFixed(2)}), p99 ${measured.p99.toFixed(2)} ms (raw ${baseline.p99.toFixed(2)})`,
      );
    }
    return figures;
  } finally {
    await raw.close();
    await journal.close();
    await dir.remove();
  }
});
