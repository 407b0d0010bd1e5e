/**
 * What the web console's data operations (central/console/data/) read and write beyond the ledger's
 * own port (ledgerStore.ts): the chain's redemptions newest first under any filter a page offers,
 * with a total. Types only, like ledgerStore.ts: both adapters implement it and pass one contract
 * suite (test/helpers/consoleDataContract.ts).
 */
import type { ImportDocument } from "../importDocument.js";
import type { ClerkRecord, CurrentRecords, TicketRecord } from "../importPlan.js";
import type { RedemptionRecord } from "../redemptionRecord.js";

/** A record's state as the console lists it: a void stands above the verdict it undid. */
export const redemptionStates = ["accepted", "conflict", "rejected", "cancelled", "voided"] as const;
export type RedemptionState = (typeof redemptionStates)[number];

/** Which redemptions a console list shows; every field absent = all. */
export interface RedemptionQuery {
  /** Only these stores' records (a manager's stores, or the one asked for); absent = every store. */
  readonly storeIds?: readonly string[];
  readonly deviceId?: string;
  readonly clerkId?: string;
  /** The ticket's product name, exactly. */
  readonly productName?: string;
  readonly state?: RedemptionState;
  readonly offline?: boolean;
  /** Only conflicts (true), or no conflicts (false). */
  readonly conflict?: boolean;
  /** Redeemed (redemptionQuery.ts `redemptionTime`) at or after this instant. */
  readonly from?: string;
  /** Redeemed before this instant. */
  readonly until?: string;
  /**
   * Only the records a supervisor should look at (redemptionQuery.ts `isConsoleException`): the
   * exceptions the server lists (judgeUpload.ts `isException`) and offline redemptions that
   * reached it more than `lateAfterMs` after they were made.
   */
  readonly exceptions?: { readonly lateAfterMs: number };
  /** Only records marked resolved (true) or not (false). */
  readonly resolved?: boolean;
}

/** An exception marked resolved in the console: by whom, when, and what they noted. */
export interface Resolution {
  readonly by: string;
  readonly at: string;
  readonly note: string;
}

/**
 * An upload the central refused as a whole before judging any entry (a body that is not an upload,
 * entries of another device or store than the token's): its entries stay open on the kiosk, so
 * someone has to fix its setup. Its id is the server's time of receipt, unique per store.
 */
export interface RefusedUpload {
  readonly id: string;
  readonly deviceId: string;
  readonly storeId: string;
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export interface RefusedUploadQuery {
  readonly storeIds?: readonly string[];
  readonly resolved?: boolean;
}

export interface RefusedUploadPage {
  /** Newest first, each with its resolution when it has one. */
  readonly uploads: { readonly upload: RefusedUpload; readonly resolution: Resolution | undefined }[];
  readonly hasMore: boolean;
}

/** A record with its arrival number: the console's paging key. */
export interface SequencedRecord {
  readonly seq: number;
  readonly record: RedemptionRecord;
  /** Its ticket's product name; undefined when the server holds no such ticket. */
  readonly productName: string | undefined;
  readonly resolution: Resolution | undefined;
}

export interface SequencedPage {
  /** Newest first. */
  readonly records: SequencedRecord[];
  readonly hasMore: boolean;
}

/**
 * A ticket search of 票券與訂單: a code's start, an order number, a phone number's last digits
 * (digits only), or a customer name's start.
 */
export interface TicketSearch {
  readonly kind: "code" | "order" | "phone" | "name";
  readonly term: string;
}

export interface TicketSearchPage {
  /** In code order. */
  readonly tickets: TicketRecord[];
  /**
   * The code to continue after, when there may be more: the last ticket returned, or, where a
   * scan stopped at its bound (LevelDB), the last one it looked at.
   */
  readonly next: string | undefined;
}

export interface ConsoleData {
  /**
   * Records `query` accepts that arrived before arrival number `beforeSeq` (all when undefined),
   * newest first: a page is keyed by the last number it showed, so records arriving meanwhile
   * never shift the pages after it.
   */
  findRedemptions(
    query: RedemptionQuery,
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<SequencedPage>;
  countRedemptions(query: RedemptionQuery): Promise<number>;
  getRedemption(id: string): Promise<RedemptionRecord | undefined>;

  /** Uploads refused whole, newest first, before the one with id `beforeId` (all when undefined). */
  refusedUploads(
    query: RefusedUploadQuery,
    beforeId: string | undefined,
    limit: number,
  ): Promise<RefusedUploadPage>;
  countRefusedUploads(query: RefusedUploadQuery): Promise<number>;
  getRefusedUpload(id: string): Promise<RefusedUpload | undefined>;
  /** Marks the exception or refused upload `id` resolved, unless it already is: whether it was not. */
  resolve(id: string, resolution: Resolution): Promise<boolean>;
  getResolution(id: string): Promise<Resolution | undefined>;

  /**
   * Tickets `search` finds that belong to one of `storeIds` (any store when undefined), in code
   * order after `afterCode`.
   */
  searchTickets(
    search: TicketSearch,
    storeIds: readonly string[] | undefined,
    afterCode: string | undefined,
    limit: number,
  ): Promise<TicketSearchPage>;
  /** The records an import of `document` would touch, as held now: what a preview plans against. */
  heldFor(document: ImportDocument): Promise<CurrentRecords>;

  /**
   * Gives a clerk a new PIN hash under a new `updatedAt`; the clerk after, or undefined when the
   * store has no such clerk. An import naming the clerk later sets the file's PIN again.
   */
  setClerkPin(id: string, pinHash: string): Promise<ClerkRecord | undefined>;
  /**
   * Disables a clerk (kept apart from the clerk's record, so an import of the same clerk does not
   * enable it again) or enables it; whether that changed anything.
   */
  setClerkDisabled(id: string, disabled: boolean): Promise<boolean>;

  /** The names given to devices in the console, by device id. */
  deviceNames(): Promise<Map<string, string>>;
  setDeviceName(deviceId: string, name: string): Promise<void>;
  /**
   * Moves every token of a device to another store: its next request is scoped to that store (and
   * refused as `scope_mismatch` until the kiosk's own configuration names it too). How many tokens.
   */
  moveDevice(deviceId: string, storeId: string): Promise<number>;
}
