/**
 * What a back office reads (docs/protocol.md, admin side): the fleet of devices with their last
 * heartbeat, every redemption in the order the server received it, and the exceptions (conflicts
 * and offline redemptions refused) with the devices involved. Reads only: no locks needed, since
 * each record is written whole in one batch.
 */
import type { AdminRedemptionsPage, ConflictsPage, DeviceSummary, ExceptionRecord } from "./adminWire.js";
import type { RedemptionRecord } from "./redemptionRecord.js";
import type { LedgerStore, RecordFilter } from "./store/ledgerStore.js";

export interface RecordQuery {
  /** Only this store's records; absent = every store. */
  readonly storeId?: string;
  /** Only records the server received at or after this instant. */
  readonly since?: string;
  /** The cursor of the previous page (0 = from the start). */
  readonly afterSeq: number;
  readonly limit: number;
}

export class AdminView {
  constructor(private readonly store: LedgerStore) {}

  /** Every device that was ever given a token, by id. */
  async devices(): Promise<DeviceSummary[]> {
    const [tokens, heartbeats] = await Promise.all([this.store.deviceTokens(), this.store.heartbeats()]);
    const lastHeartbeat = new Map(heartbeats.map((record) => [record.deviceId, record]));
    const devices = new Map<string, DeviceSummary>();
    // Oldest token first, so the newest one's store wins; commit times are unique ISO strings in UTC.
    for (const token of tokens.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))) {
      const seen = devices.get(token.deviceId);
      const heartbeat = lastHeartbeat.get(token.deviceId);
      devices.set(token.deviceId, {
        deviceId: token.deviceId,
        storeId: token.storeId,
        createdAt: seen?.createdAt ?? token.createdAt,
        revoked: (seen?.revoked ?? true) && token.revoked,
        lastSeenAt: heartbeat?.lastSeenAt ?? null,
        heartbeat: heartbeat?.status ?? null,
      });
    }
    return [...devices.values()].sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1));
  }

  async redemptions(query: RecordQuery): Promise<AdminRedemptionsPage> {
    const page = await this.store.redemptionsSince(query.afterSeq, query.limit, filterOf(query));
    return { redemptions: page.redemptions, cursor: String(page.lastSeq), hasMore: page.hasMore };
  }

  async conflicts(query: RecordQuery): Promise<ConflictsPage> {
    const page = await this.store.exceptionsSince(query.afterSeq, query.limit, filterOf(query));
    return {
      conflicts: page.redemptions.map(withDevices),
      cursor: String(page.lastSeq),
      hasMore: page.hasMore,
    };
  }
}

function filterOf(query: RecordQuery): RecordFilter {
  return {
    ...(query.storeId === undefined ? {} : { storeId: query.storeId }),
    ...(query.since === undefined ? {} : { receivedSince: query.since }),
  };
}

function withDevices(record: RedemptionRecord): ExceptionRecord {
  const others = (record.conflictWith ?? []).map((party) => party.deviceId);
  return { ...record, devices: [...new Set([record.redemption.deviceId, ...others])] };
}
