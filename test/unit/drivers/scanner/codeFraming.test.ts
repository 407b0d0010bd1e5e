import { randomBytes } from "node:crypto";
import test from "ava";
import { CodeFramer, defaultMaxCodeBytes } from "../../../../drivers/scanner/codeFraming.js";

const bytes = (text: string) => Buffer.from(text, "latin1");

/** Feeds every chunk and returns all the codes they completed. */
function frame(framer: CodeFramer, ...chunks: (string | Uint8Array)[]): string[] {
  return chunks.flatMap((chunk) => framer.push(typeof chunk === "string" ? bytes(chunk) : chunk));
}

test("CR, LF and CRLF each end one code", (t) => {
  const framer = new CodeFramer();
  t.deepEqual(frame(framer, "AAAA-1\rBBBB-2\nCCCC-3\r\nDDDD-4\r"), ["AAAA-1", "BBBB-2", "CCCC-3", "DDDD-4"]);
  t.like(framer.counters(), { frames: 4, codes: 4, droppedEmpty: 0 });
});

test("a CRLF split across chunks is one terminator, not an extra empty frame", (t) => {
  const framer = new CodeFramer();
  t.deepEqual(frame(framer, "CODE-0001\r", "\nCODE-0002\r", "\n"), ["CODE-0001", "CODE-0002"]);
  t.like(framer.counters(), { frames: 2, codes: 2, droppedEmpty: 0 });
});

test("blank lines are empty frames, counted and not emitted", (t) => {
  const framer = new CodeFramer();
  t.deepEqual(frame(framer, "\r\r\n\n   \rCODE-1\r"), ["CODE-1"]);
  t.like(framer.counters(), { frames: 5, codes: 1, droppedEmpty: 4 });
});

test("a code split over many chunks comes out whole", (t) => {
  const framer = new CodeFramer();
  const codes = [..."TK-20240601-0042\r"].flatMap((ch) => framer.push(bytes(ch)));
  t.deepEqual(codes, ["TK-20240601-0042"]);
});

test("control bytes, NULs and non-ASCII are removed; surrounding spaces trimmed", (t) => {
  const framer = new CodeFramer();
  const stx = "\x02";
  const etx = "\x03";
  t.deepEqual(frame(framer, `${stx}TICKET-0001${etx}\r`), ["TICKET-0001"]);
  t.deepEqual(frame(framer, "\0AB\0CD-12\x7f34 \x1b\r"), ["ABCD-1234"]);
  t.deepEqual(frame(framer, Buffer.from(" 票QR-9999 \r", "utf8")), ["QR-9999"]);
});

test("a frame up to the cap is kept; one byte more drops it whole and the next code still reads", (t) => {
  const framer = new CodeFramer({ maxBytes: 8 });
  t.deepEqual(frame(framer, "12345678\r"), ["12345678"]);
  t.deepEqual(frame(framer, "123456789\rNEXT-1\r"), ["NEXT-1"]);
  t.like(framer.counters(), { frames: 3, codes: 2, droppedOverlong: 1 });
});

test("the default cap is 128 bytes and a megabyte without terminator is one dropped frame", (t) => {
  const framer = new CodeFramer();
  t.deepEqual(frame(framer, `${"A".repeat(defaultMaxCodeBytes)}\r`), ["A".repeat(defaultMaxCodeBytes)]);
  t.deepEqual(frame(framer, "A".repeat(1 << 20), "\rAFTER-1\r"), ["AFTER-1"]);
  t.like(framer.counters(), { codes: 2, droppedOverlong: 1 });
});

test("wrong-baud noise (random 0x80-0xff) yields no code and is counted as garbage", (t) => {
  const framer = new CodeFramer();
  let codes: string[] = [];
  for (let i = 0; i < 200; i++) {
    const noise = Buffer.from(randomBytes(40).map((b) => 0x80 | b));
    codes = codes.concat(frame(framer, noise, "\r"));
  }
  t.deepEqual(codes, []);
  t.like(framer.counters(), { frames: 200, codes: 0, droppedGarbage: 200 });
  t.deepEqual(frame(framer, "GOOD-1\r"), ["GOOD-1"]);
});

test("a frame mostly noise is dropped even when printable bytes hide in it", (t) => {
  const framer = new CodeFramer();
  t.deepEqual(frame(framer, Buffer.from([0xf8, 0x41, 0x00, 0xfe, 0x42, 0x80, 0x0d])), []);
  t.like(framer.counters(), { droppedGarbage: 1 });
});

test("any bytes at all: no throw, only printable ASCII codes within the cap", (t) => {
  const framer = new CodeFramer();
  const codes: string[] = [];
  for (let i = 0; i < 2000; i++) codes.push(...framer.push(randomBytes(1 + (i % 97))));
  for (const code of codes) {
    t.regex(code, /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/);
    t.true(code.length <= defaultMaxCodeBytes);
  }
  const counters = framer.counters();
  t.is(
    counters.frames,
    counters.codes +
      counters.droppedEmpty +
      counters.droppedGarbage +
      counters.droppedOverlong +
      counters.droppedUnterminated,
  );
});

test("endFrame ends a frame without terminator; discardPartial drops one", (t) => {
  const framer = new CodeFramer();
  t.deepEqual(frame(framer, "SILENT-1"), []);
  t.true(framer.pending);
  t.is(framer.endFrame(), "SILENT-1");
  t.false(framer.pending);
  frame(framer, "HALF-");
  framer.discardPartial();
  t.deepEqual(frame(framer, "WHOLE-2\r"), ["WHOLE-2"]);
  t.like(framer.counters(), { frames: 3, codes: 2, droppedUnterminated: 1 });
});

test("an over-long frame ended by silence is dropped, not truncated", (t) => {
  const framer = new CodeFramer({ maxBytes: 4 });
  frame(framer, "TOO-LONG");
  t.true(framer.pending);
  t.is(framer.endFrame(), undefined);
  t.like(framer.counters(), { droppedOverlong: 1 });
});

test("configured prefixes and suffixes (AIM ids) are cut once, the longest that matches", (t) => {
  const framer = new CodeFramer({ strip: { prefixes: ["]Q", "]Q1", "]C0"], suffixes: ["-END"] } });
  t.deepEqual(frame(framer, "]Q1TK-0001\r]C0TK-0002-END\r]QTK-0003\r"), ["TK-0001", "TK-0002", "TK-0003"]);
  t.deepEqual(frame(framer, "]Q1]Q1TK-0004\r"), ["]Q1TK-0004"], "one prefix only: the code is the rest");
  t.deepEqual(frame(framer, "TK-]Q1-0005\r"), ["TK-]Q1-0005"], "only at the start");
  t.deepEqual(frame(framer, "]Q1\r]Q1 -END\r"), [], "nothing left is an empty frame");
  t.like(framer.counters(), { codes: 5, droppedEmpty: 2 });
});

test("the affixes are matched on the cleaned code: control bytes and spaces around them do not hide them", (t) => {
  const framer = new CodeFramer({ strip: { prefixes: ["]Q1"], suffixes: ["#"] } });
  t.deepEqual(frame(framer, "\x02 ]Q1 TK-0001 #\x03\r\n"), ["TK-0001"]);
});

test("the length cap counts the raw frame, affixes included, before anything is cut", (t) => {
  const framer = new CodeFramer({ maxBytes: 8, strip: { prefixes: ["]Q1"], suffixes: [] } });
  t.deepEqual(frame(framer, "]Q1ABCDE\r]Q1ABCDEF\r"), ["ABCDE"]);
  t.like(framer.counters(), { droppedOverlong: 1 });
});
