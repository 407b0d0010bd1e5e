/** The usb-lp printer with a plain file standing in for /dev/usb/lp0. */

import { access, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { silentLogger } from "../../device/logger.js";
import { PrinterError } from "../../device/ports/printer.js";
import { UsbLpPrinter } from "../../drivers/printer/usbLpPrinter.js";
import { tempDir } from "../helpers/fixtures.js";
import { contractJobs, printerContract } from "../helpers/printerContract.js";

printerContract("usb-lp printer", async () => {
  const dir = await tempDir("printer-lp-");
  const device = join(dir.path, "lp0");
  await writeFile(device, "");
  const printer = new UsbLpPrinter({ path: device, logger: silentLogger });
  return { printer, received: () => readFile(device), close: dir.remove };
});

test("an unplugged printer (no device node) is a retryable disconnect, and no file appears", async (t) => {
  const dir = await tempDir("printer-lp-");
  t.teardown(dir.remove);
  const device = join(dir.path, "lp0");
  const printer = new UsbLpPrinter({ path: device, logger: silentLogger });
  await printer.start();
  t.is(printer.state(), "disconnected");
  const error = await t.throwsAsync(printer.print(contractJobs()[0]), { instanceOf: PrinterError });
  t.is(error?.code, "disconnected");
  t.true(error?.retryable);
  await t.throwsAsync(access(device), { code: "ENOENT" });

  await writeFile(device, "");
  const [job] = contractJobs();
  await printer.print(job);
  t.is(printer.state(), "ready");
  t.deepEqual(await readFile(device), job.slip.bytes);
});

test("checkState: only presence (no reads on usb-lp): unplugged is disconnected, replugged is ready", async (t) => {
  const dir = await tempDir("printer-lp-");
  t.teardown(dir.remove);
  const device = join(dir.path, "lp0");
  await writeFile(device, "");
  const printer = new UsbLpPrinter({ path: device, logger: silentLogger });
  await printer.start();
  t.is(await printer.checkState(), "ready");
  await rm(device);
  t.is(await printer.checkState(), "disconnected");
  await writeFile(device, "");
  t.is(await printer.checkState(), "ready");
});
