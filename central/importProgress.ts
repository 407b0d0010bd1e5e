/**
 * How far `ticket-kiosk central import` has come (issue 19): rows read and checked, then tickets
 * written, with the rate and the time left. On a terminal it is one bar redrawn in place, at most
 * every second and when each phase ends. When stderr is a pipe or a file (systemd, a script, CI)
 * it is a JSON line at the start and at each tenth of each phase (reading, then writing): at most
 * 22 lines whatever the file's size, the end figures always among them, and the same lines
 * whatever the machine's speed.
 */
import type { Writable } from "node:stream";

export interface ImportProgress {
  readonly rowsRead: number;
  readonly rowsTotal: number;
  readonly ticketsWritten: number;
  /** Known once every row is checked; until then the rows stand in for it (one ticket a row in CSV). */
  readonly ticketsTotal: number | null;
}

/** Told of progress as an import goes. */
export type ImportProgressListener = (progress: ImportProgress) => void;

const lineIntervalMs = 1000;
const barCells = 20;

export class ImportProgressReport {
  private readonly startedAtMs: number;
  private shownAtMs = Number.NEGATIVE_INFINITY;
  private drewBar = false;
  /** The phase and tenth of the last JSON line. */
  private lineStep: string | undefined;

  constructor(
    private readonly out: Writable & { readonly isTTY?: boolean },
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.startedAtMs = nowMs();
  }

  /** The listener to hand to the import. */
  readonly listener: ImportProgressListener = (progress) => this.update(progress);

  /** Ends the bar's line, so the summary starts on its own. */
  finish(): void {
    if (this.drewBar) this.out.write("\n");
  }

  private update(progress: ImportProgress): void {
    const now = this.nowMs();
    const reading = progress.ticketsTotal === null;
    const [done, total] = reading
      ? [progress.rowsRead, progress.rowsTotal]
      : [progress.ticketsWritten, progress.ticketsTotal ?? 0];
    const figures = () => importFigures(progress, now - this.startedAtMs);
    if (this.out.isTTY === true) {
      if (done !== total && now - this.shownAtMs < lineIntervalMs) return;
      this.shownAtMs = now;
      this.out.write(`\r${importBar(figures())}`);
      this.drewBar = true;
      return;
    }
    const step = `${reading ? "read" : "write"} ${total === 0 ? 10 : Math.floor((done * 10) / total)}`;
    if (step === this.lineStep) return;
    this.lineStep = step;
    this.out.write(`${JSON.stringify({ event: "import_progress", ...figures() })}\n`);
  }
}

export interface ImportFigures extends ImportProgress {
  /** Rows read plus tickets written, per second so far. */
  readonly ratePerS: number;
  /** Seconds left at that rate; null before anything is done. */
  readonly etaS: number | null;
}

export function importFigures(progress: ImportProgress, elapsedMs: number): ImportFigures {
  const done = progress.rowsRead + progress.ticketsWritten;
  const left = progress.rowsTotal + (progress.ticketsTotal ?? progress.rowsTotal) - done;
  const ratePerS = elapsedMs <= 0 ? 0 : Math.round((done * 1000) / elapsedMs);
  const etaS = ratePerS === 0 ? null : Math.ceil(left / ratePerS);
  return { ...progress, ratePerS, etaS };
}

/** `[#########-----------] 45% rows 90000/100000 tickets 0/100000 52000/s ETA 2s` */
export function importBar(figures: ImportFigures): string {
  const tickets = figures.ticketsTotal ?? figures.rowsTotal;
  const whole = figures.rowsTotal + tickets;
  const share = whole === 0 ? 1 : (figures.rowsRead + figures.ticketsWritten) / whole;
  const filled = Math.floor(share * barCells);
  const eta = figures.etaS === null ? "-" : `${figures.etaS}s`;
  return (
    `[${"#".repeat(filled)}${"-".repeat(barCells - filled)}] ${Math.floor(share * 100)}% ` +
    `rows ${figures.rowsRead}/${figures.rowsTotal} tickets ${figures.ticketsWritten}/${tickets} ` +
    `${figures.ratePerS}/s ETA ${eta}`
  );
}
