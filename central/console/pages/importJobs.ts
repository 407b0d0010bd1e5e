/**
 * The console's imports between their preview and their end: an uploaded file is held (in memory,
 * for its uploader only) once its preview is shown, so 確認匯入 applies the very bytes previewed;
 * applying runs in the background and keeps the import's progress (importProgress.ts, the same
 * figures `central import` draws as its bar) for the page to poll, then its outcome.
 *
 * Held files are dropped an hour after their upload, and at most `maxHeld` of them and
 * `maxHeldBytes` in all are kept (the oldest not applying goes first), so forgotten previews cannot
 * fill the central's memory. A central
 * restarted mid-import loses the page's view of it, not the import: the store's import is one
 * write (ledgerStore.ts `import`) and `central import` or the console can run it again.
 */
import { randomBytes } from "node:crypto";
import { type ImportFigures, type ImportProgress, importFigures } from "../../importProgress.js";
import type { ImportApplyOutcome, ImportFile } from "../data/importPreview.js";

export type ImportJobState =
  | { readonly kind: "held" }
  | { readonly kind: "applying"; readonly figures: ImportFigures }
  | { readonly kind: "done"; readonly outcome: ImportApplyOutcome; readonly figures: ImportFigures }
  /** The store failed mid-way (a disk or database error): nothing of the import stands. */
  | { readonly kind: "failed"; readonly error: unknown };

export interface ImportJob {
  readonly id: string;
  readonly owner: string;
  readonly file: ImportFile;
  readonly heldAtMs: number;
  state: ImportJobState;
}

/** The apply itself, told of progress as it goes: data/importPreview.ts `applyImport`. */
export type ApplyRun = (listener: (progress: ImportProgress) => void) => Promise<ImportApplyOutcome>;

const heldForMs = 3600_000;
const maxHeld = 20;
/** Four uploads of the largest size allowed (multipartBody.ts). */
const maxHeldBytes = 256 * 1024 * 1024;
const noProgress: ImportProgress = { rowsRead: 0, rowsTotal: 0, ticketsWritten: 0, ticketsTotal: null };

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  hold(owner: string, file: ImportFile): ImportJob {
    this.forgetOld(file.bytes.length);
    const job: ImportJob = {
      id: randomBytes(12).toString("base64url"),
      owner,
      file,
      heldAtMs: this.nowMs(),
      state: { kind: "held" },
    };
    this.jobs.set(job.id, job);
    return job;
  }

  /** The job `id` of `owner`; another account's id is as unknown as a made-up one. */
  get(owner: string, id: string): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job?.owner === owner ? job : undefined;
  }

  /**
   * Starts applying a held job in the background; false when it is not held (already applying or
   * done: a second click, a reload of the form). `finished` is told the outcome, for the audit log.
   */
  apply(job: ImportJob, run: ApplyRun, finished: (state: ImportJobState) => Promise<void>): boolean {
    if (job.state.kind !== "held") return false;
    const startedAtMs = this.nowMs();
    let progress = noProgress;
    const figures = () => importFigures(progress, this.nowMs() - startedAtMs);
    job.state = { kind: "applying", figures: figures() };
    const listener = (next: ImportProgress) => {
      progress = next;
      job.state = { kind: "applying", figures: figures() };
    };
    void run(listener)
      .then(
        (outcome): ImportJobState => ({ kind: "done", outcome, figures: figures() }),
        (error: unknown): ImportJobState => ({ kind: "failed", error }),
      )
      .then(async (state) => {
        job.state = state;
        await finished(state);
      });
    return true;
  }

  /** Makes room for a file of `comingBytes`, oldest first (a Map keeps its insertion order). */
  private forgetOld(comingBytes: number): void {
    const now = this.nowMs();
    for (const [id, job] of this.jobs)
      if (job.state.kind !== "applying" && now - job.heldAtMs > heldForMs) this.jobs.delete(id);
    let heldBytes = [...this.jobs.values()].reduce((sum, job) => sum + job.file.bytes.length, 0);
    for (const [id, job] of this.jobs) {
      if (this.jobs.size < maxHeld && heldBytes + comingBytes <= maxHeldBytes) break;
      if (job.state.kind === "applying") continue;
      this.jobs.delete(id);
      heldBytes -= job.file.bytes.length;
    }
  }
}
