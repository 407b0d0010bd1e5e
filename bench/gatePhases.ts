/**
 * Where a gate's redemption spends its time (issue 16): the journal's two durable writes on the
 * kiosk, timed around the journal's own calls, and between them, online, the central service's
 * answer (the request, its judgement and its durable commit, the answer back). Offline there is no
 * request: the decision follows the intent at once. What is left of the scan-to-redeemed time is
 * the scan's bytes reaching the kiosk, the lookup and the rules, and telling the listeners.
 */
import type { Journal } from "../device/journal.js";
import { type Summary, summarise } from "./stats.js";

export interface GatePhases {
  readonly intent: Summary;
  readonly central: Summary;
  readonly decide: Summary;
}

export interface GatePhaseRecorder {
  /** The phases timed since the last call, and a fresh start. */
  take(): GatePhases;
}

/**
 * Times `journal.recordIntent` and `journal.decide` by wrapping them on this instance, so the
 * kiosk built on the journal runs exactly as it would, its calls timed on the way through.
 */
export function recordGatePhases(journal: Journal): GatePhaseRecorder {
  let samples = { intent: [] as number[], central: [] as number[], decide: [] as number[] };
  let intentEndedAt: number | undefined;
  const recordIntent = journal.recordIntent.bind(journal);
  const decide = journal.decide.bind(journal);
  journal.recordIntent = async (...args) => {
    const startedAt = performance.now();
    await recordIntent(...args);
    intentEndedAt = performance.now();
    samples.intent.push(intentEndedAt - startedAt);
  };
  journal.decide = async (...args) => {
    const startedAt = performance.now();
    if (intentEndedAt !== undefined) samples.central.push(startedAt - intentEndedAt);
    intentEndedAt = undefined;
    const entry = await decide(...args);
    samples.decide.push(performance.now() - startedAt);
    return entry;
  };
  return {
    take() {
      const taken = {
        intent: summarise(samples.intent),
        central: summarise(samples.central),
        decide: summarise(samples.decide),
      };
      samples = { intent: [], central: [], decide: [] };
      return taken;
    },
  };
}
