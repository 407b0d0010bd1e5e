/**
 * The background sync (docs/domain.md §2 step 6): upload what the journal has not closed, then download
 * ticket changes since the cursor, then send a heartbeat. Uploads go first so the download that
 * follows already includes them.
 *
 * What it promises (docs/reliability.md promise 2 and 4), and how:
 * - Nothing leaves the journal without the server's verdict: an entry closes only on `accepted`,
 *   `duplicate`, `conflict`, `rejected` or a confirmed cancellation; every other answer keeps it.
 * - No entry blocks another: an entry whose batch fails with a 5xx, a 400 or a malformed answer
 *   waits with its own capped, jittered backoff and is then sent alone, so a poison entry holds up
 *   only itself; the other entries and the download go on.
 * - The server unreachable (network, timeout): the pass stops; the kiosk is offline and probes
 *   every few seconds until it answers.
 * - 429: the next pass waits for Retry-After. A setup fault — the token refused (401/403), a token
 *   for another device or store than the config's (403 `scope_mismatch`: the whole upload or
 *   download is refused, so no entry is judged under the wrong identity), or no token file —
 *   stops syncing: the status bar, `GET /status`, the log (at error level) and `doctor` say which,
 *   every entry stays open, and a pass an interval later tries again (the token is re-read), so
 *   fixing the setup resumes it by itself.
 * - An entry that alone gets a 400 stays open and is marked for attention (例外清單); it is still
 *   retried on its backoff, in case the server is what gets fixed.
 * - An abandoned intent closes only when the server confirms it does not count: `cancelled`,
 *   `voided`, `duplicate`, or `not_redeemed` (the server holds it as refused). Any other refusal
 *   keeps it open, marked for attention, and retried on its backoff.
 */
import { EventEmitter } from "node:events";
import type { ClerkStore } from "../device/clerkStore.js";
import type { Clock } from "../device/clock.js";
import type { Config } from "../device/config.js";
import type { Connectivity } from "../device/connectivity.js";
import { crashPoint } from "../device/crashPoints.js";
import type { Attention, Journal, OpenEntry } from "../device/journal.js";
import type { DownloadFigures } from "../device/kioskStatus.js";
import type { Logger } from "../device/logger.js";
import type { CentralApi } from "../device/ports/centralApi.js";
import { CentralError, isSetupFault } from "../device/ports/centralApi.js";
import {
  abandonedReason,
  type Heartbeat,
  maxUploadBatch,
  type RedemptionResult,
} from "../device/ports/wire.js";
import type { TicketCache } from "../device/ticketCache.js";
import { DownloadProgress } from "./downloadProgress.js";
import { EntryBackoff } from "./entryBackoff.js";
import { downloadOtherStoreCodes } from "./otherStoreCodes.js";

export interface SyncReport {
  readonly uploaded: number;
  readonly cancelled: number;
  /** Supervisors' voids the server answered. */
  readonly voids: number;
  readonly downloaded: number;
  /** Entries that failed on their own this pass and wait for their next attempt. */
  readonly deferred: number;
}

export interface SyncLoopDeps {
  readonly config: Pick<Config, "central">;
  readonly journal: Journal;
  readonly tickets: TicketCache;
  readonly clerks: Pick<ClerkStore, "storeClerks">;
  readonly central: CentralApi;
  readonly connectivity: Connectivity;
  readonly clock: Clock;
  readonly logger: Logger;
  /** What the heartbeat reports; left out, no heartbeat is sent. */
  readonly heartbeat?: () => Heartbeat;
  readonly backoff?: EntryBackoff;
}

/** How often to probe while offline, so the kiosk comes back soon after the network does. */
const offlineProbeMs = 3000;
const ticketsPageSize = 2000;
/**
 * Uploads per pass are bounded, so a long backlog never starves the download: 20,000 entries, about
 * ten seconds' worth here. A download in the middle of a backlog costs a second (it fetches back
 * the tickets the uploads just changed), so the bound is well above a busy day offline.
 */
