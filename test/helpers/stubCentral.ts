import type { CentralApi } from "../../device/ports/centralApi.js";

/** A central service that answers every call with nothing to report, unless told otherwise. */
export function stubCentral(overrides: Partial<CentralApi> = {}): CentralApi {
  return {
    health: async () => {},
    uploadRedemptions: async () => [],
    voidRedemption: async (id) => ({ id, status: "cancelled" }),
    fetchTickets: async () => ({ tickets: [], cursor: "0", hasMore: false }),
    fetchTicket: async () => undefined,
    fetchTicketStores: async () => undefined,
    fetchOtherStoreCodes: async () => undefined,
    fetchClerks: async () => [],
    fetchRedemptions: async () => [],
    heartbeat: async () => {},
    fetchOwnRedemptions: async () => ({ redemptions: [], cursor: "0", hasMore: false }),
    ...overrides,
  };
}
