/**
 * Marks an exception (a redemption record that is one, exceptionList.ts) or a refused upload
 * resolved, with a note, by the acting account at the server's time. A resolution is kept once:
 * a second one is `already_resolved`, so two people working the list at once do not overwrite
 * each other's notes. Records of stores the viewer does not see are `not_found` (viewer.ts).
 */

import { isConsoleException } from "../../store/redemptionQuery.js";
import type { ConsoleLedgerStore } from "./consoleStores.js";
import { defaultLateAfterMs } from "./exceptionList.js";
import { type Audit, canSee, type Viewer } from "./viewer.js";

export interface ResolveRequest {
  readonly viewer: Viewer;
  readonly actor: string;
  readonly id: string;
  readonly note: string;
  readonly now: Date;
  readonly lateAfterMs?: number;
}

export type ResolveOutcome =
  | { readonly kind: "resolved" }
  | { readonly kind: "already_resolved" }
  | { readonly kind: "not_found" }
  /** Blank or over 500 characters: a resolution says what was done. */
  | { readonly kind: "note_invalid" };

export const maxNoteLength = 500;

export async function resolveException(
  store: ConsoleLedgerStore,
  request: ResolveRequest,
): Promise<{ readonly outcome: ResolveOutcome; readonly audit: Audit }> {
  const note = request.note.trim();
  const outcome = await resolveOutcome(store, request, note);
  return {
    outcome,
    audit: {
      action: "exception.resolve",
      target: request.id,
      detail: `${outcome.kind} by ${request.actor}: ${note}`,
    },
  };
}

async function resolveOutcome(
  store: ConsoleLedgerStore,
  request: ResolveRequest,
  note: string,
): Promise<ResolveOutcome> {
  if (note.length === 0 || note.length > maxNoteLength) return { kind: "note_invalid" };
  const [record, upload] = await Promise.all([
    store.getRedemption(request.id),
    store.getRefusedUpload(request.id),
  ]);
  const storeId = record?.redemption.storeId ?? upload?.storeId;
  const isOne =
    upload !== undefined ||
    (record !== undefined && isConsoleException(record, request.lateAfterMs ?? defaultLateAfterMs));
  if (storeId === undefined || !isOne || !canSee(request.viewer, storeId)) return { kind: "not_found" };
  const resolved = await store.resolve(request.id, {
    by: request.actor,
    at: request.now.toISOString(),
    note,
  });
  return { kind: resolved ? "resolved" : "already_resolved" };
}
