import { randomBytes, randomUUID } from "node:crypto";
import test from "ava";
import { silentLogger } from "../../../../device/logger.js";
import { SerialScanner, type SerialScannerOptions } from "../../../../drivers/scanner/serialScanner.js";
import { MockSerialDevice } from "../../../helpers/mockSerialDevice.js";
import { ScanRecorder, sleep, waitUntil } from "../../../helpers/scanRecorder.js";

const fastReconnect = { initialMs: 5, factor: 1.5, maxMs: 40 };

/** A scanner on its own mock device (plugged unless told otherwise), stopped after the test. */
async function rig(
  t: { teardown(fn: () => Promise<void>): void },
  options: Partial<SerialScannerOptions> & { plugged?: boolean } = {},
) {
  const { plugged = true, ...overrides } = options;
  const device = new MockSerialDevice(`/dev/mock-${randomUUID()}`);
  if (plugged) device.plug();
  const scanner = new SerialScanner(
    {
      path: device.path,
      baudRate: 9600,
      terminator: "cr",
      interByteTimeoutMs: 20,
      reconnect: fastReconnect,
      ...overrides,
    },
    { logger: silentLogger, binding: device },
  );
  const recorder = new ScanRecorder(scanner);
  t.teardown(() => scanner.stop());
  await scanner.start();
  return { device, scanner, recorder };
}

test("opens at the configured baud rate and reads CR, LF and CRLF framed codes", async (t) => {
  const { device, scanner, recorder } = await rig(t, { baudRate: 115200, terminator: "crlf" });
  t.is(scanner.state(), "connected");
  t.is(device.opens[0]?.baudRate, 115200);
  device.emitData("AAAA-0001\rBBBB-0002\nCCCC-0003\r\n");
  await recorder.waitForScans(3);
  t.deepEqual(recorder.scans, [
    { code: "AAAA-0001", source: "scan" },
    { code: "BBBB-0002", source: "scan" },
    { code: "CCCC-0003", source: "scan" },
  ]);
  t.like(scanner.framingCounters(), { frames: 3, codes: 3, droppedEmpty: 0 });
});

test("a CRLF split across reads is one terminator", async (t) => {
  const { device, scanner, recorder } = await rig(t, { terminator: "crlf" });
  device.emitData("SPLIT-0001\r");
  await recorder.waitForScans(1);
  device.emitData("\nSPLIT-0002\r");
  await recorder.waitForScans(2);
  device.emitData("\n");
  await sleep(10);
  t.deepEqual(recorder.codes, ["SPLIT-0001", "SPLIT-0002"]);
  t.like(scanner.framingCounters(), { frames: 2, droppedEmpty: 0 });
});

