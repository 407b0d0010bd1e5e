/**
 * Every slip the kiosk prints fits its paper (issue 11: the 日結 header took 38 columns of a
 * 32-column slip). For each kind — redemption, offline, reprint, 日結, 例外清單, print test — at
 * 58 and 80 mm, with ordinary and with crowded data:
 * - Big5: the printed bytes are read back the way the printer reads them, and every text line's
 *   width on paper (a Big5 character two columns, double-width letters twice) is at most the
 *   paper's columns; so is every line of the plain-text rendering.
 * - raster: the slip is one paper-wide image per laid-out line, so the raster slip prints the lines
 *   measured above, each in a band no wider than the paper.
 */
import test from "ava";
import type { SlipEncoding } from "../../device/ports/deviceKinds.js";
import type { DayReportSlip, ExceptionsSlip } from "../../device/ports/slipQueue.js";
import { printedWidth } from "../../drivers/printer/big5Text.js";
import { layoutDayReport } from "../../drivers/printer/dayReportLayout.js";
import { encodeLayout } from "../../drivers/printer/escposSlip.js";
import { layoutExceptions } from "../../drivers/printer/exceptionsLayout.js";
import { columnsByPaper, layoutSlip, type SlipLine } from "../../drivers/printer/slipLayout.js";
import { layoutTestSlip } from "../../drivers/printer/testSlipLayout.js";
import { readEscPos } from "../helpers/escposReader.js";
import { crowdedSlip, sampleReprint, sampleSlip } from "../helpers/slips.js";

const papers = [58, 80] as const;
const encodings: readonly SlipEncoding[] = ["big5", "raster"];
const printedAt = new Date("2026-11-28T13:00:00Z");
const longName = "台北信義旗艦店暨頂級水療會館（週年慶特別營業）Flagship Spa";

const dayReport: DayReportSlip = {
  storeName: "台北信義店",
  deviceId: "kiosk-01",
  clerkName: "王小明",
  day: "2026-11-28",
  printedAt,
  timeZone: "Asia/Taipei",
  byProduct: [
    { productName: "深層按摩 60 分鐘券", units: 7, redemptions: 5 },
    { productName: "瑜珈五堂課程卡", units: 2, redemptions: 2 },
  ],
  totalUnits: 9,
  redemptions: 7,
  voids: 1,
  reprints: 2,
  offlineEntries: 3,
  conflicts: 1,
  pendingSync: 4,
};

const crowdedDayReport: DayReportSlip = {
  ...dayReport,
  storeName: longName,
  deviceId: crowdedSlip.deviceId,
  clerkName: crowdedSlip.clerkName,
  byProduct: [{ productName: crowdedSlip.productName, units: 1_234_567, redemptions: 98_765 }],
  totalUnits: 1_234_567,
  redemptions: 98_765,
  voids: 12_345,
  reprints: 12_345,
  offlineEntries: 123_456,
  conflicts: 12_345,
  pendingSync: 1_234_567,
};

const exceptions: ExceptionsSlip = {
  storeName: "台北信義店",
  deviceId: "kiosk-01",
  clerkName: "王小明",
  printedAt,
  timeZone: "Asia/Taipei",
  more: false,
  exceptions: [
    {
      redeemedAt: new Date("2026-11-28T05:00:00Z"),
      productName: "深層按摩 60 分鐘券",
      orderNumber: "#100231",
      maskedCode: "**********TB4A",
      quantity: 2,
      state: "conflict",
      usedFirstBy: ["kiosk-02", "kiosk-03"],
      reason: undefined,
    },
    {
      redeemedAt: new Date("2026-11-28T04:00:00Z"),
      productName: "瑜珈五堂課程卡",
      orderNumber: "#100232",
      maskedCode: "**********QX7C",
      quantity: 1,
      state: "rejected",
      usedFirstBy: [],
      reason: "expired",
    },
  ],
};

