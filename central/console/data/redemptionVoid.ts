/**
 * 取消核銷 from the console: a manager (of the record's store) or hq voids a redemption, with a
 * reason. Judged by the server's own rule (judgeVoid.ts: already voided or cancelled is a
 * `duplicate`, a refusal has nothing to give back, the void window from the time it was judged at)
 * and written through the store's void step (ledgerStore.ts `void`), the one a kiosk supervisor's
 * void takes: the record is marked and its units given back to the ticket under a new rev, so every
 * kiosk of the ticket's stores gets the ticket back at its next ticket sync, as after a void on a
 * kiosk. The console's account is no clerk of the store, so the mark names none; who did it is in
 * the audit log.
 */

import * as v from "valibot";
import type { Ticket } from "../../../device/domain.js";
import { abandonedReason, voidRequestSchema } from "../../../device/ports/wire.js";
import { isUndone, recordVoidRefusal } from "../../judgeVoid.js";
import type { VoidMark } from "../../redemptionRecord.js";
import type { ConsoleLedgerStore } from "./consoleStores.js";
import { type Audit, canSee, type Viewer } from "./viewer.js";

export interface ConsoleVoidRequest {
  readonly viewer: Viewer;
  readonly actor: string;
  readonly id: string;
  readonly reason: string;
  readonly now: Date;
  /** The central's void window (ledger.ts `voidWindowHours`). */
  readonly windowMs: number;
}

export type ConsoleVoidOutcome =
  | { readonly kind: "voided"; readonly ticket: Ticket | undefined }
  | { readonly kind: "duplicate" }
  | { readonly kind: "not_found" }
  /** Blank, too long, or `abandoned` (which a kiosk reads as its own taking back of an intent). */
  | { readonly kind: "reason_invalid" }
  | { readonly kind: "not_redeemed" }
  | { readonly kind: "void_window_passed" };

export async function voidRedemption(
  store: ConsoleLedgerStore,
  request: ConsoleVoidRequest,
): Promise<{ readonly outcome: ConsoleVoidOutcome; readonly audit: Audit }> {
  const { viewer, actor, id, now } = request;
  const reason = request.reason.trim();
  const audited = (outcome: ConsoleVoidOutcome) => ({
    outcome,
    audit: { action: "redemption.void", target: id, detail: `${outcome.kind} by ${actor}: ${reason}` },
  });
  if (!v.is(voidRequestSchema.entries.reason, reason) || reason === abandonedReason)
    return audited({ kind: "reason_invalid" });
  const { outcome, ticket } = await store.void<ConsoleVoidOutcome>(id, undefined, ({ stored }) => {
    if (stored === undefined || !canSee(viewer, stored.redemption.storeId))
      return { outcome: { kind: "not_found" } };
    if (isUndone(stored)) return { outcome: { kind: "duplicate" } };
    const refusal = recordVoidRefusal(stored, now, request.windowMs);
    if (refusal !== undefined) return { outcome: { kind: refusal } };
    const at = now.toISOString();
    const mark: VoidMark = { reason, at, receivedAt: at };
    return { outcome: { kind: "voided", ticket: undefined }, write: { kind: "void", mark } };
  });
  return audited(outcome.kind === "voided" ? { kind: "voided", ticket } : outcome);
}
