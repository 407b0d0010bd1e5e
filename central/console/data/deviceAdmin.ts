/**
 * 裝置: each kiosk (a device id and its tokens) with its store, name, version, when and from which
 * address the central last heard from it, its backlog and oldest unsynced entry, printer and
 * scanner, and its clock (synchronised or not, and how far its time lay from the central's at the
 * last heartbeat); and what the console changes: its name, its store, its tokens revoked (a revoked
 * token is refused on its very next request, 403 `token_revoked` as bearerAuth.ts answers any
 * revoked token: tokens are looked up on every request, ledger.ts `authenticate`).
 */
import { AdminView } from "../../adminView.js";
import type { ConsoleLedgerStore } from "./consoleStores.js";
import { type Audit, canSee, type Viewer } from "./viewer.js";

export interface DeviceRow {
  readonly deviceId: string;
  /** The name given in the console; the device id until one is. */
  readonly name: string;
  readonly storeId: string;
  readonly revoked: boolean;
  readonly lastSeenAt: string | null;
  readonly address: string | null;
  readonly version: string | null;
  readonly pendingSync: number | null;
  readonly oldestPendingAgeS: number | null;
  readonly printer: string | null;
  readonly scanner: string | null;
  readonly clockSynced: boolean | null;
  /** The kiosk's clock minus the central's at the last heartbeat, in seconds. */
  readonly clockOffsetS: number | null;
}

export async function listDevices(store: ConsoleLedgerStore, viewer: Viewer): Promise<DeviceRow[]> {
  const [devices, names, heartbeats] = await Promise.all([
    new AdminView(store).devices(),
    store.deviceNames(),
    store.heartbeats(),
  ]);
  const addresses = new Map(heartbeats.map((beat) => [beat.deviceId, beat.address ?? null]));
  return devices
    .filter((device) => canSee(viewer, device.storeId))
    .map(({ deviceId, storeId, revoked, lastSeenAt, heartbeat }) => ({
      deviceId,
      name: names.get(deviceId) ?? deviceId,
      storeId,
      revoked,
      lastSeenAt,
      address: addresses.get(deviceId) ?? null,
      version: heartbeat?.version ?? null,
      pendingSync: heartbeat?.pendingSync ?? null,
      oldestPendingAgeS: heartbeat?.oldestPendingAgeS ?? null,
      printer: heartbeat?.printer ?? null,
      scanner: heartbeat?.scanner ?? null,
      clockSynced: heartbeat?.clockSynced ?? null,
      clockOffsetS:
        heartbeat === null || lastSeenAt === null
          ? null
          : Math.round((Date.parse(heartbeat.deviceTime) - Date.parse(lastSeenAt)) / 1000),
    }));
}

export type DeviceChangeOutcome =
  | { readonly kind: "renamed" }
  | { readonly kind: "moved"; readonly tokens: number }
  | { readonly kind: "revoked"; readonly tokens: number }
  | { readonly kind: "unchanged" }
  | { readonly kind: "not_found" }
  /** A name of 1 to 100 characters. */
  | { readonly kind: "name_invalid" }
  /** A store the central does not have, or one the viewer does not see. */
  | { readonly kind: "unknown_store" };

export type DeviceChange =
  | { readonly kind: "rename"; readonly name: string }
  | { readonly kind: "move"; readonly storeId: string }
  | { readonly kind: "revoke" };

export async function changeDevice(
  store: ConsoleLedgerStore,
  request: {
    readonly viewer: Viewer;
    readonly actor: string;
    readonly deviceId: string;
    readonly change: DeviceChange;
  },
): Promise<{ readonly outcome: DeviceChangeOutcome; readonly audit: Audit }> {
  const outcome = await changeOutcome(store, request.viewer, request.deviceId, request.change);
  const { change } = request;
  const what =
    change.kind === "rename" ? ` "${change.name}"` : change.kind === "move" ? ` to ${change.storeId}` : "";
  return {
    outcome,
    audit: {
      action: `device.${change.kind}`,
      target: request.deviceId,
      detail: `${outcome.kind}${what} by ${request.actor}`,
    },
  };
}

async function changeOutcome(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  deviceId: string,
  change: DeviceChange,
): Promise<DeviceChangeOutcome> {
  const device = (await listDevices(store, viewer)).find((row) => row.deviceId === deviceId);
  if (device === undefined) return { kind: "not_found" };
  switch (change.kind) {
    case "rename": {
      const name = change.name.trim();
      if (name.length === 0 || name.length > 100) return { kind: "name_invalid" };
      await store.setDeviceName(deviceId, name);
      return { kind: "renamed" };
    }
    case "move": {
      if (!canSee(viewer, change.storeId) || (await store.getStore(change.storeId)) === undefined)
        return { kind: "unknown_store" };
      if (change.storeId === device.storeId) return { kind: "unchanged" };
      return { kind: "moved", tokens: await store.moveDevice(deviceId, change.storeId) };
    }
    case "revoke": {
      const tokens = await store.revokeDevice(deviceId);
      return tokens === 0 ? { kind: "unchanged" } : { kind: "revoked", tokens };
    }
  }
}
