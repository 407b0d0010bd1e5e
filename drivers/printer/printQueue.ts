/**
 * The durable print queue (docs/domain.md §2: "Print jobs are queued durably; a failed print never
 * undoes a redemption and can be reprinted"; docs/reliability.md promise 5).
 *
 * Each job is one file, `<dir>/<id>.job` (JSON: the encoded slip, with its picture when the printer
 * keeps one, when it was made, how often it failed), written durably (tmp + fsync + rename + folder
 * fsync) before the first attempt and removed once the printer has taken the job. Jobs print one
 * at a time, oldest first. The queue never touches the journal: the redemption was recorded before
 * its slip was queued and stands whatever happens here.
 *
 * Failure cases:
 * 1. Out of paper, cover open, printer offline or silent (serial, tcp): the printer says so before
 *    anything is sent and the job stays. The queue asks again every `pollMs` and prints the moment
 *    the printer says ready, so the slip comes out once the clerk has loaded paper.
 * 2. Unplugged, or a write that times out (usb-lp has no status: out of paper looks like this): the
 *    job stays and is tried again when `checkState` sees the printer come back, when a new slip is
 *    queued, or after a backoff that doubles from `pollMs` up to `maxBackoffMs`.
 * 3. A final error (permissions, a wrong path): as 2, at the same backoff; the job waits for a
 *    person to fix the printer, and the status bar shows the printer's state meanwhile.
 * 4. Crash or power cut with jobs waiting: they are files; `start` prints them in order.
 * 5. Crash between the printer taking a job and its file being removed: the job prints again after
 *    the restart. That window is the time of one unlink; closing it would mean removing the file
 *    first, and a crash there would lose the slip instead. Within a process a job is never sent
 *    again once the printer has taken it, even when its file cannot be removed.
 * 6. A job file that cannot be read back (disk damage): renamed to `.bad` and logged, never dropped
 *    silently and never retried in a loop.
 */
