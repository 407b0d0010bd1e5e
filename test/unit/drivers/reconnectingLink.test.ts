/** The one reconnect loop of the device links, on a clock that moves only when the test says. */
import test from "ava";
import { ReconnectingLink } from "../../../drivers/reconnectingLink.js";
import { ManualSchedule } from "../../helpers/manualSchedule.js";

/** A link whose attempts fail until `upAt` attempts have been made; records when each ran. */
function rig(policy = { initialMs: 10, factor: 2, maxMs: 40 }, upAt = Number.POSITIVE_INFINITY) {
  const clock = new ManualSchedule();
  const attemptsAtMs: number[] = [];
  const link: ReconnectingLink = new ReconnectingLink(
    policy,
    async () => {
      attemptsAtMs.push(clock.nowMs);
      if (attemptsAtMs.length >= upAt) link.succeeded();
      else link.failed();
    },
    clock.schedule,
  );
  link.start();
  return { clock, link, attemptsAtMs };
}

test("retries wait initialMs, then factor times longer each, capped at maxMs", (t) => {
  const { clock, link, attemptsAtMs } = rig();
  t.deepEqual(link.failed(), { first: true, retryInMs: 10 });
  clock.advance(200);
  // Waits of 10, 20, 40, 40, 40…: uncapped, the fourth would wait 80.
  t.deepEqual(attemptsAtMs, [10, 30, 70, 110, 150, 190]);
});

test("only the first failure of a streak is first; a success starts the waits over", (t) => {
  const { clock, link, attemptsAtMs } = rig(undefined, 3);
  link.failed();
  clock.advance(1000);
  t.deepEqual(attemptsAtMs, [10, 30, 70], "up at the third attempt, then no more");
  t.is(clock.pending(), 0);
  t.deepEqual(link.failed(), { first: true, retryInMs: 10 }, "a new streak");
  t.deepEqual(link.failed(), { first: false, retryInMs: 20 });
});

test("a failure reported while a retry waits does not add a second retry", (t) => {
  const { clock, link, attemptsAtMs } = rig({ initialMs: 10, factor: 1, maxMs: 10 }, 1);
  link.failed();
  link.failed();
  t.is(clock.pending(), 1);
  clock.advance(100);
  t.deepEqual(attemptsAtMs, [10]);
});

test("stop cancels the waiting retry and later failures schedule none until start", (t) => {
  const { clock, link, attemptsAtMs } = rig();
  link.failed();
  link.stop();
  t.is(clock.pending(), 0);
  link.failed();
  clock.advance(1000);
  t.deepEqual(attemptsAtMs, []);
  link.start();
  t.deepEqual(link.failed(), { first: false, retryInMs: 40 }, "the streak was kept");
  clock.advance(40);
  t.deepEqual(attemptsAtMs, [1040]);
});
