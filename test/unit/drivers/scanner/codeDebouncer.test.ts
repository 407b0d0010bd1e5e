import test from "ava";
import { silentLogger } from "../../../../device/logger.js";
import { CodeDebouncer } from "../../../../drivers/scanner/codeDebouncer.js";
import { DebouncedScanner } from "../../../../drivers/scanner/debouncedScanner.js";
import { FakeScanner } from "../../../../drivers/scanner/fakeScanner.js";
import { KeyboardScanner } from "../../../../drivers/scanner/keyboardScanner.js";
import { ScanRecorder } from "../../../helpers/scanRecorder.js";

/** A debouncer on a hand-moved clock. */
function debouncer(windowMs = 1500) {
  const clock = { ms: 0 };
  return { clock, debouncer: new CodeDebouncer({ windowMs, now: () => clock.ms }) };
}

test("the same code within the window is one scan; after the window it is a new one", (t) => {
  const { clock, debouncer: d } = debouncer();
  t.true(d.accept("TK-1"));
  clock.ms = 1499;
  t.false(d.accept("TK-1"));
  clock.ms = 1499 + 1500;
  t.true(d.accept("TK-1"));
});

test("the window slides: a code held under the scanner stays one scan", (t) => {
  const { clock, debouncer: d } = debouncer();
  const accepted = [];
  for (clock.ms = 0; clock.ms <= 10_000; clock.ms += 500) accepted.push(d.accept("HELD-1"));
  t.is(accepted.filter(Boolean).length, 1);
});

test("two codes alternating in view are two scans, not a stream", (t) => {
  const { clock, debouncer: d } = debouncer();
  const accepted: string[] = [];
  for (clock.ms = 0; clock.ms <= 3000; clock.ms += 100) {
    const code = clock.ms % 200 === 0 ? "A-0001" : "B-0002";
    if (d.accept(code)) accepted.push(code);
  }
  t.deepEqual(accepted, ["A-0001", "B-0002"]);
});

/** A debounced fake scanner, with the terminal's keys beside it, as `createScanner` builds it. */
function debounced(manualEntry: boolean) {
  const { clock, debouncer: d } = debouncer();
  const fake = new FakeScanner();
  const keys = new KeyboardScanner({ logger: silentLogger });
  const scanner = new DebouncedScanner(fake, { debouncer: d, keys, manualEntry, logger: silentLogger });
  return { clock, fake, scanner, recorder: new ScanRecorder(scanner) };
}

/** Types `text` and Enter into the terminal, slowly (a person) or as a burst (a wedge scanner). */
function type(scanner: DebouncedScanner, text: string, gapMs: number, startMs: number): void {
  for (const [i, ch] of [...text, "\r"].entries()) scanner.feedKey(ch, startMs + i * gapMs);
}

test("DebouncedScanner drops repeated scans, passes manual entries and forwards state", async (t) => {
  const { clock, fake, scanner, recorder } = debounced(true);
  await scanner.start();
  fake.emitCode("TK-1");
  clock.ms = 200;
  fake.emitCode("TK-1");
  fake.emitCode("TK-1", "manual");
  fake.emitCode("TK-2");
  clock.ms = 5000;
  fake.emitCode("TK-1");
  fake.setState("disconnected");
  t.deepEqual(recorder.scans, [
    { code: "TK-1", source: "scan" },
    { code: "TK-1", source: "manual" },
    { code: "TK-2", source: "scan" },
    { code: "TK-1", source: "scan" },
  ]);
  t.deepEqual(recorder.states, ["connected", "disconnected"]);
  t.is(scanner.state(), "disconnected");
  t.is(scanner.kind, "serial");

  await scanner.stop();
  await fake.start();
  t.true(fake.emitCode("TK-3"));
  t.is(recorder.scans.length, 4, "a stopped wrapper no longer listens to its scanner");
});

test("beside a serial scanner, keys typed into the terminal still scan (a burst) or key in (slowly)", async (t) => {
  const { scanner, recorder } = debounced(true);
  await scanner.start();
  type(scanner, "WEDGE-0001", 5, 0);
  type(scanner, "HAND-0002", 150, 10_000);
  t.deepEqual(recorder.scans, [
    { code: "WEDGE-0001", source: "scan" },
    { code: "HAND-0002", source: "manual" },
  ]);
});

test("self-service (manual entry off): only scans count, a code typed by hand is dropped", async (t) => {
  const { fake, scanner, recorder } = debounced(false);
  await scanner.start();
  type(scanner, "HAND-0001", 150, 0);
  fake.emitCode("TYPED-0002", "manual");
  type(scanner, "WEDGE-0003", 5, 10_000);
  fake.emitCode("SERIAL-0004");
  t.deepEqual(recorder.codes, ["WEDGE-0003", "SERIAL-0004"]);
});
