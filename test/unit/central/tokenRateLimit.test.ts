import type { IncomingMessage } from "node:http";
import test from "ava";
import { TokenRateLimit } from "../../../central/tokenRateLimit.js";

const withToken = (token: string | undefined) =>
  ({ headers: token === undefined ? {} : { authorization: `Bearer ${token}` } }) as IncomingMessage;

test("a bucket holds the burst, refills at the rate, and says how long to wait", (t) => {
  let nowMs = 0;
  const limit = new TokenRateLimit({ ratePerSecond: 2, rateBurst: 3 }, () => nowMs);
  t.deepEqual([limit.take("a"), limit.take("a"), limit.take("a")], [0, 0, 0]);
  t.is(limit.take("a"), 500, "one request is earned back in 1/2 s");
  t.is(limit.take("b"), 0, "another key has its own bucket");
  nowMs = 250;
  t.is(limit.take("a"), 250);
  nowMs = 500;
  t.is(limit.take("a"), 0);
  nowMs = 60_000;
  t.deepEqual(
    [limit.take("a"), limit.take("a"), limit.take("a"), limit.take("a")],
    [0, 0, 0, 500],
    "never above the burst",
  );
});

test("admit: 429 with Retry-After in whole seconds (at least 1); no token, no count", (t) => {
  const limit = new TokenRateLimit({ ratePerSecond: 0.25, rateBurst: 1 }, () => 0);
  t.is(limit.admit(withToken("secret")), undefined);
  const refused = limit.admit(withToken("secret"));
  t.like(refused, { status: 429, code: "rate_limited", headers: { "retry-after": "4" } });
  for (let index = 0; index < 10; index++) t.is(limit.admit(withToken(undefined)), undefined);
  const fast = new TokenRateLimit({ ratePerSecond: 100, rateBurst: 1 }, () => 0);
  fast.admit(withToken("x"));
  t.like(fast.admit(withToken("x")), { headers: { "retry-after": "1" } });
});
