import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import test from "ava";
import { type Config, parseConfig } from "../../../../device/config.js";
import { silentLogger } from "../../../../device/logger.js";
import { createScanner } from "../../../../drivers/scanner/createScanner.js";
import { KeyboardScanner } from "../../../../drivers/scanner/keyboardScanner.js";
import { NoneScanner } from "../../../../drivers/scanner/noneScanner.js";
import { SerialScanner } from "../../../../drivers/scanner/serialScanner.js";
import { MockSerialDevice } from "../../../helpers/mockSerialDevice.js";
import { ScanRecorder } from "../../../helpers/scanRecorder.js";

function scannerConfig(scanner: Record<string, unknown>): Config["scanner"] {
  return parseConfig({
    device: { id: "d1", storeId: "s1" },
    central: { url: "https://c", token: "t" },
    scanner,
  }).scanner;
}

test("kind none: no scanner, codes are keyed in", async (t) => {
  const scanner = await createScanner(scannerConfig({ kind: "none" }), { logger: silentLogger });
  t.true(scanner.inner instanceof NoneScanner);
  await scanner.start();
  t.is(scanner.state(), "none");
  t.is(scanner.kind, "none");
  const recorder = new ScanRecorder(scanner);
  for (const [i, ch] of [..."TYPED-0001\r"].entries()) scanner.feedKey(ch, i * 150);
  t.deepEqual(recorder.scans, [{ code: "TYPED-0001", source: "manual" }], "codes are keyed in");
  await scanner.stop();
});

test("kind serial: reads the configured port, debounced", async (t) => {
  const device = new MockSerialDevice(`/dev/mock-${randomUUID()}`);
  device.plug();
  const config = scannerConfig({ kind: "serial", path: device.path, baudRate: 19200, terminator: "crlf" });
  const scanner = await createScanner(config, { logger: silentLogger, binding: device });
  t.teardown(() => scanner.stop());
  t.true(scanner.inner instanceof SerialScanner);
  const recorder = new ScanRecorder(scanner);
  await scanner.start();
  t.is(scanner.state(), "connected");
  t.is(device.opens[0]?.baudRate, 19200);
  device.emitData("SAME-0001\r\nSAME-0001\r\nOTHER-0002\r\n");
  await recorder.waitForScans(2);
  t.deepEqual(recorder.codes, ["SAME-0001", "OTHER-0002"]);
  for (const [i, ch] of [..."HAND-0003\r"].entries()) scanner.feedKey(ch, 10_000 + i * 150);
  t.deepEqual(recorder.scans.at(-1), { code: "HAND-0003", source: "manual" }, "keys typed beside it key in");
});

test("scanner.stripPrefixes, stripSuffixes and debounceMs reach the serial scanner and the keys", async (t) => {
  const device = new MockSerialDevice(`/dev/mock-${randomUUID()}`);
  device.plug();
  const config = scannerConfig({
    kind: "serial",
    path: device.path,
    stripPrefixes: ["]Q1", "]C0"],
    stripSuffixes: ["#A1"],
    debounceMs: 0,
  });
  const scanner = await createScanner(config, { logger: silentLogger, binding: device });
  t.teardown(() => scanner.stop());
  const recorder = new ScanRecorder(scanner);
  await scanner.start();
  device.emitData("]Q1TK-0001#A1\r]Q1TK-0001#A1\r]C0TK-0002\r");
  await recorder.waitForScans(3);
  for (const [i, ch] of [..."]Q1TK-0003\r"].entries()) scanner.feedKey(ch, i * 5);
  t.deepEqual(
    recorder.codes,
    ["TK-0001", "TK-0001", "TK-0002", "TK-0003"],
    "debounceMs 0: every read counts",
  );
});

test("manualEntry false (self-service): codes typed by hand are dropped, wedge scans kept", async (t) => {
  const scanner = await createScanner(scannerConfig({ kind: "keyboard" }), {
    logger: silentLogger,
    manualEntry: false,
  });
  t.teardown(() => scanner.stop());
  const recorder = new ScanRecorder(scanner);
  await scanner.start();
  for (const [i, ch] of [..."HAND-0001\r"].entries()) scanner.feedKey(ch, i * 150);
  for (const [i, ch] of [..."WEDGE-0002\r"].entries()) scanner.feedKey(ch, 10_000 + i * 5);
  t.deepEqual(recorder.scans, [{ code: "WEDGE-0002", source: "scan" }]);
});

test("kind keyboard: keys from the UI and lines from the input both scan, debounced", async (t) => {
  const input = new PassThrough();
  const clock = { ms: 0 };
  const scanner = await createScanner(scannerConfig({ kind: "keyboard" }), {
    logger: silentLogger,
    input,
    now: () => clock.ms,
  });
  t.teardown(() => scanner.stop());
  t.true(scanner.inner instanceof KeyboardScanner);
  const recorder = new ScanRecorder(scanner);
  await scanner.start();
  t.is(scanner.state(), "connected");
  input.write("LINE-0001\nLINE-0001\n");
  await recorder.waitForScans(1);
  for (const [i, ch] of [..."KEYS-0002\r"].entries()) scanner.feedKey(ch, i * 10);
  t.deepEqual(recorder.scans, [
    { code: "LINE-0001", source: "scan" },
    { code: "KEYS-0002", source: "scan" },
  ]);
});
