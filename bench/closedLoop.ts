/**
 * A closed-loop load: `workers` callers, each sending its next request as soon as its last one was
 * answered, for a fixed time. What the central-service benchmark drives both the services and the
 * raw-insert baseline with, so every figure and its baseline come out of the same loop.
 */
import { summarise } from "./stats.js";

export interface Load {
  /** Requests per second whose outcome was the one counted. */
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Each outcome and how often it came. */
  readonly outcomes: ReadonlyMap<string, number>;
}

/**
 * Runs `request(worker, n)` in `workers` loops for `seconds`; each call resolves to its outcome
 * (a verdict, an HTTP status), and those equal to `counted` make the rate.
 */
export async function closedLoop(
  workers: number,
  seconds: number,
  counted: string,
  request: (worker: number, n: number) => Promise<string>,
): Promise<Load> {
  const latencies: number[] = [];
  const outcomes = new Map<string, number>();
  let done = 0;
  const startedAt = performance.now();
  const endAt = startedAt + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let n = 0; performance.now() < endAt; n += 1) {
        const sentAt = performance.now();
        const outcome = await request(worker, n);
        latencies.push(performance.now() - sentAt);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (outcome === counted) done += 1;
      }
    }),
  );
  const { p50, p99 } = summarise(latencies);
  return { perSecond: done / ((performance.now() - startedAt) / 1000), p50Ms: p50, p99Ms: p99, outcomes };
}

/** `1200 accepted, 3 used_up`: what a run's requests came back as. */
export function describeOutcomes(load: Load): string {
  return [...load.outcomes].map(([outcome, count]) => `${count} ${outcome}`).join(", ");
}
