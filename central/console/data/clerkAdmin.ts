/**
 * 店員: the clerks of the viewer's stores with their roles, and what the console changes of them:
 * a new PIN (the same policy as an import's, pinPolicy.ts, each rule its own outcome) and disabling
 * or enabling. Kiosks replace their clerk list whole at every sync (sync/syncLoop.ts), and the
 * central leaves disabled clerks out of it (ledger.ts `clerks`), so a change reaches each kiosk at
 * its next clerk sync. A clerk of several stores is changed only by a viewer who sees all of them.
 */

import * as v from "valibot";
import type { ClerkRole } from "../../../device/domain.js";
import { hashPin } from "../../../device/pinHash.js";
import { importClerkSchema } from "../../importDocument.js";
import type { ClerkRecord } from "../../importPlan.js";
import { defaultPinPolicy, type PinPolicy } from "../../pinPolicy.js";
import type { ConsoleLedgerStore } from "./consoleStores.js";
import { type Audit, canSee, storesInView, type Viewer } from "./viewer.js";

export interface ClerkRow {
  readonly id: string;
  readonly name: string;
  readonly role: ClerkRole;
  readonly storeIds: readonly string[];
  readonly disabled: boolean;
  readonly updatedAt: string;
}

/** The clerks of `storeId` (of every store in view when absent), by id. */
export async function listClerks(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  storeId?: string,
): Promise<ClerkRow[]> {
  const stores = storesInView(viewer, storeId) ?? [...(await store.storeIds())];
  const [lists, disabled] = await Promise.all([
    Promise.all(stores.map((id) => store.clerksOfStore(id))),
    store.disabledClerkIds(),
  ]);
  const byId = new Map(lists.flat().map((clerk) => [clerk.id, clerk]));
  return [...byId.values()]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map(({ id, name, role, storeIds, updatedAt }) => ({
      id,
      name,
      role,
      storeIds,
      disabled: disabled.has(id),
      updatedAt,
    }));
}

type ClerkAccess =
  | { readonly kind: "ok"; readonly clerk: ClerkRecord }
  | { readonly kind: "not_found" }
  /** The clerk works at a store the viewer does not see too. */
  | { readonly kind: "forbidden" };

async function clerkInView(store: ConsoleLedgerStore, viewer: Viewer, id: string): Promise<ClerkAccess> {
  const clerk = await store.getClerk(id);
  if (clerk === undefined || !clerk.storeIds.some((storeId) => canSee(viewer, storeId)))
    return { kind: "not_found" };
  return clerk.storeIds.every((storeId) => canSee(viewer, storeId))
    ? { kind: "ok", clerk }
    : { kind: "forbidden" };
}

export type SetPinOutcome =
  | { readonly kind: "pin_set" }
  | { readonly kind: "not_found" }
  | { readonly kind: "forbidden" }
  /** Not 4 to 12 digits. */
  | { readonly kind: "pin_not_digits" }
  /** Shorter than the policy allows for the clerk's role. */
  | { readonly kind: "pin_too_short"; readonly role: ClerkRole; readonly least: number };

export interface SetPinRequest {
  readonly viewer: Viewer;
  readonly actor: string;
  readonly clerkId: string;
  readonly pin: string;
  readonly pinPolicy?: PinPolicy;
}

export async function setClerkPin(
  store: ConsoleLedgerStore,
  request: SetPinRequest,
): Promise<{ readonly outcome: SetPinOutcome; readonly audit: Audit }> {
  const outcome = await pinOutcome(store, request);
  // The audit never carries the PIN.
  return {
    outcome,
    audit: { action: "clerk.pin", target: request.clerkId, detail: `${outcome.kind} by ${request.actor}` },
  };
}

async function pinOutcome(store: ConsoleLedgerStore, request: SetPinRequest): Promise<SetPinOutcome> {
  const access = await clerkInView(store, request.viewer, request.clerkId);
  if (access.kind !== "ok") return access;
  if (!v.is(importClerkSchema.entries.pin, request.pin)) return { kind: "pin_not_digits" };
  const { role } = access.clerk;
  const least = (request.pinPolicy ?? defaultPinPolicy)[role];
  if (request.pin.length < least) return { kind: "pin_too_short", role, least };
  const changed = await store.setClerkPin(request.clerkId, await hashPin(request.pin));
  return changed === undefined ? { kind: "not_found" } : { kind: "pin_set" };
}

export type ClerkEnableOutcome =
  | { readonly kind: "disabled" }
  | { readonly kind: "enabled" }
  | { readonly kind: "unchanged" }
  | { readonly kind: "not_found" }
  | { readonly kind: "forbidden" };

export async function setClerkEnabled(
  store: ConsoleLedgerStore,
  request: {
    readonly viewer: Viewer;
    readonly actor: string;
    readonly clerkId: string;
    readonly enabled: boolean;
  },
): Promise<{ readonly outcome: ClerkEnableOutcome; readonly audit: Audit }> {
  const access = await clerkInView(store, request.viewer, request.clerkId);
  const outcome: ClerkEnableOutcome =
    access.kind !== "ok"
      ? access
      : (await store.setClerkDisabled(request.clerkId, !request.enabled))
        ? { kind: request.enabled ? "enabled" : "disabled" }
        : { kind: "unchanged" };
  const action = request.enabled ? "clerk.enable" : "clerk.disable";
  return {
    outcome,
    audit: { action, target: request.clerkId, detail: `${outcome.kind} by ${request.actor}` },
  };
}
