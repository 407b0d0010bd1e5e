import test from "ava";
import { BatchedLines } from "../../device/batchedLines.js";

function recordingSink(): { writes: string[]; write(text: string): void } {
  const writes: string[] = [];
  return { writes, write: (text) => writes.push(text) };
}

test("the lines of one turn of the event loop reach the sink in one write, in order", async (t) => {
  const sink = recordingSink();
  const lines = new BatchedLines(sink);
  lines.write("a\n");
  lines.write("b\n");
  t.deepEqual(sink.writes, [], "nothing before the turn ends");
  await new Promise((resolve) => setImmediate(resolve));
  lines.write("c\n");
  await new Promise((resolve) => setImmediate(resolve));
  t.deepEqual(sink.writes, ["a\nb\n", "c\n"]);
});

test("flush writes what waits at once, and a later turn writes nothing more", async (t) => {
  const sink = recordingSink();
  const lines = new BatchedLines(sink);
  lines.write("last words\n");
  lines.flush();
  t.deepEqual(sink.writes, ["last words\n"]);
  await new Promise((resolve) => setImmediate(resolve));
  t.deepEqual(sink.writes, ["last words\n"]);
});
