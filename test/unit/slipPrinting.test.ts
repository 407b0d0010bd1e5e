/**
 * Slips for redemptions, through the queue: what a decision prints, and reprints marked 補印 REPRINT
 * with their own job ids, built from the journal.
 */
import test from "ava";
import { parseConfig } from "../../device/config.js";
import type { Redemption } from "../../device/domain.js";
import type { JournalEntry } from "../../device/journal.js";
import { silentLogger } from "../../device/logger.js";
import type { PrintJob } from "../../device/ports/printer.js";
import type { SlipJob } from "../../device/ports/slipQueue.js";
import type { DecisionResult } from "../../device/redemptionService.js";
import { SlipPrinting } from "../../device/slipPrinting.js";
import { EscposSlipQueue } from "../../drivers/printer/slipQueue.js";
import { readEscPos } from "../helpers/escposReader.js";
import { makeRedemption, makeTicket } from "../helpers/fixtures.js";

const ticket = makeTicket({ totalUnits: 5, redeemedUnits: 1 });
const redemption: Redemption = makeRedemption({ quantity: 2, offline: true, clerkId: "c1" });

function printing(
  options: {
    printer?: Record<string, unknown>;
    entry?: JournalEntry | undefined;
    pendingUnits?: number;
  } = {},
) {
  const config = parseConfig({
    device: { id: "kiosk-01", storeId: "store-a", storeName: "台北信義店" },
    central: { url: "http://127.0.0.1:1", token: "t" },
    printer: options.printer ?? { kind: "file", dir: "/tmp/unused", paperWidthMm: 58 },
  });
  const queued: PrintJob[] = [];
  const models: SlipJob[] = [];
  const printerSide = new EscposSlipQueue({ enqueue: async (job) => void queued.push(job) }, config.printer);
  const reprints: string[] = [];
  const slips = new SlipPrinting({
    config,
    queue: {
      enqueue: async (job) => {
        models.push(job);
        await printerSide.enqueue(job);
      },
    },
    journal: {
      get: async (id) => (options.entry?.redemption.id === id ? options.entry : undefined),
      pendingUnits: () => options.pendingUnits ?? 0,
      recordReprint: async (id) => void reprints.push(id),
      owedSlips: async () => [],
      slipQueued: async () => undefined,
    },
    tickets: { getTicket: async (code) => (code === ticket.code ? ticket : undefined) },
    clerks: {
      clerks: () => [
        { id: "c1", name: "王小明", role: "supervisor", pinVerifier: "", updatedAt: "2026-11-01T00:00:00Z" },
      ],
    },
    logger: silentLogger,
    now: () => new Date("2026-11-28T01:00:00Z"),
  });
  return { slips, queued, models, reprints };
}

const texts = (job: PrintJob | undefined): string[] =>
  job === undefined ? [] : readEscPos(job.slip.bytes).lines.map((line) => line.text);

const decision: DecisionResult = {
  outcome: "ok",
  code: ticket.code,
  quantity: 2,
  ticket,
  remaining: 2,
  redemption,
  offline: true,
};

test("a redemption's slip is queued under the redemption id, with what the decision says", async (t) => {
  const { slips, queued } = printing();
  await slips.print(decision);
  t.is(queued.length, 1);
  t.is(queued[0]?.id, redemption.id);
  const lines = texts(queued[0]);
  t.true(lines.includes("** 離線 OFFLINE **"));
  t.false(lines.some((line) => line.includes("REPRINT")));
  t.true(lines.some((line) => line.startsWith("剩餘/總數") && line.endsWith("2 / 5")));
  t.true(lines.some((line) => line.startsWith("本次核銷") && line.endsWith("2")));
});

test("the core hands the printer side what the slip shows, never bytes; the printer side encodes it", async (t) => {
  const { slips, models, queued } = printing();
  await slips.print(decision);
  t.is(models.length, 1);
  const model = models[0];
  t.is(model?.slip.kind, "redemption");
  if (model?.slip.kind !== "redemption") return;
  t.like(model.slip.data, {
    storeName: "台北信義店",
    quantity: 2,
    remaining: 2,
    totalUnits: 5,
    redemptionId: redemption.id,
    clerkName: "王小明",
    offline: true,
  });
  t.false(model.slip.data.maskedCode.includes(ticket.code), "the model holds the masked code only");
  t.true(Buffer.isBuffer(queued[0]?.slip.bytes), "the print queue gets the encoded bytes");
});

