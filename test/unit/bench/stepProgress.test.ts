/** The step lines of `npm run bench` and `npm run crash`: plain on a pipe, with a bar on a terminal. */
import { PassThrough } from "node:stream";
import test from "ava";
import { StepProgress } from "../../../bench/stepProgress.js";

test("a line per step: [index/total] on a pipe, a bar of the steps done before it on a terminal", (t) => {
  const pipe = new PassThrough();
  const piped = new StepProgress(200, pipe);
  piped.step(12, "cycle, kill at before-slip-queued");
  t.is(String(pipe.read()), "[12/200] cycle, kill at before-slip-queued…\n");

  const terminal = Object.assign(new PassThrough(), { isTTY: true });
  const drawn = new StepProgress(8, terminal);
  drawn.step(1, "catalogue of 2,000 tickets");
  drawn.step(5, "scan to decision");
  t.is(
    String(terminal.read()),
    "[----------] 1/8 catalogue of 2,000 tickets…\n[#####-----] 5/8 scan to decision…\n",
  );
});
