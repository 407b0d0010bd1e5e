/** A catalogue of one store (`store-a`) and one order of five-unit tickets with the given codes. */
import type { ImportDocument } from "../../central/importDocument.js";

export function storeCatalogue(codes: readonly string[]): ImportDocument {
  return {
    stores: [{ id: "store-a", name: "台北信義店" }],
    clerks: [],
    orders: [
      {
        orderNumber: "#1",
        createdAt: "2026-11-20T10:02:00+08:00",
        customer: { name: "陳怡君", phone: "0912345678" },
        tickets: codes.map((code) => ({
          code,
          productName: "深層按摩 60 分鐘券",
          totalUnits: 5,
          redeemedUnits: 0,
          status: "active" as const,
        })),
      },
    ],
  };
}
