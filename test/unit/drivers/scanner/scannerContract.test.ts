/**
 * The Scanner port's contract, run against every adapter: lifecycle calls are idempotent, a
 * code given to the device comes out as one `scan`, and a stopped scanner emits nothing. With
 * `TICKET_KIOSK_TEST_SCANNER` set (test/helpers/realDevices.ts), the lifecycle also on that scanner.
 */
import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import test from "ava";
import { silentLogger } from "../../../../device/logger.js";
import type { Scanner, ScannerState } from "../../../../device/ports/scanner.js";
import { FakeScanner } from "../../../../drivers/scanner/fakeScanner.js";
import { KeyboardScanner } from "../../../../drivers/scanner/keyboardScanner.js";
import { SerialScanner } from "../../../../drivers/scanner/serialScanner.js";
import { MockSerialDevice } from "../../../helpers/mockSerialDevice.js";
import { baudRateOf, realDeviceTest } from "../../../helpers/realDevices.js";
import { ScanRecorder, sleep } from "../../../helpers/scanRecorder.js";

interface Subject {
  readonly scanner: Scanner;
  readonly running: ScannerState;
  /** Makes the device send `code`, as its hardware would. */
  send(code: string): unknown;
}

const subjects: Record<string, () => Subject> = {
  fake: () => {
    const scanner = new FakeScanner();
    return { scanner, running: "connected", send: (code) => void scanner.emitCode(code) };
  },
  serial: () => {
    const device = new MockSerialDevice(`/dev/mock-${randomUUID()}`);
    device.plug();
    const scanner = new SerialScanner(
      { path: device.path, baudRate: 9600, terminator: "cr", interByteTimeoutMs: 20 },
      { logger: silentLogger, binding: device },
    );
    // A stopped scanner has closed its port: the device has nowhere to send to.
    const send = (code: string) => device.isOpen && device.emitData(`${code}\r`);
    return { scanner, running: "connected", send };
  },
  "keyboard (input)": () => {
    const input = new PassThrough();
    const scanner = new KeyboardScanner({ logger: silentLogger, input });
    return { scanner, running: "connected", send: (code) => input.write(`${code}\n`) };
  },
};

for (const [name, make] of Object.entries(subjects)) {
  test(`${name}: start and stop are idempotent; one code sent is one scan; stopped, it is silent`, async (t) => {
    const { scanner, running, send } = make();
    const recorder = new ScanRecorder(scanner);
    await scanner.start();
    await scanner.start();
    t.is(scanner.state(), running);
    send("CONTRACT-0001");
    await recorder.waitForScans(1);
    t.deepEqual(recorder.scans, [{ code: "CONTRACT-0001", source: "scan" }]);
    await scanner.stop();
    await scanner.stop();
    send("AFTER-STOP-0002");
    await sleep(20);
    t.is(recorder.scans.length, 1);
  });
}

realDeviceTest(
  "TICKET_KIOSK_TEST_SCANNER",
  "real serial scanner: start and stop are idempotent, connected while started, the port let go at stop",
  async (t, path) => {
    // Twice: the second start connects only if the first stop let the port (and its lock) go.
    for (const round of ["first", "second"]) {
      const scanner = new SerialScanner(
        {
          path,
          baudRate: baudRateOf("TICKET_KIOSK_TEST_SCANNER_BAUD"),
          terminator: "cr",
          interByteTimeoutMs: 50,
        },
        { logger: silentLogger },
      );
      const recorder = new ScanRecorder(scanner);
      t.teardown(() => scanner.stop());
      await scanner.start();
      await scanner.start();
      await recorder.waitForState("connected", 1, 5000);
      await scanner.stop();
      await scanner.stop();
      t.is(scanner.state(), "disconnected", `${round} round`);
      t.deepEqual(recorder.states, ["connected", "disconnected"], `${round} round`);
    }
  },
);
