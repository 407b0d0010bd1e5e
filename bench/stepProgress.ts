/**
 * Which step of a long run is going and how many remain (issue 19): `npm run bench` names each
 * benchmark, `npm run crash` each cycle and where it will kill. One line per step on stderr, so a
 * pipe or a CI log keeps the whole story: `[3/8] first download of 1,000,000 tickets…`; on a
 * terminal the line starts with a bar, `[###-----] 3/8 first download…`. Lines, not a bar redrawn
 * in place, because the benchmark scripts write their own progress to the same stderr.
 */
import type { Writable } from "node:stream";

const barCells = 10;

export class StepProgress {
  constructor(
    private readonly total: number,
    private readonly out: Writable & { readonly isTTY?: boolean } = process.stderr,
  ) {}

  /** Says that step `index` (from 1) of the total starts. */
  step(index: number, label: string): void {
    this.out.write(`${stepLine(index, this.total, label, this.out.isTTY === true)}\n`);
  }
}

export function stepLine(index: number, total: number, label: string, terminal: boolean): string {
  if (!terminal) return `[${index}/${total}] ${label}…`;
  const filled = total === 0 ? barCells : Math.floor(((index - 1) / total) * barCells);
  return `[${"#".repeat(filled)}${"-".repeat(barCells - filled)}] ${index}/${total} ${label}…`;
}
