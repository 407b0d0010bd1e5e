/**
 * The cursor of a store's ticket feed (`GET /v1/tickets`, docs/protocol.md): opaque to the kiosk,
 * `<rev>.<ms>` here: the rev of the last change the page held and that change's time. Revs and
 * times rise together (each change's time is strictly after the one before, centralStore.ts and
 * pgLedgerStore.ts), so in one history no change at or below a cursor's rev is newer than its time.
 *
 * A central restored from an older backup (docs/central.md "Backups and restore") breaks that for
 * the kiosks' cursors: its last rev may be below a cursor (the changes after the backup are gone),
 * or its new changes take revs at or below a cursor, with times after it. Either way a kiosk asking
 * for the changes after its cursor would never get them; the feed starts again from the beginning
 * for it instead (ledger.ts `ticketsPage`), which every kiosk already handles as a full download.
 * Cursors of servers before this one are a bare `<rev>`: only the first check applies to them.
 */
import type { FeedPosition } from "./store/ledgerStore.js";

export interface FeedCursor {
  readonly rev: number;
  /** The time of the change at `rev`, ms since the epoch; undefined for a bare rev. */
  readonly atMs: number | undefined;
  /** As the kiosk sent it, to give back unchanged on a page with nothing new. */
  readonly text: string;
}

export const feedCursorPattern = /^(\d{1,15})(?:\.(\d{1,15}))?$/;

/** A cursor from a page's `since`; undefined when it is not one. */
export function parseFeedCursor(text: string): FeedCursor | undefined {
  const match = feedCursorPattern.exec(text);
  if (match === null) return undefined;
  return { rev: Number(match[1]), atMs: match[2] === undefined ? undefined : Number(match[2]), text };
}

/** The cursor after a page whose last change is `rev`, made at `updatedAt`. */
export function formatFeedCursor(rev: number, updatedAt: string): string {
  return `${rev}.${Date.parse(updatedAt)}`;
}

/** Why a cursor is not of this store's history; undefined when it is. */
export function staleCursor(
  cursor: FeedCursor,
  position: FeedPosition,
): "past_head" | "newer_change_below" | undefined {
  if (cursor.rev > position.headRev) return "past_head";
  if (cursor.atMs === undefined || position.changedAt === undefined) return undefined;
  return Date.parse(position.changedAt) > cursor.atMs ? "newer_change_below" : undefined;
}
