/**
 * Downloads other stores' ticket codes, hashed (`GET /v1/other-store-codes`, device/ports/wire.ts), after
 * the kiosk's own tickets in each sync pass, so that offline a ticket of another store is still
 * refused as 限 XX 店使用 rather than 查無此票券 (issue 11). A central service older than the
 * endpoint answers 404: the kiosk then does without, as before.
 */

import type { CentralApi } from "../device/ports/centralApi.js";
import { maxTicketsPage } from "../device/ports/wire.js";
import type { TicketCache } from "../device/ticketCache.js";

/** The server's largest page (`maxTicketsPage`): a code is 40 bytes of JSON, a page about 200 kB. */
const pageSize = maxTicketsPage;

/** Pages from the stored cursor until the server has no more; resolves with the codes stored. */
export async function downloadOtherStoreCodes(
  central: Pick<CentralApi, "fetchOtherStoreCodes">,
  cache: Pick<TicketCache, "otherStoreCursor" | "storeOtherStoreCodes">,
  timeoutMs: number,
): Promise<number> {
  let stored = 0;
  for (;;) {
    const page = await central.fetchOtherStoreCodes(cache.otherStoreCursor(), pageSize, timeoutMs);
    if (page === undefined) return stored;
    await cache.storeOtherStoreCodes(page);
    stored += page.codes.length;
    if (!page.hasMore) return stored;
  }
}
