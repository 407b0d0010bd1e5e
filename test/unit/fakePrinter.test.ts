import test from "ava";
import { PrinterError } from "../../device/ports/printer.js";
import { FakePrinter } from "../../drivers/printer/fakePrinter.js";
import { contractJobs, printerContract } from "../helpers/printerContract.js";

printerContract("fake printer", async () => {
  const printer = new FakePrinter();
  return {
    printer,
    received: async () => Buffer.concat(printer.jobs.map((job) => job.slip.bytes)),
    close: async () => {},
  };
});

test("failNext fails that many prints with the given error, then prints again", async (t) => {
  const printer = new FakePrinter();
  const [job] = contractJobs();
  printer.failNext(2, new PrinterError("out of paper", "paper_out", true));
  for (let i = 0; i < 2; i += 1) {
    const error = await t.throwsAsync(printer.print(job), { instanceOf: PrinterError });
    t.is(error?.code, "paper_out");
    t.is(printer.state(), "paper_out");
  }
  t.deepEqual(printer.jobs, []);
  await printer.print(job);
  t.is(printer.state(), "ready");
  t.deepEqual(printer.jobs, [job]);
});

test("failNext defaults to a retryable disconnect", async (t) => {
  const printer = new FakePrinter();
  printer.failNext(1);
  const error = await t.throwsAsync(printer.print(contractJobs()[0]), { instanceOf: PrinterError });
  t.is(error?.code, "disconnected");
  t.true(error?.retryable);
  t.is(printer.state(), "disconnected");
});

test("whenPrinted resolves once that many jobs are printed", async (t) => {
  const printer = new FakePrinter();
  const [first, second] = contractJobs();
  const both = printer.whenPrinted(2);
  await printer.print(first);
  let settled = false;
  void both.then(() => {
    settled = true;
  });
  await Promise.resolve();
  t.false(settled);
  await printer.print(second);
  t.deepEqual(await both, [first, second]);
  t.deepEqual(await printer.whenPrinted(1), [first, second]);
});
