/** The import's progress as a terminal shows it: one bar redrawn in place, lines at most every second. */
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
