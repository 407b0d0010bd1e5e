/** Shared test data: tickets and redemptions with sensible defaults, overridable field by field. */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redemption, Ticket } from "../../device/domain.js";
import type { KioskStatus } from "../../device/kioskStatus.js";
import type { DecisionResult, RedeemRequest } from "../../device/redemptionService.js";

export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    code: "QK7R-2M9X-TB4A",
    orderNumber: "#100231",
    productName: "深層按摩 60 分鐘券",
    totalUnits: 5,
    redeemedUnits: 0,
    validFrom: "2026-11-01T00:00:00+08:00",
    validUntil: "2027-10-31T23:59:59+08:00",
    status: "active",
    storeIds: ["store-a"],
    customer: { name: "陳怡君", phone: "0912345678" },
    updatedAt: "2026-11-20T10:02:00+08:00",
    ...overrides,
  };
}

let seq = 0;

export function makeRedemption(overrides: Partial<Redemption> = {}): Redemption {
  seq += 1;
  return {
    id: randomUUID(),
    ticketCode: "QK7R-2M9X-TB4A",
    quantity: 1,
    redeemedAt: "2026-11-27T08:00:00.000Z",
    clockSynced: true,
    seq,
    deviceId: "kiosk-1",
    storeId: "store-a",
    source: "scan",
    offline: false,
    ...overrides,
  };
}

/** A temporary directory removed when the returned function is called. */
export async function tempDir(
  prefix = "ticket-kiosk-",
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A healthy kiosk's status at 2026-11-27 14:05:09 Taipei time. */
export function makeStatus(overrides: Partial<KioskStatus> = {}): KioskStatus {
  return {
    ready: true,
    version: "0.1.0",
    deviceId: "kiosk-01",
    storeId: "store-a",
    storeName: "台北信義店",
    mode: "counter",
    online: true,
    offlineReason: null,
    offlineDetail: null,
    pendingSync: 0,
    oldestPendingAgeS: null,
    lastSyncAt: "2026-11-27T06:02:00Z",
    exceptions: 0,
    scanner: "connected",
    printer: "ready",
    clockSynced: true,
    now: "2026-11-27T06:05:09.000Z",
    clerk: null,
    waitingScans: 0,
    journalDamage: null,
    recoveredSlips: 0,
    download: null,
    ...overrides,
  };
}

/** What a redeemer that takes every request answers: redeemed, with no ticket or record attached. */
export function okDecision(request: RedeemRequest, overrides: Partial<DecisionResult> = {}): DecisionResult {
  return {
    outcome: "ok",
    code: request.code,
    quantity: request.quantity,
    ticket: undefined,
    remaining: 0,
    redemption: undefined,
    offline: false,
    ...overrides,
  };
}
