/** Slip data for printer tests: one fixed slip (the golden files depend on every field). */
import type { Reprint, SlipData } from "../../device/ports/printer.js";

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

/** Every field at its longest: a store, product and clerk that wrap, numbers at their widest. */
export const crowdedSlip: SlipData = {
  ...sampleSlip,
  storeName: "台北信義旗艦店暨頂級水療會館（週年慶特別營業）",
  productName: "深層按摩六十分鐘券附贈熱石精油舒壓十五分鐘平日限定雙人方案 Deep Tissue Massage for Two",
  variantName: "雙人方案（含茶點）Couple package with afternoon tea",
  orderNumber: "#2026112700001234567890123456789012345678901234567890",
  deviceId: "kiosk-taipei-xinyi-flagship-second-floor-counter-02",
  clerkName: "歐陽娜娜 Nana Ouyang the Supervisor",
  remaining: 99_999,
  totalUnits: 100_000,
  offline: true,
  reprint: { at: sampleReprint.at, by: "歐陽娜娜 Nana Ouyang the Supervisor on the second floor" },
};
