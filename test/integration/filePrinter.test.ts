/** The file printer in a real temporary folder. */

import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { silentLogger } from "../../device/logger.js";
import { PrinterError } from "../../device/ports/printer.js";
import { encodeSlip } from "../../drivers/printer/escposSlip.js";
import { FilePrinter } from "../../drivers/printer/filePrinter.js";
import { tempDir } from "../helpers/fixtures.js";
import { contractJobs, printerContract } from "../helpers/printerContract.js";
import { sampleSlip } from "../helpers/slips.js";

printerContract("file printer", async () => {
  const dir = await tempDir("printer-file-");
  const printer = new FilePrinter({ dir: dir.path, logger: silentLogger });
  const read = (id: string) => readFile(join(dir.path, `${id}.bin`)).catch(() => Buffer.alloc(0));
  return {
    printer,
    received: async () => Buffer.concat(await Promise.all(contractJobs().map((job) => read(job.id)))),
    close: dir.remove,
  };
});

test("writes <id>.bin, <id>.txt and the <id>.svg picture into a folder it creates, no temporary files", async (t) => {
  const dir = await tempDir("printer-file-");
  t.teardown(dir.remove);
  const slips = join(dir.path, "nested", "slips");
  const printer = new FilePrinter({ dir: slips, logger: silentLogger });
  await printer.start();
  const job = { id: "slip-1", slip: encodeSlip(sampleSlip, { paperWidthMm: 58, picture: true }) };
  await printer.print(job);
  t.deepEqual((await readdir(slips)).sort(), [`${job.id}.bin`, `${job.id}.svg`, `${job.id}.txt`]);
  t.deepEqual(await readFile(join(slips, `${job.id}.bin`)), job.slip.bytes);
  t.is(await readFile(join(slips, `${job.id}.txt`), "utf8"), job.slip.text);
  const svg = await readFile(join(slips, `${job.id}.svg`), "utf8");
  if (job.slip.svg === undefined) return t.fail("no picture drawn");
  t.is(svg, job.slip.svg);
  t.regex(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="416"/);
  t.true(svg.includes(">台</text>") && svg.includes("Noto Sans CJK TC"), "Chinese text in a CJK font");
});

test("a job drawn without a picture leaves no .svg", async (t) => {
  const dir = await tempDir("printer-file-");
  t.teardown(dir.remove);
  const printer = new FilePrinter({ dir: dir.path, logger: silentLogger });
  await printer.start();
  const [job] = contractJobs();
  await printer.print(job);
  t.deepEqual((await readdir(dir.path)).sort(), [`${job.id}.bin`, `${job.id}.txt`]);
});

test("a job id that could leave the folder is refused, finally, and nothing is written", async (t) => {
  const dir = await tempDir("printer-file-");
  t.teardown(dir.remove);
  const printer = new FilePrinter({ dir: join(dir.path, "slips"), logger: silentLogger });
  await printer.start();
  for (const id of ["../escape", ".hidden", "a/b", ""]) {
    const error = await t.throwsAsync(printer.print({ ...contractJobs()[0], id }), {
      instanceOf: PrinterError,
    });
    t.false(error?.retryable, id);
  }
  t.deepEqual(await readdir(dir.path), ["slips"]);
  t.deepEqual(await readdir(join(dir.path, "slips")), []);
});

test("a folder that cannot be created: start reports it in the state, print fails finally", async (t) => {
  const dir = await tempDir("printer-file-");
  t.teardown(dir.remove);
  await writeFile(join(dir.path, "plain-file"), "");
  // A folder path that runs through a regular file: mkdir fails with ENOTDIR.
  const printer = new FilePrinter({ dir: join(dir.path, "plain-file", "slips"), logger: silentLogger });
  await printer.start();
  t.is(printer.state(), "offline");
  const error = await t.throwsAsync(printer.print(contractJobs()[0]), { instanceOf: PrinterError });
  t.is(error?.code, "io");
  t.false(error?.retryable);
});

test("checkState: a folder taken away is disconnected, and ready once it is back", async (t) => {
  const dir = await tempDir("printer-file-");
  t.teardown(dir.remove);
  const slips = join(dir.path, "slips");
  const printer = new FilePrinter({ dir: slips, logger: silentLogger });
  await printer.start();
  await rm(slips, { recursive: true });
  t.is(await printer.checkState(), "disconnected");
  await mkdir(slips);
  t.is(await printer.checkState(), "ready");
});
