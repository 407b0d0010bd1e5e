/** The central client loaded after the ready line (device/lazyCentralApi.ts). */
import test from "ava";
import { lazyCentralApi } from "../../device/lazyCentralApi.js";
import { stubCentral } from "../helpers/stubCentral.js";

test("loads nothing until called, then once for calls made meanwhile; a failed load is tried again", async (t) => {
  let loads = 0;
  let fail = true;
  const { api } = lazyCentralApi(async () => {
    loads += 1;
    if (fail) throw new Error("CA file gone");
    return stubCentral({ fetchClerks: async (timeoutMs) => [{ id: `c-${timeoutMs}` }] as never });
  });
  t.is(loads, 0, "made, not loaded");
  await t.throwsAsync(api.health(100), { message: "CA file gone" });
  fail = false;
  const [first, second] = await Promise.all([api.fetchClerks(7), api.fetchClerks(8)]);
  t.deepEqual([first, second], [[{ id: "c-7" }], [{ id: "c-8" }]], "arguments and answers pass through");
  t.is(loads, 2, "one failed load, then one load for both calls");
  t.is((api as unknown as { then?: unknown }).then, undefined, "not mistaken for a promise");
});

test("load() starts the load ahead of any call, and calls then use that client", async (t) => {
  let loads = 0;
  const lazy = lazyCentralApi(async () => {
    loads += 1;
    return stubCentral({ fetchClerks: async () => [{ id: "c-1" }] as never });
  });
  const loading = lazy.load();
  t.is(loads, 1, "started at once");
  await loading;
  t.deepEqual(await lazy.api.fetchClerks(5), [{ id: "c-1" }] as never);
  t.is(loads, 1, "the call used the client already loaded");
});
