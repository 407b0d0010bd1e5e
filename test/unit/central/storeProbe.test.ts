import test from "ava";
import { isStoreUnavailable } from "../../../central/store/storeOutOfReach.js";
import { StoreProbe } from "../../../central/storeProbe.js";

/** A ping that counts its calls and answers as `up` says, once released. */
function countedPing() {
  const state = { calls: 0, up: true, release: () => {} };
  const ping = () => {
    state.calls += 1;
    return new Promise<void>((resolve, reject) => {
      state.release = () => (state.up ? resolve() : reject(new Error("down")));
    });
  };
  return { state, ping };
}

test("many asking at once share one probe, and its answer stands for maxAgeMs", async (t) => {
  const { state, ping } = countedPing();
  let now = 0;
  const probe = new StoreProbe(ping, 1000, () => now);
  const asked = [probe.up(), probe.up(), probe.up()];
  state.release();
  t.deepEqual(await Promise.all(asked), [true, true, true]);
  t.is(state.calls, 1);
  now = 999;
  t.true(await probe.up());
  t.is(state.calls, 1);
  now = 1000;
  state.up = false;
  const again = probe.up();
  state.release();
  t.false(await again);
  t.is(state.calls, 2);
  now = 1500;
  t.false(await probe.up(), "a store found down stays down until the next probe");
  t.is(state.calls, 2);
});

test("the errors of a store out of reach, told from faults", (t) => {
  const coded = (code: string, message = "x") => Object.assign(new Error(message), { code });
  for (const unavailable of [
    coded("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"),
    coded("ECONNRESET"),
    coded("57P01", "terminating connection due to administrator command"),
    coded("57P03", "the database system is starting up"),
    coded("08006", "connection failure"),
    new Error("Connection terminated unexpectedly"),
    new Error("timeout exceeded when trying to connect"),
    new Error("a query failed", { cause: coded("ECONNREFUSED") }),
  ]) {
    t.true(isStoreUnavailable(unavailable), unavailable.message);
  }
  for (const fault of [
    coded("42P01", 'relation "tickets" does not exist'),
    coded("23514", "violates check constraint"),
    coded("ENOENT"),
    new TypeError("Cannot read properties of undefined"),
    "ECONNREFUSED",
  ]) {
    t.false(isStoreUnavailable(fault), String(fault));
  }
});
