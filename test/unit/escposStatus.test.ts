/** DLE EOT answers read into printer states, and status bytes picked out of what a printer sends. */
import test from "ava";
import {
  isStatusByte,
  queryStatus,
  StatusReplies,
  type StatusRequest,
  statusQuery,
} from "../../drivers/printer/escposStatus.js";

/** A printer answering each DLE EOT n from a table; a missing entry is no answer. */
function printer(answers: Partial<Record<StatusRequest, number>>): {
  asked: StatusRequest[];
  ask: (n: StatusRequest) => Promise<number | undefined>;
} {
  const asked: StatusRequest[] = [];
  return {
    asked,
    ask: async (n) => {
      asked.push(n);
      return answers[n];
    },
  };
}

test("DLE EOT n is 10 04 n", (t) => {
  t.deepEqual(statusQuery(1), Buffer.from([0x10, 0x04, 0x01]));
  t.deepEqual(statusQuery(4), Buffer.from([0x10, 0x04, 0x04]));
});

test("a printer online with paper is ready, after two questions", async (t) => {
  const p = printer({ 1: 0x12, 4: 0x12 });
  t.is(await queryStatus(p.ask), "ready");
  t.deepEqual(p.asked, [1, 4]);
});

test("near end still prints; paper end does not", async (t) => {
  t.is(await queryStatus(printer({ 1: 0x12, 4: 0x1e }).ask), "ready");
  t.is(await queryStatus(printer({ 1: 0x12, 4: 0x72 }).ask), "paper_out");
});

test("offline: the cause decides, the cover before the paper", async (t) => {
  t.is(await queryStatus(printer({ 1: 0x1a, 4: 0x72, 2: 0x36 }).ask), "cover_open");
  t.is(await queryStatus(printer({ 1: 0x1a, 4: 0x72, 2: 0x32 }).ask), "paper_out");
  t.is(
    await queryStatus(printer({ 1: 0x1a, 4: 0x12, 2: 0x32 }).ask),
    "paper_out",
    "paper end stop, sensor clear",
  );
  t.is(await queryStatus(printer({ 1: 0x1a, 4: 0x12, 2: 0x52 }).ask), "offline", "an error");
  t.is(await queryStatus(printer({ 1: 0x1a, 4: 0x12, 2: 0x1a }).ask), "offline", "the feed button");
});

test("no answer to any question is no answer, and asking stops there", async (t) => {
  const silent = printer({});
  t.is(await queryStatus(silent.ask), "no_answer");
  t.deepEqual(silent.asked, [1]);
  t.is(await queryStatus(printer({ 1: 0x12 }).ask), "no_answer");
  t.is(await queryStatus(printer({ 1: 0x1a, 4: 0x12 }).ask), "no_answer");
});

test("status bytes have bits 1 and 4 set, 0 and 7 clear; XON, XOFF and ASB headers are not", (t) => {
  for (const byte of [0x12, 0x16, 0x1a, 0x1e, 0x32, 0x36, 0x52, 0x72, 0x7e])
    t.true(isStatusByte(byte), byte.toString(16));
  for (const byte of [0x11, 0x13, 0x10, 0x14, 0x00, 0xff, 0x92, 0x80])
    t.false(isStatusByte(byte), byte.toString(16));
});

test("replies: status bytes are handed over in order, other bytes dropped, a late one cleared", async (t) => {
  const replies = new StatusReplies();
  const first = replies.next(1000);
  replies.feed(Buffer.from([0x11, 0x13, 0x12]));
  t.is(await first, 0x12);
  replies.feed(Buffer.from([0x72, 0x11]));
  t.is(await replies.next(1000), 0x72, "queued until asked");
  replies.feed(Buffer.from([0x1a]));
  replies.clear();
  t.is(await replies.next(20), undefined, "cleared, and nothing came in time");
});
