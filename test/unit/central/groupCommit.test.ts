import test from "ava";
import { GroupCommit } from "../../../central/groupCommit.js";

/** A disk whose writes finish only when the test says so, recording what each write held. */
function manualDisk() {
  const writes: { operations: string[]; finish: (error?: Error) => void }[] = [];
  const commits = new GroupCommit<string>(
    (operations) =>
      new Promise<void>((resolve, reject) => {
        writes.push({
          operations: [...operations],
          finish: (error) => (error === undefined ? resolve() : reject(error)),
        });
      }),
  );
  const finish = async (index: number, error?: Error) => {
    writes[index]?.finish(error);
    // Let the settled write hand the next group to the disk.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { commits, writes, finish };
}

/** Which of `promises` have settled, and how, without waiting for the others. */
function watch(promises: Promise<void>[]) {
  const states: string[] = promises.map(() => "pending");
  promises.forEach((promise, index) => {
    promise.then(
      () => {
        states[index] = "written";
      },
      (error: Error) => {
        states[index] = `failed: ${error.message}`;
      },
    );
  });
  return states;
}

test("the first commit is written at once; the commits queued while it is in flight share the next write", async (t) => {
  const { commits, writes, finish } = manualDisk();
  const states = watch([
    commits.add(["a1", "a2"]),
    commits.add(["b"]),
    commits.add(["c"]),
    commits.add(["d1", "d2"]),
  ]);
  t.deepEqual(
    writes.map((write) => write.operations),
    [["a1", "a2"]],
  );

  await finish(0);
  t.deepEqual(states, ["written", "pending", "pending", "pending"]);
  t.deepEqual(
    writes.map((write) => write.operations),
    [
      ["a1", "a2"],
      ["b", "c", "d1", "d2"],
    ],
    "one write for the three queued meanwhile, in the order they were queued",
  );

  await finish(1);
  t.deepEqual(states, ["written", "written", "written", "written"]);
  t.is(writes.length, 2);
});

test("a failed write rejects exactly the commits in it; the next group is still written", async (t) => {
  const { commits, writes, finish } = manualDisk();
  const states = watch([commits.add(["a"]), commits.add(["b"]), commits.add(["c"])]);
  await finish(0);
  const late = watch([commits.add(["d"])]);
  t.deepEqual(
    writes.map((write) => write.operations),
    [["a"], ["b", "c"]],
  );

  await finish(1, new Error("disk full"));
  t.deepEqual(states, ["written", "failed: disk full", "failed: disk full"]);
  t.deepEqual(writes[2]?.operations, ["d"]);
  await finish(2);
  t.deepEqual(late, ["written"]);
});

test("a write that throws at once fails its own group only", async (t) => {
  let calls = 0;
  const commits = new GroupCommit<string>(async () => {
    calls += 1;
    if (calls === 1) throw new Error("closed");
  });
  await t.throwsAsync(commits.add(["a"]), { message: "closed" });
  await t.notThrowsAsync(commits.add(["b"]));
});

test("settled(key) waits for the write of the last commit of that key, whatever its outcome", async (t) => {
  const { commits, finish } = manualDisk();
  const outcomes = watch([
    commits.add(["x1"], ["ticket:X"]),
    commits.add(["y"], ["ticket:Y"]),
    commits.add(["x2"], ["ticket:X"]),
  ]);
  const settled = watch([commits.settled("ticket:X"), commits.settled("ticket:Y"), commits.settled()]);
  await commits.settled("ticket:Z");
  t.pass("no commit of Z: settled at once");

  await finish(0);
  t.deepEqual(settled, ["pending", "pending", "pending"], "X's last commit is in the second write");
  await finish(1, new Error("disk full"));
  t.deepEqual(settled, ["written", "written", "written"], "settled though the write failed");
  t.deepEqual(outcomes, ["written", "failed: disk full", "failed: disk full"]);
});
