import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { KeyedMutex } from "../../../central/keyedMutex.js";

test("work under one key runs one at a time, in arrival order; other keys do not wait", async (t) => {
  const mutex = new KeyedMutex();
  const events: string[] = [];
  const job = (key: string, name: string, ms: number) =>
    mutex.run(key, async () => {
      events.push(`${name} start`);
      await sleep(ms);
      events.push(`${name} end`);
    });
  await Promise.all([job("a", "a1", 30), job("a", "a2", 1), job("b", "b1", 5)]);
  t.deepEqual(events, ["a1 start", "b1 start", "b1 end", "a1 end", "a2 start", "a2 end"]);
});

test("a failing holder releases its key", async (t) => {
  const mutex = new KeyedMutex();
  await t.throwsAsync(
    mutex.run("a", async () => Promise.reject(new Error("boom"))),
    { message: "boom" },
  );
  t.is(await mutex.run("a", async () => "next"), "next");
});

test("holders of several keys exclude everyone on any of them, and opposite orders do not deadlock", async (t) => {
  const mutex = new KeyedMutex();
  const inside = new Set<string>();
  const overlaps: string[] = [];
  const hold = (keys: string[]) =>
    mutex.runAll(keys, async () => {
      for (const key of keys) if (inside.has(key)) overlaps.push(key);
      for (const key of keys) inside.add(key);
      await sleep(5);
      for (const key of keys) inside.delete(key);
      return keys.join("");
    });
  const done = await Promise.all([
    hold(["x", "y"]),
    hold(["y", "x"]),
    hold(["y"]),
    hold(["x", "z"]),
    hold(["z"]),
  ]);
  t.deepEqual(done, ["xy", "yx", "y", "xz", "z"]);
  t.deepEqual(overlaps, []);
});
