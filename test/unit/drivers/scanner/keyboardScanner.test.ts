import { PassThrough } from "node:stream";
import test from "ava";
import { silentLogger } from "../../../../device/logger.js";
import { KeyboardScanner } from "../../../../drivers/scanner/keyboardScanner.js";
import { ScanRecorder } from "../../../helpers/scanRecorder.js";

/** Types `text` then Enter, one key every `gapMs` from `startMs`. */
function type(scanner: KeyboardScanner, text: string, gapMs: number, startMs = 0): number {
  let at = startMs;
  for (const ch of text) {
    scanner.feedKey(ch, at);
    at += gapMs;
  }
  scanner.feedKey("\r", at);
  return at;
}

function keyboard(options: { input?: PassThrough; maxCodeBytes?: number } = {}) {
  const scanner = new KeyboardScanner({ logger: silentLogger, ...options });
  return { scanner, recorder: new ScanRecorder(scanner) };
}

test("a fast burst ending in Enter is a scan; the same keys typed slowly are manual", (t) => {
  const { scanner, recorder } = keyboard();
  const end = type(scanner, "TK-20240601", 8);
  type(scanner, "TK-20240601", 180, end + 5000);
  t.deepEqual(recorder.scans, [
    { code: "TK-20240601", source: "scan" },
    { code: "TK-20240601", source: "manual" },
  ]);
  t.is(scanner.state(), "connected");
});

test("the burst edges: 35 ms gaps and 4 keys are a scan; 36 ms or 3 keys are not", (t) => {
  const { scanner, recorder } = keyboard();
  type(scanner, "ABCD", 35, 0);
  type(scanner, "EFGH", 36, 1000);
  type(scanner, "IJK", 5, 2000);
  t.deepEqual(
    recorder.scans.map((s) => s.source),
    ["scan", "manual", "manual"],
  );
});

test("one pause inside a burst makes it manual; a slow Enter too", (t) => {
  const { scanner, recorder } = keyboard();
  for (const [i, ch] of [..."ABCDEFGH"].entries()) scanner.feedKey(ch, i === 4 ? 400 + i * 5 : i * 5);
  scanner.feedKey("enter", 500);
  for (const [i, ch] of [..."IJKLMNOP"].entries()) scanner.feedKey(ch, 1000 + i * 5);
  scanner.feedKey("return", 1200);
  t.deepEqual(recorder.scans, [
    { code: "ABCDEFGH", source: "manual" },
    { code: "IJKLMNOP", source: "manual" },
  ]);
});

test("keys are cleaned as serial bytes are: controls out, key names ignored, cap applied", (t) => {
  const { scanner, recorder } = keyboard({ maxCodeBytes: 10 });
  for (const key of ["\x07", "A", "B", "left", "\t", "1", "2"]) scanner.feedKey(key, 0);
  scanner.feedKey("enter", 1);
  type(scanner, "ABCDEFGHIJK", 1, 10);
  type(scanner, "NEXT-1", 1, 100);
  scanner.feedKey("enter", 200);
  t.deepEqual(recorder.codes, ["AB12", "NEXT-1"]);
});

test("Backspace erases the last key and marks the code as typed by hand; clear drops it all", (t) => {
  const { scanner, recorder } = keyboard();
  const press = (keys: string[], startMs: number) => {
    for (const [i, key] of keys.entries()) scanner.feedKey(key, startMs + i);
  };
  press(["A", "B", "C", "X", "\b", "D", "enter"], 0);
  press(["Z", "Z"], 100);
  scanner.clear();
  press(["O", "L", "D", "-", "0", "0", "9", "backspace", "\x7f", "0", "1", "enter"], 200);
  t.deepEqual(recorder.scans, [
    { code: "ABCD", source: "manual" },
    { code: "OLD-001", source: "manual" },
  ]);
});

test("headless: each line of the input is a scan, with CR, LF or CRLF, the last without one", async (t) => {
  const input = new PassThrough();
  const { scanner, recorder } = keyboard({ input });
  await scanner.start();
  input.write("LINE-0001\r\nLINE-0002\nLI");
  input.write("NE-0003\r\0\x07\r\n");
  input.end("LINE-0004");
  await recorder.waitForScans(4);
  t.deepEqual(recorder.scans, [
    { code: "LINE-0001", source: "scan" },
    { code: "LINE-0002", source: "scan" },
    { code: "LINE-0003", source: "scan" },
    { code: "LINE-0004", source: "scan" },
  ]);
});

test("headless: after stop the input is no longer read", async (t) => {
  const input = new PassThrough();
  const { scanner, recorder } = keyboard({ input });
  await scanner.start();
  await scanner.start();
  input.write("ONCE-0001\n");
  await recorder.waitForScans(1);
  await scanner.stop();
  input.write("LATE-0002\n");
  await new Promise((resolve) => setImmediate(resolve));
  t.deepEqual(recorder.codes, ["ONCE-0001"]);
  t.is(input.listenerCount("data"), 0);
});

test("Esc abandons a half-typed code; the scan that follows is whole and a scan", (t) => {
  const { scanner, recorder } = keyboard();
  for (const ch of "12") scanner.feedKey(ch, 0);
  scanner.feedKey("escape", 3000);
  type(scanner, "TK-0001", 5, 9000);
  t.deepEqual(recorder.scans, [{ code: "TK-0001", source: "scan" }]);
});