const crowdedExceptions: ExceptionsSlip = {
  ...exceptions,
  storeName: longName,
  deviceId: crowdedSlip.deviceId,
  clerkName: crowdedSlip.clerkName,
  more: true,
  exceptions: [
    {
      redeemedAt: printedAt,
      productName: crowdedSlip.productName,
      orderNumber: crowdedSlip.orderNumber,
      maskedCode: `${"*".repeat(60)}TB4A`,
      quantity: 1000,
      state: "conflict",
      usedFirstBy: Array.from({ length: 8 }, (_, i) => `kiosk-taipei-xinyi-counter-${i}`),
      reason: undefined,
    },
    {
      redeemedAt: printedAt,
      productName: undefined,
      orderNumber: undefined,
      maskedCode: "**TB4A",
      quantity: 1,
      state: "rejected",
      usedFirstBy: [],
      reason: "quantity_exceeds_remaining_after_a_very_long_explanation_from_the_server",
    },
  ],
};

/** Every slip kind, laid out for a paper's columns. */
const kinds: Readonly<Record<string, (columns: number, encoding: SlipEncoding) => SlipLine[]>> = {
  redemption: (columns) => layoutSlip(sampleSlip, columns),
  "redemption, offline": (columns) => layoutSlip({ ...sampleSlip, offline: true }, columns),
  reprint: (columns) => layoutSlip({ ...sampleSlip, reprint: sampleReprint }, columns),
  "redemption, crowded": (columns) => layoutSlip(crowdedSlip, columns),
  日結: (columns) => layoutDayReport(dayReport, columns),
  "日結, crowded": (columns) => layoutDayReport(crowdedDayReport, columns),
  "日結, no redemptions": (columns) =>
    layoutDayReport({ ...dayReport, byProduct: [], totalUnits: 0, redemptions: 0 }, columns),
  例外清單: (columns) => layoutExceptions(exceptions, columns),
  "例外清單, crowded": (columns) => layoutExceptions(crowdedExceptions, columns),
  "例外清單, empty": (columns) => layoutExceptions({ ...exceptions, exceptions: [] }, columns),
  "print test": (columns, encoding) =>
    layoutTestSlip(
      {
        printer: "serial /dev/serial/by-id/usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0",
        encoding,
        paperWidthMm: columns === 32 ? 58 : 80,
        deviceId: crowdedSlip.deviceId,
        at: printedAt,
        timeZone: "Asia/Taipei",
      },
      columns,
    ),
};

for (const paperWidthMm of papers) {
  const columns = columnsByPaper[paperWidthMm];
  for (const encoding of encodings) {
    test(`every printed line of every slip kind fits ${paperWidthMm} mm paper (${encoding})`, (t) => {
      for (const [kind, layout] of Object.entries(kinds)) {
        const lines = layout(columns, encoding);
        const encoded = encodeLayout(lines, { paperWidthMm, encoding });
        const reading = readEscPos(encoded.bytes);
        if (encoding === "big5") {
          t.true(reading.lines.length > 0, kind);
          for (const line of reading.lines) {
            t.true(
              line.columns <= columns,
              `${kind}: ${JSON.stringify(line.text)} takes ${line.columns} of ${columns} columns`,
            );
          }
        } else {
          const images = reading.commands.filter((c) => c.subarray(0, 3).toString("hex") === "1d7630");
          t.is(images.length, lines.length, `${kind}: one image a laid-out line`);
          const paperBytes = (columns * 12) / 8;
          t.true(
            images.every((image) => (image[4] ?? 0) + (image[5] ?? 0) * 256 === paperBytes),
            `${kind}: every band is the paper's width`,
          );
          for (const line of lines) {
            if (line.kind !== "text") continue;
            const width = printedWidth(line.text) * (line.size === "large" ? 2 : 1);
            t.true(width <= columns, `${kind}: ${JSON.stringify(line.text)} takes ${width} of ${columns}`);
          }
        }
        for (const text of encoded.text.trimEnd().split("\n")) {
          t.true(printedWidth(text) <= columns, `${kind}: ${JSON.stringify(text)} is wider than ${columns}`);
        }
      }
    });
  }
}