test("one code split over many reads comes out whole", async (t) => {
  const { device, recorder } = await rig(t);
  for (const ch of "TK-20240601-0042\r") {
    device.emitData(ch);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await recorder.waitForScans(1);
  t.deepEqual(recorder.codes, ["TK-20240601-0042"]);
});

test("several codes in one read, with NULs and control bytes around them", async (t) => {
  const { device, recorder } = await rig(t, { terminator: "lf" });
  device.emitData(Buffer.from("\x02ONE-0001\x03\n\0\0TWO-\x070002\r\n\x1bTHREE-0003\x00\r", "latin1"));
  await recorder.waitForScans(3);
  t.deepEqual(recorder.codes, ["ONE-0001", "TWO-0002", "THREE-0003"]);
});

test("an over-long frame is dropped and the next code is still read", async (t) => {
  const { device, scanner, recorder } = await rig(t, { maxCodeBytes: 64 });
  device.emitData(`${"X".repeat(5000)}\rAFTER-0001\r`);
  await recorder.waitForScans(1);
  await sleep(10);
  t.deepEqual(recorder.codes, ["AFTER-0001"]);
  t.like(scanner.framingCounters(), { droppedOverlong: 1, codes: 1 });
});

test("wrong-baud garbage (random 0x80-0xff) never crashes and yields no code", async (t) => {
  const { device, scanner, recorder } = await rig(t);
  for (let i = 0; i < 50; i++) {
    const noise = Buffer.from(randomBytes(1 + (i % 60)).map((b) => 0x80 | b));
    device.emitData(Buffer.concat([noise, Buffer.from(i % 3 === 0 ? "\r" : "")]));
  }
  device.emitData("\rCLEAN-0001\r");
  await recorder.waitForScans(1);
  t.deepEqual(recorder.codes, ["CLEAN-0001"]);
  t.true(scanner.framingCounters().droppedGarbage > 0);
  t.is(scanner.state(), "connected");
});

test("no terminator: inter-byte silence ends each code", async (t) => {
  const { device, recorder } = await rig(t, { terminator: "none", interByteTimeoutMs: 20 });
  device.emitData("SILENT-");
  device.emitData("0001");
  await recorder.waitForScans(1);
  device.emitData("SILENT-0002");
  await recorder.waitForScans(2);
  t.deepEqual(recorder.codes, ["SILENT-0001", "SILENT-0002"]);
});

test("with a terminator, a stale partial frame is dropped instead of gluing onto the next code", async (t) => {
  const { device, scanner, recorder } = await rig(t, { staleFrameMs: 20 });
  device.emitData("HALF-");
  await waitUntil(() => scanner.framingCounters().droppedUnterminated === 1, "the stale frame dropped");
  device.emitData("WHOLE-0002\r");
  await recorder.waitForScans(1);
  t.deepEqual(recorder.codes, ["WHOLE-0002"]);
  t.like(scanner.framingCounters(), { droppedUnterminated: 1 });
});

test("absent at start: start resolves disconnected, retries, and connects when plugged", async (t) => {
  const { device, scanner, recorder } = await rig(t, { plugged: false });
  t.is(scanner.state(), "disconnected");
  await waitUntil(() => device.opens.length >= 3, "two retries");
  t.is(scanner.state(), "disconnected");
  device.plug();
  await recorder.waitForState("connected");
  device.emitData("LATE-0001\r");
  await recorder.waitForScans(1);
  t.deepEqual(recorder.states, ["connected"]);
});

test("unplug: disconnected, the partial frame dropped; replug: connected and scans flow", async (t) => {
  const { device, scanner, recorder } = await rig(t);
  device.emitData("BEFORE-0001\rPARTIAL-");
  await recorder.waitForScans(1);
  device.unplug();
  await recorder.waitForState("disconnected");
  t.is(scanner.state(), "disconnected");
  await sleep(30);
  device.plug();
  await recorder.waitForState("connected", 2);
  device.emitData("TAIL-0002\rAFTER-0003\r");
  await recorder.waitForScans(3);
  // Not "PARTIAL-TAIL-0002": bytes from before the unplug never join bytes from after it.
  t.deepEqual(recorder.codes, ["BEFORE-0001", "TAIL-0002", "AFTER-0003"]);
  t.deepEqual(recorder.states, ["connected", "disconnected", "connected"]);
});

test("reconnect backoff grows by the factor up to the cap", async (t) => {
  const { device } = await rig(t, { plugged: false, reconnect: { initialMs: 10, factor: 2, maxMs: 40 } });
  const times: number[] = [];
  const open = device.open.bind(device);
  device.open = (options) => {
    times.push(performance.now());
    return open(options);
  };
  await waitUntil(() => times.length >= 6, "six attempts");
  const gaps = times.slice(1).map((at, i) => at - (times[i] ?? at));
  // Recorded from the second attempt on: gaps of 20, 40, 40… ms. Timers fire late, never early,
  // so each gap is at least its delay; uncapped, the fourth gap would be 80 ms or more.
  t.true((gaps[0] ?? 0) >= 19 && (gaps[1] ?? 0) >= 39, `gaps ${gaps}`);
  const capped = gaps.slice(2);
  t.true(capped.every((gap) => gap >= 39) && Math.min(...capped) < 80, `gaps ${gaps}`);
});

test("stop closes the port, cancels retries and is idempotent", async (t) => {
  const { device, scanner, recorder } = await rig(t);
  await scanner.stop();
  await scanner.stop();
  t.false(device.isOpen);
  t.is(scanner.state(), "disconnected");
  t.deepEqual(recorder.states, ["connected", "disconnected"]);

  const absent = await rig(t, { plugged: false });
  await absent.scanner.stop();
  const attempts = absent.device.opens.length;
  await sleep(60);
  t.is(absent.device.opens.length, attempts);
});

test("stop during an open in flight: the late port is closed, not adopted", async (t) => {
  const device = new MockSerialDevice(`/dev/mock-${randomUUID()}`);
  device.plug();
  const scanner = new SerialScanner(
    { path: device.path, baudRate: 9600, terminator: "cr", interByteTimeoutMs: 20 },
    { logger: silentLogger, binding: device },
  );
  const starting = scanner.start();
  await scanner.stop();
  await starting;
  await sleep(10);
  t.false(device.isOpen);
  t.is(scanner.state(), "disconnected");
});

test("AIM ids and suffixes are stripped even when split across reads, among noise and blank lines", async (t) => {
  const { device, scanner, recorder } = await rig(t, {
    terminator: "crlf",
    strip: { prefixes: ["]Q1", "]C0"], suffixes: ["/S"] },
  });
  const noise = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x81, 0x00, 0xc3, 0x90, 0x0d]);
  for (const chunk of ["]", "Q", "1TK-0", "001/", "S\r", "\n"]) device.emitData(chunk);
  device.emitData(noise);
  device.emitData("\r\n\r\n]C0TK-0002\r");
  device.emitData("\n]Q1");
  device.emitData("TK-0003\r\n");
  await recorder.waitForScans(3);
  t.deepEqual(recorder.codes, ["TK-0001", "TK-0002", "TK-0003"]);
  t.like(scanner.framingCounters(), { codes: 3, droppedGarbage: 1 });
});

test("lastError says why the scanner is disconnected, and clears once it connects", async (t) => {
  const { device, scanner, recorder } = await rig(t, { plugged: false });
  t.regex(scanner.lastError()?.message ?? "", /ENOENT/);
  device.plug();
  await recorder.waitForState("connected");
  t.is(scanner.lastError(), undefined);
  device.unplug();
  await recorder.waitForState("disconnected");
  t.regex(scanner.lastError()?.message ?? "", /EIO|i\/o/i);
});
