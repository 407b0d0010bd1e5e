/** The import's progress: on a terminal one bar redrawn in place, at most every second; on a pipe a line per tenth. */
import { PassThrough } from "node:stream";
import test from "ava";
import { ImportProgressReport } from "../../../central/importProgress.js";

test("on a terminal: a bar redrawn with \\r, at most once a second and at the end of each phase, then a newline", (t) => {
  const terminal = Object.assign(new PassThrough(), { isTTY: true });
  let nowMs = 0;
  const report = new ImportProgressReport(terminal, () => nowMs);
  const rows = (rowsRead: number) => ({ rowsRead, rowsTotal: 100, ticketsWritten: 0, ticketsTotal: null });
  report.listener(rows(0));
  nowMs = 500;
  report.listener(rows(25)); // within the second: not drawn
  nowMs = 1000;
  report.listener(rows(50));
  nowMs = 1100;
  report.listener(rows(100)); // reading ends: drawn at once
  nowMs = 2000;
  report.listener({ rowsRead: 100, rowsTotal: 100, ticketsWritten: 100, ticketsTotal: 100 });
  report.finish();
  t.is(
    String(terminal.read()),
    "\r[--------------------] 0% rows 0/100 tickets 0/100 0/s ETA -" +
      "\r[#####---------------] 25% rows 50/100 tickets 0/100 50/s ETA 3s" +
      "\r[##########----------] 50% rows 100/100 tickets 0/100 91/s ETA 2s" +
      "\r[####################] 100% rows 100/100 tickets 100/100 100/s ETA 0s\n",
  );
});

test("on a pipe: a JSON line at the start and at each tenth of each phase, whatever the time", (t) => {
  const pipe = new PassThrough();
  const report = new ImportProgressReport(pipe, () => 0);
  for (let rowsRead = 0; rowsRead <= 20; rowsRead += 1)
    report.listener({ rowsRead, rowsTotal: 20, ticketsWritten: 0, ticketsTotal: null });
  for (let ticketsWritten = 0; ticketsWritten <= 20; ticketsWritten += 5)
    report.listener({ rowsRead: 20, rowsTotal: 20, ticketsWritten, ticketsTotal: 20 });
  const lines = String(pipe.read())
    .trim()
    .split("\n")
    .map(
      (line) => JSON.parse(line) as { rowsRead: number; ticketsWritten: number; ticketsTotal: number | null },
    );
  t.deepEqual(
    lines.filter((line) => line.ticketsTotal === null).map((line) => line.rowsRead),
    [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20],
  );
  t.deepEqual(
    lines.filter((line) => line.ticketsTotal !== null).map((line) => line.ticketsWritten),
    [0, 5, 10, 15, 20],
  );
});
