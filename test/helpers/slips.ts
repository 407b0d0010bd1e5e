/** Slip data for printer tests: one fixed slip (the golden files depend on every field). */
import type { Reprint, SlipData } from "../../drivers/printer/printer.js";

/** A reprint the next morning by a supervisor. */
export const sampleReprint: Reprint = { at: new Date("2026-11-28T02:10:00Z"), by: "林主管" };

export const sampleSlip: SlipData = {
  storeName: "台北信義店",
  redeemedAt: new Date("2026-11-27T08:05:09Z"),
  timeZone: "Asia/Taipei",
  productName: "深層按摩 60 分鐘券",
  variantName: "平日 Weekday",
  maskedCode: "**********TB4A",
  orderNumber: "#100231",
  quantity: 1,
  remaining: 4,
  totalUnits: 5,
  redemptionId: "0b8e1c2a-5f3d-4c6e-9a7b-1d2e3f4a5b6c",
  deviceId: "kiosk-01",
  clerkName: "王小明",
  offline: false,
};
