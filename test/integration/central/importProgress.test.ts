/**
 * Issue 19: `ticket-kiosk central import` of a large file says how far it has come. The real CLI
 * process with stderr on a pipe (not a terminal) imports 100,000 generated CSV rows; its stderr
 * carries JSON progress lines, the tickets written growing as each batch of them is written, and
 * the summary on stdout is as before.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { ticketCode } from "../../../bench/catalogue.js";
import { exampleCatalogue } from "../../helpers/cliCentral.js";
import { runCli } from "../../helpers/cliProcess.js";
import { tempDir } from "../../helpers/fixtures.js";

const rows = 100_000;
const header =
  "orderNumber,createdAt,customerName,customerPhone,code,productName,variantName,totalUnits,redeemedUnits,validFrom,validUntil,status,storeIds";

function csvRow(index: number): string {
  return `#${500_000 + index},2026-11-01T10:00:00+08:00,陳怡君,0912345678,${ticketCode(index)},手沖咖啡兌換券,,3,0,,,active,store-a`;
}

test("an import of 100k rows prints JSON progress lines on a stderr that is not a terminal, tickets written growing at each tenth, ending at the totals", async (t) => {
  t.timeout(180_000);
  const dir = await tempDir("tk-import-");
  t.teardown(() => dir.remove());
  const data = join(dir.path, "central");
  // The example catalogue brings the stores the rows name.
  t.is((await runCli(["central", "import", "--data", data, exampleCatalogue])).code, 0);
  const file = join(dir.path, "big.csv");
  await writeFile(file, `${[header, ...Array.from({ length: rows }, (_, i) => csvRow(i))].join("\n")}\n`);

  const imported = await runCli(["central", "import", "--data", data, file]);
  t.is(imported.code, 0, imported.stderr);
  const progress = imported.logs.filter((line) => line.event === "import_progress");
  t.true(progress.length >= 2, `progress lines: ${progress.length}`);
  for (const line of progress) {
    t.is(line.rowsTotal, rows);
    t.is(typeof line.ratePerS, "number");
    t.true(line.etaS === null || typeof line.etaS === "number");
  }
  const reads = progress.map((line) => Number(line.rowsRead));
  t.deepEqual(
    reads,
    [...reads].sort((a, b) => a - b),
    "rows read only grow",
  );
  const written = progress
    .filter((line) => line.ticketsTotal !== null)
    .map((line) => Number(line.ticketsWritten));
  t.deepEqual(
    written.slice(1, -1),
    Array.from({ length: 9 }, (_, tenth) => (tenth + 1) * (rows / 10)),
    `tickets written grow batch by batch, a line at each tenth: ${written.join(",")}`,
  );
  t.like(progress.at(-1), { rowsRead: rows, ticketsWritten: rows, ticketsTotal: rows, etaS: 0 });
  t.true(
    progress.some((line) => line.rowsRead === rows && line.ticketsTotal === null),
    "the end of reading is its own line",
  );
  t.true(imported.stdout.includes(`tickets ${rows} new`), "the summary as before");
  t.false(imported.stdout.includes("import_progress"), "stdout keeps the summary alone");
});