import { EventEmitter } from "node:events";
import { mkdir, readdir, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { removeFileDurably, writeFileDurably } from "../../device/durableFile.js";
import type { Logger } from "../../device/logger.js";
import type { EncodedSlip, Printer, PrinterState, PrintJob } from "../../device/ports/printer.js";
import { PrinterError } from "../../device/ports/printer.js";

export interface QueuedJob extends PrintJob {
  /** Order of arrival, kept across restarts. */
  readonly seq: number;
  /** When the job was queued, ISO. */
  readonly created: string;
  /** Failed attempts so far. */
  readonly attempts: number;
}

export interface PrintQueueOptions {
  readonly dir: string;
  readonly printer: Printer;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** How often a waiting queue asks the printer whether it is back; also the first backoff. */
  readonly pollMs?: number;
  readonly maxBackoffMs?: number;
  /** How often an empty queue checks the printer, so the status bar learns of paper out early. */
  readonly idlePollMs?: number;
}

/** Job ids name files: no separators, no leading dot, so an id cannot climb out of `dir`. */
const safeJobId = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const jobFileSchema = v.strictObject({
  version: v.literal(1),
  id: v.pipe(v.string(), v.regex(safeJobId)),
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  created: v.string(),
  attempts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  bytes: v.pipe(v.string(), v.base64()),
  text: v.string(),
  svg: v.optional(v.string()),
});

function toFile(job: QueuedJob): string {
  const { id, seq, created, attempts, slip } = job;
  return JSON.stringify({
    version: 1,
    id,
    seq,
    created,
    attempts,
    bytes: slip.bytes.toString("base64"),
    text: slip.text,
    svg: slip.svg,
  });
}

function fromFile(contents: string): QueuedJob {
  const file = v.parse(jobFileSchema, JSON.parse(contents));
  const slip: EncodedSlip = { bytes: Buffer.from(file.bytes, "base64"), text: file.text, svg: file.svg };
  return { id: file.id, seq: file.seq, created: file.created, attempts: file.attempts, slip };
}

export class PrintQueue extends EventEmitter<{
  printed: [QueuedJob];
  failed: [QueuedJob, PrinterError];
  state: [PrinterState];
}> {
  private readonly pollMs: number;
  private readonly maxBackoffMs: number;
  private readonly idlePollMs: number;
  private readonly now: () => Date;
  private jobs: QueuedJob[] = [];
  private nextSeq = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastState: PrinterState = "none";
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: PrintQueueOptions) {
    super();
    this.pollMs = options.pollMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.idlePollMs = options.idlePollMs ?? 30_000;
    this.now = options.now ?? (() => new Date());
  }

  /** Loads the jobs a previous run left and starts printing them. */
  async start(): Promise<void> {
    if (this.running) return;
    await mkdir(this.options.dir, { recursive: true });
    this.lastState = this.options.printer.state();
    this.jobs = await this.load();
    this.nextSeq = Math.max(0, ...this.jobs.map((job) => job.seq + 1));
    if (this.jobs.length > 0)
      this.options.logger.info("print jobs left waiting", { count: this.jobs.length });
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Lets a job in flight finish, then gives each waiting job one more try without waiting (a slip
   * queued by the redemption finished on SIGTERM prints before the exit); what the printer does not
   * take stays on disk for the next start.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    let job = this.jobs[0];
    while (job !== undefined && (await this.attempt(job))) job = this.jobs[0];
  }

  /**
   * Stores the job durably and resolves; printing happens after. A job whose id is already waiting
   * is not added twice.
   */
  async enqueue(job: PrintJob): Promise<void> {
    if (!safeJobId.test(job.id)) throw new Error(`print job id ${JSON.stringify(job.id)} cannot name a file`);
    if (this.jobs.some((queued) => queued.id === job.id)) return;
    const queued: QueuedJob = { ...job, seq: this.nextSeq, created: this.now().toISOString(), attempts: 0 };
    this.nextSeq += 1;
    await writeFileDurably(this.path(job.id), toFile(queued));
    this.jobs.push(queued);
    this.options.logger.info("slip queued", { event: "print_queued", id: job.id, waiting: this.jobs.length });
    this.wake?.();
  }

  /** The jobs waiting, oldest first. */
  pending(): readonly QueuedJob[] {
    return [...this.jobs];
  }

  /** Resolves once no job is waiting. */
  whenIdle(): Promise<void> {
    if (this.jobs.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private path(id: string): string {
    return join(this.options.dir, `${id}.job`);
  }

  private async load(): Promise<QueuedJob[]> {
    const jobs: QueuedJob[] = [];
    for (const name of await readdir(this.options.dir)) {
      const path = join(this.options.dir, name);
      // A temporary file is a job whose enqueue never finished (nobody was told it was queued).
      if (name.endsWith(".tmp")) await unlink(path).catch(() => undefined);
      if (!name.endsWith(".job")) continue;
      try {
        jobs.push(fromFile(await readFile(path, "utf8")));
      } catch (error) {
        this.options.logger.error("unreadable print job set aside", { file: path, error });
        await rename(path, `${path}.bad`).catch(() => undefined);
      }
    }
    return jobs.sort((a, b) => a.seq - b.seq);
  }

  private async run(): Promise<void> {
    let backoffMs = this.pollMs;
    while (this.running) {
      const job = this.jobs[0];
      if (job === undefined) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
        if (!(await this.pause(this.idlePollMs))) await this.observe();
        continue;
      }
      if (await this.attempt(job)) {
        backoffMs = this.pollMs;
        continue;
      }
      await this.waitForPrinter(backoffMs);
      backoffMs = Math.min(backoffMs * 2, this.maxBackoffMs);
    }
  }

  /** One try at the oldest job; true when the printer took it. */
  private async attempt(job: QueuedJob): Promise<boolean> {
    const { logger, printer } = this.options;
    try {
      await printer.print(job);
    } catch (error) {
      const failure =
        error instanceof PrinterError
          ? error
          : new PrinterError(String(error), "io", false, { cause: error });
      const failed: QueuedJob = { ...job, attempts: job.attempts + 1 };
      this.jobs[0] = failed;
      logger.warn("slip not printed yet; the job waits", {
        event: "print_failed",
        id: job.id,
        attempts: failed.attempts,
        code: failure.code,
        retryable: failure.retryable,
      });
      await writeFileDurably(this.path(job.id), toFile(failed)).catch((writeError: unknown) =>
        logger.error("could not record the failed attempt", { id: job.id, error: writeError }),
      );
      this.noteState();
      this.emit("failed", failed, failure);
      return false;
    }
    this.jobs.shift();
    logger.info("slip printed", { event: "print", id: job.id, attempts: job.attempts + 1 });
    await removeFileDurably(this.path(job.id)).catch((error: unknown) =>
      logger.error("printed job's file not removed; it prints again after a restart", { id: job.id, error }),
    );
    this.noteState();
    this.emit("printed", job);
    return true;
  }

  /**
   * Waits up to `backoffMs`, asking the printer every `pollMs`; returns early when it turns ready
   * after being something else, when a new job arrives, or on stop.
   */
  private async waitForPrinter(backoffMs: number): Promise<void> {
    const deadline = Date.now() + backoffMs;
    while (this.running && Date.now() < deadline) {
      const before = this.lastState;
      if (await this.pause(Math.min(this.pollMs, deadline - Date.now()))) return;
      if ((await this.observe()) === "ready" && before !== "ready") return;
    }
  }

  private async observe(): Promise<PrinterState> {
    try {
      await this.options.printer.checkState();
    } catch (error) {
      this.options.logger.warn("printer check failed", { error });
    }
    return this.noteState();
  }

  private noteState(): PrinterState {
    const state = this.options.printer.state();
    if (state !== this.lastState) {
      this.lastState = state;
      this.emit("state", state);
    }
    return state;
  }

  /** Sleeps `ms`; true when woken early (a new job, or stop). */
  private pause(ms: number): Promise<boolean> {
    if (!this.running) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(false);
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(true);
      };
    });
  }
}
