/**
 * The JSON line an error becomes (device/logger.ts): name, message, code, stack and the `cause`
 * chain survive, and a chain that points back at itself ends at the bound. And `linesPerTurn`, the
 * central service's sink: one write a turn, nothing lost at exit.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { PassThrough } from "node:stream";
import test from "ava";
import { JsonLogger, linesPerTurn, maxCauseDepth } from "../../device/logger.js";

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

test("linesPerTurn: the lines of one turn reach the sink in one write, in order; the next turn's in another", async (t) => {
  const writes: string[] = [];
  const logger = new JsonLogger(linesPerTurn({ write: (text: string) => writes.push(text) }), "test");
  logger.info("first");
  logger.warn("second");
  logger.info("third");
  t.deepEqual(writes, [], "nothing written within the turn");
  await new Promise((resolve) => setImmediate(resolve));
  t.is(writes.length, 1);
  t.deepEqual(
    (writes[0] ?? "")
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { msg: string }).msg),
    ["first", "second", "third"],
  );
  logger.info("fourth");
  await new Promise((resolve) => setImmediate(resolve));
  t.is(writes.length, 2);
  t.is((JSON.parse(writes[1] ?? "") as { msg: string }).msg, "fourth");
});

test("linesPerTurn: lines still held when the process exits are written", async (t) => {
  const logger = new URL("../../device/logger.js", import.meta.url).href;
  const script = `
    const { JsonLogger, linesPerTurn } = await import(${JSON.stringify(logger)});
    new JsonLogger(linesPerTurn(process.stderr), "test").error("last words");
    process.exit(3);
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const [code] = (await once(child, "exit")) as [number];
  t.is(code, 3);
  t.like(JSON.parse(stderr.trimEnd()), { level: "error", msg: "last words" });
});