test("decisions without a redemption, and kiosks without a printer, queue nothing", async (t) => {
  const refused = printing();
  await refused.slips.print({ ...decision, outcome: "expired", redemption: undefined });
  t.deepEqual(refused.queued, []);
  const none = printing({ printer: { kind: "none" } });
  await none.slips.print(decision);
  t.deepEqual(none.queued, []);
});

test("printer.encoding raster queues a raster slip", async (t) => {
  const { slips, queued } = printing({ printer: { kind: "file", dir: "/tmp/unused", encoding: "raster" } });
  await slips.print(decision);
  const commands = readEscPos(queued[0]?.slip.bytes ?? Buffer.alloc(0)).commands;
  t.true(commands.some((c) => c.subarray(0, 3).equals(Buffer.from([0x1d, 0x76, 0x30]))));
});

test("only a file printer, which keeps it, gets the slip's picture", async (t) => {
  const file = printing();
  await file.slips.print(decision);
  t.true(file.queued[0]?.slip.svg?.startsWith("<svg"));
  const tcp = printing({ printer: { kind: "tcp", host: "127.0.0.1" } });
  await tcp.slips.print(decision);
  t.is(tcp.queued.length, 1);
  t.is(tcp.queued[0]?.slip.svg, undefined);
});

test("a reprint is a new job marked 補印 REPRINT, id suffixed, units left as the kiosk sees them now", async (t) => {
  const entry: JournalEntry = { redemption, disposition: "redeemed", sync: "pending" };
  const { slips, queued, reprints } = printing({ entry, pendingUnits: 2 });
  t.is(await slips.reprint(redemption.id, "林主管"), "queued");
  t.is(queued[0]?.id, `${redemption.id}-reprint-${Date.parse("2026-11-28T01:00:00Z")}`);
  t.deepEqual(reprints, [redemption.id], "the reprint is recorded for 日結");
  const lines = texts(queued[0]);
  t.true(lines.includes("** 補印 REPRINT **"));
  t.true(lines.includes("** 離線 OFFLINE **"));
  t.true(
    lines.includes(`補印 Reprint${" ".repeat(32 - 12 - 19)}2026-11-28 09:00:00`),
    "when it was reprinted, in the store's zone (issue 11 item 12)",
  );
  t.true(lines.includes(`補印者 By${" ".repeat(32 - 9 - 6)}林主管`), "and by whom");
  t.true(
    lines.some((line) => line.startsWith("剩餘/總數") && line.endsWith("2 / 5")),
    "5 − 1 − 2 pending",
  );
});

test("only redemptions this kiosk made and told someone about can be reprinted", async (t) => {
  t.is(await printing().slips.reprint("nope", undefined), "not_found");
  const abandoned: JournalEntry = { redemption, disposition: "abandoned", sync: "pending" };
  t.is(await printing({ entry: abandoned }).slips.reprint(redemption.id, undefined), "not_redeemed");
  const entry: JournalEntry = { redemption, disposition: "redeemed", sync: "pending" };
  t.is(
    await printing({ entry, printer: { kind: "none" } }).slips.reprint(redemption.id, undefined),
    "no_printer",
  );
});

test("the 日結 slip lists units by product and the day's counts", async (t) => {
  const { slips, queued } = printing();
  const report = {
    day: "2026-11-28",
    byProduct: [{ productName: "深層按摩 60 分鐘券", units: 7, redemptions: 5 }],
    totalUnits: 7,
    redemptions: 5,
    voids: 1,
    reprints: 2,
    offlineEntries: 3,
    conflicts: 1,
    pendingSync: 4,
  };
  t.is(await slips.printDayReport(report, "王小明"), "queued");
  const lines = texts(queued[0]);
  t.true(lines.includes("深層按摩 60 分鐘券"));
  const total = lines.indexOf("合計 Total");
  t.deepEqual(
    lines.slice(total, total + 2),
    ["合計 Total", `${" ".repeat(13)}7${" ".repeat(2 + 15)}5`],
    "units, then redemptions, as on the screen, under 核銷單位 Units and 筆數 Redemptions",
  );
  for (const [label, value] of [
    ["取消核銷 Voids", "1"],
    ["補印 Reprints", "2"],
    ["待同步 Pending sync", "4"],
  ]) {
    t.true(
      lines.some((line) => line.startsWith(label ?? "") && line.endsWith(value ?? "")),
      `${label} ${value}`,
    );
  }
  t.true(lines.some((line) => line.includes("王小明")));
});
