/**
 * 例外清單 printed (issue 11 item 8), from a real journal on disk: a conflict whose parties name
 * one kiosk twice is listed with each device once, on screen and on paper; the slip reads back
 * from its ESC/POS bytes, at 58 and 80 mm, in Big5 and as raster images.
 */

import test, { type ExecutionContext } from "ava";
import { parseConfig } from "../../device/config.js";
import { exceptionsPage } from "../../device/journalViews.js";
import { silentLogger } from "../../device/logger.js";
import type { PrintJob } from "../../device/ports/printer.js";
import type { ConflictParty } from "../../device/ports/wire.js";
import { SlipPrinting } from "../../device/slipPrinting.js";
import { EscposSlipQueue } from "../../drivers/printer/slipQueue.js";
import { readEscPos } from "../helpers/escposReader.js";
import { makeRedemption, makeTicket } from "../helpers/fixtures.js";
import { openTempJournal } from "../helpers/tempJournal.js";

const party = (deviceId: string, minute: number): ConflictParty => ({
  id: `00000000-0000-4000-8000-00000000000${minute}`,
  deviceId,
  quantity: 1,
  redeemedAt: `2026-11-27T05:0${minute}:00Z`,
  offline: true,
});

async function journalWithExceptions(t: ExecutionContext) {
  const { journal } = await openTempJournal(t);
  const ticket = makeTicket({ code: "QK7R-2M9X-TB4A" });
  const conflict = makeRedemption({ seq: journal.nextSeq(), ticketCode: ticket.code, quantity: 2 });
  const rejected = makeRedemption({ seq: journal.nextSeq(), ticketCode: "ZZ9Y-8X7W-QX7C" });
  for (const redemption of [conflict, rejected]) {
    await journal.recordIntent(redemption, { productName: "深層按摩 60 分鐘券", orderNumber: "#100231" });
    await journal.decide(redemption.id, { kind: "offline_redeemed" });
  }
  await journal.applyResults([
    {
      id: conflict.id,
      status: "conflict",
      conflictWith: [party("kiosk-01", 1), party("kiosk-01", 2), party("kiosk-02", 3)],
    },
    { id: rejected.id, status: "rejected", reason: "expired" },
  ]);
  return journal;
}

test("a conflict names each device that used the units first once (issue 11 item 8)", async (t) => {
  const journal = await journalWithExceptions(t);
  const page = await exceptionsPage({ journal, clerks: journal.clerkStore }, { page: 0, pageSize: 10 });
  const conflict = page.rows.find((row) => row.sync === "conflict");
  t.deepEqual(conflict?.conflictWith, ["kiosk-01", "kiosk-02"]);
});

for (const paperWidthMm of [58, 80] as const) {
  test(`the exceptions list prints, each exception with its detail (${paperWidthMm} mm)`, async (t) => {
    const journal = await journalWithExceptions(t);
    const queued: PrintJob[] = [];
    const printing = (encoding: "big5" | "raster") => {
      const config = parseConfig({
        device: { id: "kiosk-03", storeId: "store-a", storeName: "台北信義店" },
        central: { url: "http://127.0.0.1:1", token: "t" },
        printer: { kind: "tcp", host: "127.0.0.1", paperWidthMm, encoding },
      });
      return new SlipPrinting({
        config,
        queue: new EscposSlipQueue({ enqueue: async (job) => void queued.push(job) }, config.printer),
        journal,
        tickets: journal.ticketCache,
        clerks: journal.clerkStore,
        logger: silentLogger,
        now: () => new Date("2026-11-28T01:00:00Z"),
      });
    };
    const page = await exceptionsPage({ journal, clerks: journal.clerkStore }, { page: 0, pageSize: 100 });
    t.is(await printing("big5").printExceptions(page.rows, page.hasMore, "王小明"), "queued");
    t.is(queued[0]?.id, `exceptions-${Date.parse("2026-11-28T01:00:00Z")}`);
    const lines = readEscPos(queued[0]?.slip.bytes ?? Buffer.alloc(0)).lines.map((line) =>
      line.text.trimEnd(),
    );
    t.true(lines.some((line) => line.includes("例外清單 Exceptions")));
    t.true(lines.some((line) => line.startsWith("筆數 Count") && line.endsWith("2")));
    t.true(lines.some((line) => line.startsWith("店員 Clerk") && line.endsWith("王小明")));
    t.true(lines.some((line) => line.startsWith("狀態 State") && line.endsWith("衝突 Conflict")));
    t.true(lines.includes("kiosk-01, kiosk-02"), "each device once");
    t.true(lines.some((line) => line.startsWith("原因 Reason") && line.endsWith("expired")));
    t.true(lines.some((line) => line.startsWith("票券 Code") && line.endsWith("**********TB4A")));
    t.false(
      lines.some((line) => line.includes("QK7R")),
      "never a whole code",
    );

    t.is(await printing("raster").printExceptions(page.rows, page.hasMore, "王小明"), "queued");
    const raster = readEscPos(queued[1]?.slip.bytes ?? Buffer.alloc(0));
    t.deepEqual(raster.lines, [], "raster: no text, only images");
    t.true(raster.commands.some((c) => c.subarray(0, 3).toString("hex") === "1d7630"));
    t.is(queued[1]?.slip.text, queued[0]?.slip.text, "the same layout in both encodings");
  });
}

test("no printer: nothing is queued, and the supervisor is told", async (t) => {
  const journal = await journalWithExceptions(t);
  const slips = new SlipPrinting({
    config: parseConfig({
      device: { id: "kiosk-03", storeId: "store-a" },
      central: { url: "http://127.0.0.1:1", token: "t" },
      printer: { kind: "none" },
    }),
    queue: { enqueue: async () => t.fail("queued") },
    journal,
    tickets: journal.ticketCache,
    clerks: journal.clerkStore,
    logger: silentLogger,
  });
  t.is(await slips.printExceptions([], false, undefined), "no_printer");
});
