/**
 * The background sync (PRODUCT.md §2 step 6): upload what the journal has not closed, then download
 * ticket changes since the cursor. Uploads go first so the download that follows already includes
 * them. Nothing leaves the journal without the server's verdict; 401/403 stops syncing and keeps
 * everything until the token is fixed.
 */
import { EventEmitter } from "node:events";
import type { Clock } from "../device/clock.js";
import type { Config } from "../device/config.js";
import type { Journal } from "../device/journal.js";
import type { Logger } from "../device/logger.js";
import type { CentralApi } from "./centralApi.js";
import { CentralError } from "./centralApi.js";
import type { Connectivity } from "./connectivity.js";
import { abandonedReason, maxUploadBatch } from "./wire.js";

export interface SyncReport {
  readonly uploaded: number;
  readonly cancelled: number;
  readonly downloaded: number;
}

export interface SyncLoopDeps {
  readonly config: Pick<Config, "central">;
  readonly journal: Journal;
  readonly central: CentralApi;
  readonly connectivity: Connectivity;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** How often to probe while offline, so the kiosk comes back soon after the network does. */
const offlineProbeMs = 3000;
const ticketsPageSize = 2000;
/** Uploads per run are bounded so a long backlog never starves the download. */
const maxBatchesPerRun = 25;

export class SyncLoop extends EventEmitter<{ synced: [SyncReport]; failed: [CentralError] }> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;
  private lastSyncAtMs: number | undefined;
  private lastFailure: string | undefined;

  constructor(private readonly deps: SyncLoopDeps) {
    super();
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
    await this.running;
  }

  /** Runs a sync soon (after an offline redemption, for instance). */
  nudge(): void {
    if (this.stopped) return;
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

  /** One full pass; resolves with what moved, rejects with the `CentralError` that stopped it. */
  async runOnce(): Promise<SyncReport> {
    try {
      const { uploaded, cancelled } = await this.upload();
      const downloaded = await this.download();
      this.deps.connectivity.reportSuccess();
      this.lastSyncAtMs = this.deps.clock.now().getTime();
      this.lastFailure = undefined;
      const report = { uploaded, cancelled, downloaded };
      if (uploaded + cancelled + downloaded > 0)
        this.deps.logger.info("synced", { event: "sync", ...report });
      this.emit("synced", report);
      return report;
    } catch (error) {
      if (!(error instanceof CentralError)) {
        this.deps.logger.error("sync failed", { error });
        throw error;
      }
      this.deps.connectivity.reportFailure(error);
      // While offline the loop probes every few seconds: log a failure once, not every probe.
      const fields = { event: "sync_failed", kind: error.kind, error };
      if (error.message === this.lastFailure) this.deps.logger.debug("sync failed", fields);
      else this.deps.logger.warn("sync failed", fields);
      this.lastFailure = error.message;
      this.emit("failed", error);
      throw error;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      this.nudge();
      return;
    }
    const { connectivity, config } = this.deps;
    const state = connectivity.state();
    const delay =
      state.online || state.reason === "unauthorized" ? config.central.syncIntervalMs : offlineProbeMs;
    this.timer = setTimeout(() => this.nudge(), Math.min(delay, config.central.syncIntervalMs));
    this.timer.unref();
  }

  private async upload(): Promise<{ uploaded: number; cancelled: number }> {
    const { journal, central, config, clock } = this.deps;
    let uploaded = 0;
    let cancelled = 0;
    for (let batch = 0; batch < maxBatchesPerRun; batch += 1) {
      const open = await journal.openEntries(maxUploadBatch);
      if (open.length === 0) break;
      const uploads = open.filter((entry) => entry.action === "upload").map((entry) => entry.redemption);
      if (uploads.length > 0) {
        await journal.applyResults(await central.uploadRedemptions(uploads, config.central.timeoutMs * 2));
        uploaded += uploads.length;
      }
      for (const entry of open.filter((e) => e.action === "cancel")) {
        const at = clock.now().toISOString();
        const result = await central.voidRedemption(
          entry.redemption.id,
          { reason: abandonedReason, at },
          config.central.timeoutMs,
        );
        await journal.closeCancelled(entry.redemption.id, result.ticket);
        cancelled += 1;
      }
      if (open.length < maxUploadBatch) break;
    }
    return { uploaded, cancelled };
  }

  private async download(): Promise<number> {
    const { journal, central, config, clock } = this.deps;
    let downloaded = 0;
    for (;;) {
      const page = await central.fetchTickets(
        journal.cursor(),
        ticketsPageSize,
        config.central.timeoutMs * 4,
      );
      await journal.storeTicketPage(page.tickets, page.cursor, !page.hasMore, clock.now());
      downloaded += page.tickets.length;
      if (!page.hasMore || this.stopped) return downloaded;
    }
  }
}
