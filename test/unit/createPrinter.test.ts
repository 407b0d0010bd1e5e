import test from "ava";
import { parseConfig } from "../../device/config.js";
import { silentLogger } from "../../device/logger.js";
import { createPrinter } from "../../drivers/printer/createPrinter.js";
import { FilePrinter } from "../../drivers/printer/filePrinter.js";
import { NonePrinter } from "../../drivers/printer/nonePrinter.js";
import { SerialPrinter } from "../../drivers/printer/serialPrinter.js";
import { TcpPrinter } from "../../drivers/printer/tcpPrinter.js";
import { UsbLpPrinter } from "../../drivers/printer/usbLpPrinter.js";
import { fakeTcpPrinter } from "../helpers/fakeEscPosDevice.js";
import { contractJobs, receivedBytes } from "../helpers/printerContract.js";

const printerConfig = (printer: Record<string, unknown>) =>
  parseConfig({
    device: { id: "kiosk-01", storeId: "store-a" },
    central: { url: "http://127.0.0.1:1", token: "t" },
    printer,
  }).printer;

test("picks the adapter by kind", async (t) => {
  const deps = { logger: silentLogger };
  const cases = [
    [{ kind: "file", dir: "/tmp/slips" }, FilePrinter],
    [{ kind: "tcp", host: "192.0.2.10" }, TcpPrinter],
    [{ kind: "serial", path: "/dev/ttyUSB0" }, SerialPrinter],
    [{ kind: "usb-lp", path: "/dev/usb/lp0" }, UsbLpPrinter],
    [{ kind: "none" }, NonePrinter],
  ] as const;
  for (const [config, adapter] of cases) {
    const printer = await createPrinter(printerConfig(config), deps);
    t.true(printer instanceof adapter, config.kind);
    t.is(printer.kind, config.kind);
  }
});

test("the none printer accepts jobs and drops them, and says none", async (t) => {
  const printer = await createPrinter(printerConfig({}), { logger: silentLogger });
  await printer.start();
  await printer.print(contractJobs()[0]);
  t.is(printer.state(), "none");
  await printer.stop();
});

test("printer.statusTimeoutMs reaches the adapter: 0 sends to a printer that never answers", async (t) => {
  const fake = await fakeTcpPrinter();
  t.teardown(fake.close);
  fake.device.state = "silent";
  const printer = await createPrinter(
    printerConfig({ kind: "tcp", host: "127.0.0.1", port: fake.port, statusTimeoutMs: 0 }),
    {
      logger: silentLogger,
    },
  );
  const [job] = contractJobs();
  await printer.print(job);
  t.deepEqual(fake.device.queries, []);
  t.deepEqual(
    await receivedBytes({ received: async () => fake.device.received() }, job.slip.bytes.length),
    job.slip.bytes,
  );
});
