/** The serial printer on serialport's MockBinding: exact bytes, reopening on demand, a stalled printer. */
import { randomUUID } from "node:crypto";
import type { BindingInterface } from "@serialport/bindings-cpp";
import test from "ava";
import { SerialPortMock } from "serialport";
import { silentLogger } from "../../device/logger.js";
import { PrinterError } from "../../drivers/printer/printer.js";
import { SerialPrinter } from "../../drivers/printer/serialPrinter.js";
import { contractJobs, printerContract } from "../helpers/printerContract.js";

/** `@serialport/binding-mock`, through serialport's typed re-export. */
const MockBinding = SerialPortMock.binding;
type MockPortBinding = Awaited<ReturnType<typeof MockBinding.open>>;

/** MockBinding, keeping every port it opens so the test can read what was written. */
function recordingBinding(): {
  binding: BindingInterface;
  ports: MockPortBinding[];
  stallDrain: { on: boolean };
} {
  const ports: MockPortBinding[] = [];
  const stallDrain = { on: false };
  const binding: BindingInterface = {
    list: () => MockBinding.list(),
    open: async (options) => {
      const port = await MockBinding.open(options);
      if (stallDrain.on) port.drain = () => new Promise<void>(() => {});
      ports.push(port);
      return port;
    },
  };
  return { binding, ports, stallDrain };
}

/** MockBinding's registry is per process: every test gets its own device path. */
const uniquePath = (): string => `/dev/ttyPRN-${randomUUID()}`;

printerContract("serial printer (MockBinding)", async () => {
  const path = uniquePath();
  MockBinding.createPort(path, { record: true });
  const { binding, ports } = recordingBinding();
  const printer = new SerialPrinter({ path, baudRate: 9600, binding, logger: silentLogger });
  return {
    printer,
    received: async () => Buffer.concat(ports.map((port) => port.recording)),
    close: () => printer.stop(),
  };
});

test("an absent port: start resolves as disconnected, print fails retryably, then reopens when it appears", async (t) => {
  const path = uniquePath();
  const { binding, ports } = recordingBinding();
  const printer = new SerialPrinter({ path, baudRate: 115_200, binding, logger: silentLogger });
  t.teardown(() => printer.stop());
  await printer.start();
  t.is(printer.state(), "disconnected");

  const [job] = contractJobs();
  const error = await t.throwsAsync(printer.print(job), { instanceOf: PrinterError });
  t.is(error?.code, "disconnected");
  t.true(error?.retryable);

  MockBinding.createPort(path, { record: true });
  await printer.print(job);
  t.is(printer.state(), "ready");
  t.deepEqual(ports[0]?.recording, job.slip.bytes);
  t.is(ports[0]?.openOptions.baudRate, 115_200);
});

test("a printer that takes no data times out, is closed, and the next job reopens it", async (t) => {
  const path = uniquePath();
  MockBinding.createPort(path, { record: true });
  const { binding, ports, stallDrain } = recordingBinding();
  const printer = new SerialPrinter({
    path,
    baudRate: 115_200,
    binding,
    timeoutMs: 50,
    logger: silentLogger,
  });
  t.teardown(() => printer.stop());
  stallDrain.on = true;
  const [first, second] = contractJobs();
  const error = await t.throwsAsync(printer.print(first), { instanceOf: PrinterError });
  t.is(error?.code, "timeout");
  t.true(error?.retryable);
  t.is(printer.state(), "offline");

  stallDrain.on = false;
  await printer.print(second);
  t.is(printer.state(), "ready");
  t.is(ports.length, 2, "a fresh port for the retry");
  t.deepEqual(ports[1]?.recording, second.slip.bytes);
});
