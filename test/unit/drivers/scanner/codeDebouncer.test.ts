import test from "ava";
import { CodeDebouncer } from "../../../../drivers/scanner/codeDebouncer.js";
import { DebouncedScanner } from "../../../../drivers/scanner/debouncedScanner.js";
import { FakeScanner } from "../../../../drivers/scanner/fakeScanner.js";
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

test("DebouncedScanner drops repeated scans, passes manual entries and forwards state", async (t) => {
  const { clock, debouncer: d } = debouncer();
  const fake = new FakeScanner();
  const scanner = new DebouncedScanner(fake, d);
  const recorder = new ScanRecorder(scanner);
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
  t.false(scanner.feedKey("a", 0), "a serial scanner takes no keys");

  await scanner.stop();
  await fake.start();
  t.true(fake.emitCode("TK-3"));
  t.is(recorder.scans.length, 4, "a stopped wrapper no longer listens to its scanner");
});
