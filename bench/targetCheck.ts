/**
 * `npm run bench -- --check`: the run's figures held to their targets, so a figure that slips is a
 * failed command, not a line in a table nobody reads. A figure with a target and `met: false` is a
 * miss; a figure with no target is not checked. A benchmark that failed has no figures, so the
 * check also fails when any benchmark did (its targets cannot be said to be met).
 */
import type { Figures } from "./figures.js";

export interface Miss {
  readonly name: string;
  readonly value: number;
  readonly target: string;
}

/** The figures that missed their targets, in the order they were reported. */
export function missedTargets(figures: Figures): Miss[] {
  return Object.entries(figures).flatMap(([name, figure]) =>
    figure.target !== undefined && figure.met !== true
      ? [{ name, value: figure.value, target: figure.target }]
      : [],
  );
}

/** One line a miss: the figure's name, its value and the target it missed. */
export function describeMisses(misses: readonly Miss[]): string {
  return misses.map((miss) => `MISSED ${miss.name}: ${miss.value}, target ${miss.target}`).join("\n");
}

/**
 * The exit status of `runAll`: 1 when a benchmark failed, or (with `--check`) when a figure missed
 * its target; 0 otherwise.
 */
export function benchExitCode(outcome: {
  readonly benchmarkFailed: boolean;
  readonly check: boolean;
  readonly misses: readonly Miss[];
}): 0 | 1 {
  if (outcome.benchmarkFailed) return 1;
  return outcome.check && outcome.misses.length > 0 ? 1 : 0;
}
