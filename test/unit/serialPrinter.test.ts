/** The serial printer on serialport's MockBinding: exact bytes, reopening on demand, a stalled printer. */
import { randomUUID } from "node:crypto";
import type { BindingInterface } from "@serialport/bindings-cpp";
import test from "ava";
import { SerialPortMock } from "serialport";
import { silentLogger } from "../../device/logger.js";
import { PrinterError } from "../../device/ports/printer.js";
import { SerialPrinter } from "../../drivers/printer/serialPrinter.js";
import { type FakeDeviceState, FakeEscPosDevice } from "../helpers/fakeEscPosDevice.js";
import { contractJobs, printerContract } from "../helpers/printerContract.js";

/** `@serialport/binding-mock`, through serialport's typed re-export. */
const MockBinding = SerialPortMock.binding;
type MockPortBinding = Awaited<ReturnType<typeof MockBinding.open>>;

/**
 * MockBinding, keeping every port it opens, with a fake printer behind each that answers DLE EOT
 * (`device.state` sets its answers) and keeps the job bytes apart from the queries.
 */
function recordingBinding(): {
  binding: BindingInterface;
  ports: MockPortBinding[];
  devices: FakeEscPosDevice[];
  stallDrain: { on: boolean };
  state: { value: FakeDeviceState };
} {
  const ports: MockPortBinding[] = [];
  const devices: FakeEscPosDevice[] = [];
  const stallDrain = { on: false };
  const state = { value: "ready" as FakeDeviceState };
  const binding: BindingInterface = {
    list: () => MockBinding.list(),
    open: async (options) => {
      const port = await MockBinding.open(options);
      const device = new FakeEscPosDevice();
      const write = port.write.bind(port);
      port.write = async (buffer) => {
        await write(buffer);
        device.state = state.value;
        device.feed(buffer, (bytes) => port.emitData(bytes));
      };
      if (stallDrain.on) port.drain = () => new Promise<void>(() => {});
      ports.push(port);
      devices.push(device);
      return port;
    },
  };
  return { binding, ports, devices, stallDrain, state };
}

/** MockBinding's registry is per process: every test gets its own device path. */
const uniquePath = (): string => `/dev/ttyPRN-${randomUUID()}`;

printerContract("serial printer (MockBinding)", async () => {
  const path = uniquePath();
  MockBinding.createPort(path, { record: true });
  const { binding, devices } = recordingBinding();
  const printer = new SerialPrinter({ path, baudRate: 9600, binding, logger: silentLogger });
  return {
    printer,
    received: async () => Buffer.concat(devices.map((device) => device.received())),
    close: () => printer.stop(),
  };
});

test("an absent port: start resolves as disconnected, print fails retryably, then reopens when it appears", async (t) => {
  const path = uniquePath();
  const { binding, ports, devices } = recordingBinding();
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
  t.deepEqual(devices[0]?.received(), job.slip.bytes);
  t.is(ports[0]?.openOptions.baudRate, 115_200);
});

test("a printer that takes no data times out, is closed, and the next job reopens it", async (t) => {
  const path = uniquePath();
  MockBinding.createPort(path, { record: true });
  const { binding, ports, devices, stallDrain } = recordingBinding();
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
  t.deepEqual(devices[1]?.received(), second.slip.bytes);
});

test("each job goes out after the printer said ready: DLE EOT 1 and 4 first, then the slip", async (t) => {
  const path = uniquePath();
  MockBinding.createPort(path, { record: true });
  const { binding, ports, devices } = recordingBinding();
  const printer = new SerialPrinter({ path, baudRate: 115_200, binding, logger: silentLogger });
  t.teardown(() => printer.stop());
  const [job] = contractJobs();
  await printer.print(job);
  const recording = ports[0]?.recording ?? Buffer.alloc(0);
  t.deepEqual(recording.subarray(0, 6), Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x04]));
  t.deepEqual(recording.subarray(6), job.slip.bytes);
  t.deepEqual(devices[0]?.queries, [1, 4]);
});

for (const [state, code] of [
  ["paper_out", "paper_out"],
  ["cover_open", "cover_open"],
  ["offline", "offline"],
  ["silent", "timeout"],
] as const) {
  test(`a printer that answers ${state}: nothing is sent, the job fails retryably as ${code}`, async (t) => {
    const path = uniquePath();
    MockBinding.createPort(path, { record: true });
    const rig = recordingBinding();
    rig.state.value = state;
    const printer = new SerialPrinter({
      path,
      baudRate: 115_200,
      binding: rig.binding,
      statusTimeoutMs: 300,
      logger: silentLogger,
    });
    t.teardown(() => printer.stop());
    const startedAt = Date.now();
    const error = await t.throwsAsync(printer.print(contractJobs()[0]), { instanceOf: PrinterError });
    t.is(error?.code, code);
    t.true(error?.retryable);
    t.is(printer.state(), state === "silent" ? "offline" : state);
    t.deepEqual(rig.devices[0]?.received(), Buffer.alloc(0), "no job byte sent");
    t.true(Date.now() - startedAt < 5000, "a silent printer is a timeout, not a hang");
    t.is(await printer.checkState(), state === "silent" ? "offline" : state);
  });
}

test("statusTimeoutMs 0 never asks: the job goes straight out", async (t) => {
  const path = uniquePath();
  MockBinding.createPort(path, { record: true });
  const rig = recordingBinding();
  rig.state.value = "silent";
  const printer = new SerialPrinter({
    path,
    baudRate: 115_200,
    binding: rig.binding,
    statusTimeoutMs: 0,
    logger: silentLogger,
  });
  t.teardown(() => printer.stop());
  const [job] = contractJobs();
  await printer.print(job);
  t.deepEqual(rig.ports[0]?.recording, job.slip.bytes);
  t.is(await printer.checkState(), "ready");
});
