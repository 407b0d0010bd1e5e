/**
 * The stores a viewer sees, by name: the store pickers' choices and the names a table shows for a
 * store id (the id itself for a store the central no longer has).
 */
import type { ConsoleLedgerStore } from "../data/consoleStores.js";
import { storesInScope, type Viewer } from "../data/viewer.js";
import type { Choice } from "./queryForm.js";

export interface VisibleStores {
  /** In id order, each labelled by its name. */
  readonly choices: readonly Choice[];
  name(storeId: string): string;
}

export async function visibleStores(store: ConsoleLedgerStore, viewer: Viewer): Promise<VisibleStores> {
  const ids = storesInScope(viewer, await store.storeIds());
  const names = new Map(
    await Promise.all(ids.map(async (id) => [id, (await store.getStore(id))?.name ?? id] as const)),
  );
  return {
    choices: ids.map((id) => ({ value: id, label: names.get(id) ?? id })),
    name: (storeId) => names.get(storeId) ?? storeId,
  };
}