const maxBatchesPerPass = 100;

/** Errors that say the server as a whole cannot be used right now: no point trying more. */
function serverUnreachable(error: CentralError): boolean {
  return ["timeout", "network", "rate_limited"].includes(error.kind) || isSetupFault(error.kind);
}

export class SyncLoop extends EventEmitter<{
  synced: [SyncReport];
  failed: [CentralError];
  /** A page of a first or full download was stored. */
  downloading: [DownloadFigures];
}> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;
  private lastSyncAtMs: number | undefined;
  private lastFailure: string | undefined;
  /** The wait a 429 asked for (`Retry-After`), until the pass after it is scheduled. */
  private retryAfterMs: number | undefined;
  /** True while that wait runs: a nudge then changes nothing, the pass at its end does the work. */
  private waitingOutServer = false;
  private readonly backoff: EntryBackoff;
  private progress: DownloadProgress | undefined;

  constructor(private readonly deps: SyncLoopDeps) {
    super();
    this.backoff = deps.backoff ?? new EntryBackoff();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.nudge();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waitingOutServer = false;
    await this.running;
  }

  /**
   * Runs a sync soon (after an offline redemption, for instance); while the server's `Retry-After`
   * runs, at its end: asking sooner would only be refused again and keep the token's bucket empty.
   */
  nudge(): void {
    if (this.stopped || this.waitingOutServer) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.runOnce()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.running = undefined;
        this.schedule();
      });
  }

  lastSyncAt(): number | undefined {
    return this.lastSyncAtMs;
  }

  /** How far a first or full download has come, while one runs; null otherwise. */
  download(): DownloadFigures | null {
    return this.progress?.figures(this.deps.clock.monotonicMs()) ?? null;
  }

  /** One full pass; resolves with what moved, rejects with the `CentralError` that stopped it. */
  async runOnce(): Promise<SyncReport> {
    try {
      await this.probe();
      const { uploaded, cancelled, deferred } = await this.upload();
      const voids = await this.uploadVoids();
      const downloaded = await this.downloadTickets();
      await downloadOtherStoreCodes(
        this.deps.central,
        this.deps.tickets,
        this.deps.config.central.timeoutMs * 4,
      );
      await this.refreshClerks();
      this.deps.connectivity.reportSuccess();
      this.lastSyncAtMs = this.deps.clock.now().getTime();
      this.lastFailure = undefined;
      await this.sendHeartbeat();
      const report = { uploaded, cancelled, voids, downloaded, deferred };
      if (uploaded + cancelled + voids + downloaded + deferred > 0)
        this.deps.logger.info("synced", { event: "sync", ...report });
      this.emit("synced", report);
      return report;
    } catch (error) {
      if (!(error instanceof CentralError)) {
        this.deps.logger.error("sync failed", { error });
        throw error;
      }
      this.fail(error);
      throw error;
    }
  }

  /**
   * Offline, one small request first: the pass reads the open entries only once the server answers,
   * so probing every few seconds costs the journal nothing (its reads would compete with the next
   * scan's). Offline for slowness, the same request decides whether answers are quick again. A
   * refused token is not probed here: health needs none, only the pass itself can tell.
   */
  private async probe(): Promise<void> {
    const { connectivity, central, config } = this.deps;
    const state = connectivity.state();
    if (state.online || state.reason === "starting" || connectivity.setupFault() !== undefined) return;
    const startedAt = performance.now();
    await central.health(config.central.timeoutMs);
    if (state.reason === "slow") connectivity.reportSuccess(performance.now() - startedAt);
  }

  private fail(error: CentralError): void {
    this.deps.connectivity.reportFailure(error);
    this.retryAfterMs = error.kind === "rate_limited" ? (error.retryAfterMs ?? offlineProbeMs) : undefined;
    // While offline the loop probes every few seconds: log a failure once, not every probe.
    const fields = { event: "sync_failed", kind: error.kind, error };
    if (error.message === this.lastFailure) this.deps.logger.debug("sync failed", fields);
    else if (isSetupFault(error.kind))
      this.deps.logger.error("sync stopped until the setup is fixed", fields);
    else this.deps.logger.warn("sync failed", fields);
    this.lastFailure = error.message;
    this.emit("failed", error);
  }

  private schedule(): void {
    if (this.stopped) return;
    const serverWaitMs = this.retryAfterMs;
    this.retryAfterMs = undefined;
    if (serverWaitMs !== undefined) {
      // What the nudges asked for is done by the pass after the wait.
      this.again = false;
      this.waitingOutServer = true;
      this.startTimer(serverWaitMs);
      return;
    }
    if (this.again) {
      this.again = false;
      this.nudge();
      return;
    }
    const { connectivity, config } = this.deps;
    const interval = config.central.syncIntervalMs;
    this.startTimer(
      connectivity.state().online || connectivity.setupFault() !== undefined
        ? interval
        : Math.min(offlineProbeMs, interval),
    );
  }

  private startTimer(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.waitingOutServer = false;
      this.nudge();
    }, delayMs);
    this.timer.unref();
  }

  /**
   * Uploads the open entries, a batch at a time. A batch's verdicts are stored while the next batch
   * is on its way: the server judged the first before it sees the second, so one ticket's entries
   * are still judged in order, and after a crash before the verdicts were stored the entries go
   * again and come back `duplicate` with their first verdict.
   */
  private async upload(): Promise<{ uploaded: number; cancelled: number; deferred: number }> {
    const { journal, clock } = this.deps;
    const totals = { uploaded: 0, cancelled: 0, deferred: 0 };
    const verdicts = new VerdictStore((batch, results) => this.storeVerdicts(batch, results));
    try {
      for (let pass = 0; pass < maxBatchesPerPass; pass += 1) {
        const skip = new Set([...this.backoff.waiting(clock.monotonicMs()), ...verdicts.ids]);
        const open = await journal.openEntries(maxUploadBatch, skip);
        // Nothing (more) to send: return, not break, which would set `again` below and start the
        // next pass at once; an idle kiosk would sync back to back without end.
        if (open.length === 0) return totals;
        // Entries that failed before go alone; the rest go together.
        const fresh = open.filter(
          (e) => e.action === "upload" && !this.backoff.failedBefore(e.redemption.id),
        );
        const alone = open.filter((e) => e.action === "upload" && this.backoff.failedBefore(e.redemption.id));
        for (const batch of [fresh, ...alone.map((e) => [e])]) {
          if (batch.length === 0) continue;
          const sent = await this.attempt(
            batch.map((e) => e.redemption.id),
            async () => verdicts.add(batch, await this.sendBatch(batch)),
          );
          totals.uploaded += sent ? batch.length : 0;
          totals.deferred += sent ? 0 : batch.length;
        }
        for (const entry of open.filter((e) => e.action === "cancel")) {
          let closed = false;
          await this.attempt([entry.redemption.id], async () => {
            closed = await this.cancel(entry);
          });
          totals.cancelled += closed ? 1 : 0;
          totals.deferred += closed ? 0 : 1;
        }
        if (open.length < maxUploadBatch) return totals;
      }
    } finally {
      await verdicts.settled();
    }
    // The cap was reached with entries still open: the next pass follows this one's download at
    // once rather than an interval later, or a long backlog would wait a whole interval per
    // 20,000 entries (docs/performance.md, sync backlog).
    this.again = true;
    return totals;
  }

  /**
   * Runs one request for some entries. A failure that concerns the server as a whole is thrown (the
   * pass stops); one that may concern these entries defers them, and the pass goes on.
   */
  private async attempt(ids: readonly string[], send: () => Promise<void>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      if (!(error instanceof CentralError) || serverUnreachable(error)) throw error;
      this.defer(ids, error);
      const [only] = ids;
      // Alone, a 400 is about this entry: a person must see it rather than it retrying unseen.
      if (ids.length === 1 && only !== undefined && error.kind === "bad_request" && !only.startsWith("void:"))
        await this.deps.journal.markAttention(only, this.attention("upload_refused", error.message));
      return false;
    }
  }

  private attention(problem: Attention["problem"], detail: string): Attention {
    return { problem, detail, at: this.deps.clock.now().toISOString() };
  }

  private defer(ids: readonly string[], error: CentralError): void {
    const nowMs = this.deps.clock.monotonicMs();
    for (const id of ids) {
      const delayMs = this.backoff.fail(id, nowMs);
      this.deps.logger.warn("entry deferred", {
        event: "sync_deferred",
        id,
        failures: this.backoff.failures(id),
        retryInMs: delayMs,
        error,
      });
    }
  }

  private async sendBatch(batch: readonly OpenEntry[]): Promise<RedemptionResult[]> {
    const { central, config } = this.deps;
    const results = await central.uploadRedemptions(
      batch.map((e) => e.redemption),
      config.central.timeoutMs * 2,
    );
    crashPoint("mid-upload");
    return results;
  }

  private async storeVerdicts(batch: readonly OpenEntry[], results: RedemptionResult[]): Promise<void> {
    await this.deps.journal.applyResults(results);
    const answered = new Set(results.map((r) => r.id));
    for (const entry of batch)
      if (answered.has(entry.redemption.id)) this.backoff.succeed(entry.redemption.id);
    const missing = batch.filter((e) => !answered.has(e.redemption.id)).map((e) => e.redemption.id);
    // An answer without a verdict for an entry keeps it open; it is retried on its own.
    if (missing.length > 0)
      this.defer(
        missing,
        new CentralError(`the server gave no verdict for ${missing.length} entr(ies)`, "invalid_response"),
      );
  }

  /** Sends the `abandoned` void; true once the server confirmed the intent does not count. */
  private async cancel(entry: OpenEntry): Promise<boolean> {
    const { journal, central, config, clock } = this.deps;
    const id = entry.redemption.id;
    const at = clock.now().toISOString();
    const result = await central.voidRedemption(
      id,
      { reason: abandonedReason, at },
      config.central.timeoutMs,
    );
    if (result.status === "rejected" && result.reason !== "not_redeemed") {
      const reason = result.reason ?? "rejected";
      this.deps.logger.warn("cancellation refused", { event: "cancel_refused", id, reason });
      await journal.markAttention(id, this.attention("cancel_refused", reason));
      this.backoff.fail(id, clock.monotonicMs());
      return false;
    }
    await journal.closeCancelled(id, result.ticket);
    this.backoff.succeed(id);
    return true;
  }

  /**
   * Voids journaled but not closed. A void is journaled only once the central service made it
   * (device/levelBackOffice.ts), so one is open here after a crash between the two: the service
   * answers its repeat `duplicate`. A void an older version kept offline carries no supervisor PIN,
   * so the service refuses it (`wrong_pin`): it closes `rejected` and the redemption stands. Each
   * waits on its own backoff (keyed `void:<id>`), like an entry.
   */
  private async uploadVoids(): Promise<number> {
    const { journal, central, config, clock } = this.deps;
    const waiting = this.backoff.waiting(clock.monotonicMs());
    let answered = 0;
    for (const entry of await journal.openVoids(maxUploadBatch)) {
      const record = entry.void;
      const id = entry.redemption.id;
      if (record === undefined || waiting.has(`void:${id}`)) continue;
      const request = { reason: record.reason, clerkId: record.clerkId, at: record.at };
      const sent = await this.attempt([`void:${id}`], async () => {
        const result = await central.voidRedemption(id, request, config.central.timeoutMs);
        const outcome = result.status === "rejected" ? "rejected" : "acknowledged";
        await journal.closeVoid(id, outcome, result.reason, result.ticket);
        this.backoff.succeed(`void:${id}`);
      });
      answered += sent ? 1 : 0;
    }
    return answered;
  }

  /** The store's clerks, so they can log in offline; replaced whole, as the server lists them. */
  private async refreshClerks(): Promise<void> {
    try {
      await this.deps.clerks.storeClerks(
        await this.deps.central.fetchClerks(this.deps.config.central.timeoutMs),
      );
    } catch (error) {
      if (error instanceof CentralError && serverUnreachable(error)) throw error;
      this.deps.logger.debug("clerks not refreshed", { error });
    }
  }

  /**
   * Pages in order from the stored cursor. The next page is asked for while this one is stored (its
   * cursor is this page's answer), so the server's time and the journal's overlap; the cursor
   * stored is still always the one that came with the tickets stored with it. A download from no
   * cursor (first or full) reports its progress when the server gives the total.
   */
  private async downloadTickets(): Promise<number> {
    const { tickets, central, config, clock } = this.deps;
    const fetchPage = (cursor: string | undefined) => {
      const page = central.fetchTickets(cursor, ticketsPageSize, config.central.timeoutMs * 4);
      // Its failure is seen when it is awaited; until then it must not count as unhandled.
      page.catch(() => undefined);
      return page;
    };
    let downloaded = 0;
    const cursor = tickets.cursor();
    let next = fetchPage(cursor);
    try {
      for (;;) {
        const page = await next;
        crashPoint("mid-download");
        const more = page.hasMore && !this.stopped;
        if (more) next = fetchPage(page.cursor);
        if (page.total !== undefined) this.progress = new DownloadProgress(page.total, clock.monotonicMs());
        if (page.total !== undefined && cursor !== undefined) {
          // Only a first page carries the total: the server started the feed again because this
          // cursor is not from its history (it was restored from an older backup, docs/central.md).
          this.deps.logger.warn(
            "the central service started the ticket feed again: downloading every ticket",
            {
              event: "download_restarted",
              cursor,
            },
          );
        }
        await tickets.storeTicketPage(page.tickets, page.cursor, !page.hasMore, clock.now());
        downloaded += page.tickets.length;
        this.reportProgress(page.tickets.length, !page.hasMore);
        if (!more) return downloaded;
      }
    } finally {
      this.progress = undefined;
    }
  }

  private reportProgress(stored: number, last: boolean): void {
    const progress = this.progress;
    if (progress === undefined) return;
    progress.advance(stored);
    const nowMs = this.deps.clock.monotonicMs();
    const figures = progress.figures(nowMs);
    if (progress.logDue(nowMs) || last)
      this.deps.logger.info(last ? "tickets downloaded" : "downloading tickets", {
        event: last ? "download_done" : "download_progress",
        ...figures,
      });
    this.emit("downloading", figures);
  }

  /** The heartbeat is a courtesy to the fleet's administrator: its failure never fails a pass. */
  private async sendHeartbeat(): Promise<void> {
    const status = this.deps.heartbeat?.();
    if (status === undefined) return;
    try {
      await this.deps.central.heartbeat(status, this.deps.config.central.timeoutMs);
    } catch (error) {
      this.deps.logger.debug("heartbeat not delivered", { error });
    }
  }
}

/**
 * Stores the verdicts of one batch at a time, in the background: the next batch goes to the server
 * meanwhile. A failed write fails the pass at the next `add` or at `settled`.
 */
class VerdictStore {
  /** The ids whose verdicts are being stored: still open in the journal, not to be sent again. */
  readonly ids = new Set<string>();
  private storing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: (batch: readonly OpenEntry[], results: RedemptionResult[]) => Promise<void>,
  ) {}

  async add(batch: readonly OpenEntry[], results: RedemptionResult[]): Promise<void> {
    await this.storing;
    for (const entry of batch) this.ids.add(entry.redemption.id);
    this.storing = this.store(batch, results).finally(() => {
      for (const entry of batch) this.ids.delete(entry.redemption.id);
    });
    // Awaited later (`add`, `settled`): marked handled now, so a failure is not an unhandled rejection.
    this.storing.catch(() => {});
  }

  settled(): Promise<void> {
    return this.storing;
  }
}
