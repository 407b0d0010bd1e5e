/**
 * The JSON line an error becomes (device/logger.ts): name, message, code, stack and the `cause`
 * chain survive, and a chain that points back at itself ends at the bound.
 */
import { PassThrough } from "node:stream";
import test from "ava";
import { JsonLogger, maxCauseDepth } from "../../device/logger.js";

function logOnce(fields: Record<string, unknown>): Record<string, unknown> {
  const sink = new PassThrough();
  new JsonLogger(sink, "test", "debug", () => new Date("2026-12-03T00:00:00.000Z")).error("fault", fields);
  const lines = String(sink.read()).trimEnd().split("\n");
  if (lines.length !== 1 || lines[0] === undefined) throw new Error(`expected one line, got ${lines.length}`);
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

test("an error field keeps its name, message, code, stack and cause chain", (t) => {
  const origin = Object.assign(new Error("ENOENT: no such file or directory, open '/dev/ttyACM0'"), {
    code: "ENOENT",
  });
  const wrapped = new Error("scanner link lost", { cause: origin });
  wrapped.name = "ScannerError";

  const line = logOnce({ error: wrapped, port: "/dev/ttyACM0" });

  t.is(line.port, "/dev/ttyACM0");
  t.deepEqual(line.error, {
    name: "ScannerError",
    message: "scanner link lost",
    stack: wrapped.stack,
    cause: {
      name: "Error",
      message: "ENOENT: no such file or directory, open '/dev/ttyACM0'",
      code: "ENOENT",
      stack: origin.stack,
    },
  });
});

test("a cause that is not an error is kept as a value", (t) => {
  const error = new Error("central rejected the batch", { cause: { status: 503 } });
  const line = logOnce({ error });
  t.deepEqual((line.error as Record<string, unknown>).cause, { status: 503 });
});

test("a cause chain that loops ends after the bounded depth", (t) => {
  const error = new Error("loop");
  error.cause = error;

  let link = logOnce({ error }).error as Record<string, unknown>;
  for (let depth = 1; depth < maxCauseDepth; depth++) {
    t.is(link.message, "loop");
    link = link.cause as Record<string, unknown>;
  }
  t.is(link.message, "loop");
  t.is(link.cause, "(cause chain cut)");
});
