import test from "ava";
import { displayWidth, padEnd, safeText, truncate, truncateStart } from "../../../ui/displayText.js";

test("escape sequences of every kind are removed, text around them kept", (t) => {
  t.is(safeText("\x1b[31mRED\x1b[0m"), "RED");
  t.is(safeText("a\x1b]0;pwned\x07b"), "ab");
  t.is(safeText("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b"), "alinkb");
  t.is(safeText("a\x1bP1$r0m\x1b\\b"), "ab");
  t.is(safeText("a\x1b(0qqq\x1b(Bb"), "aqqqb");
  t.is(safeText("a\x9b2Jb\x9d0;t\x9cc"), "abc");
  t.is(safeText("open OSC \x1b]0;swallows the rest"), "open OSC");
});

test("controls, format characters and emoji: nothing can move, hide or misalign text", (t) => {
  t.is(safeText("line1\nline2\r\n\tend"), "line1 line2 end");
  t.is(safeText("a\x00b\x07c\x7fd\x08e"), "abcde");
  t.is(safeText("abc\u202edcba\u2066x\u2069"), "abcdcbax");
  t.is(safeText("zero\u200bwidth\ufeff\u00ad"), "zerowidth");
  t.is(safeText("⚠\ufe0f 生日🎂套餐"), "⚠ 生日?套餐");
});

test("plain text, CJK and blessed tag braces pass unchanged (widgets never parse tags)", (t) => {
  t.is(safeText("深層按摩 60 分鐘券"), "深層按摩 60 分鐘券");
  t.is(safeText("{red-fg}tag{/red-fg}"), "{red-fg}tag{/red-fg}");
});

test("display width: CJK and full-width take two cells, combining marks none", (t) => {
  t.is(displayWidth("QR code"), 7);
  t.is(displayWidth("電子票券"), 8);
  t.is(displayWidth("（１）"), 6);
  t.is(displayWidth("e\u0301"), 1);
  t.is(displayWidth("✔ ✖ ⚠"), 5);
});

test("truncate cuts by cells and never splits a wide character", (t) => {
  t.is(truncate("電子票券", 8), "電子票券");
  t.is(truncate("電子票券", 7), "電子票…");
  t.is(truncate("電子票券", 6), "電子…");
  t.is(truncate("ab電子", 4), "ab…");
  t.is(truncate("abc", 0), "");
  for (let width = 1; width <= 10; width++) t.true(displayWidth(truncate("核銷A票券B成功", width)) <= width);
});

test("truncateStart keeps the end; padEnd makes exact widths", (t) => {
  t.is(truncateStart("QK7R-2M9X-TB4A", 6), "…-TB4A");
  t.is(truncateStart("電子票券", 5), "…票券");
  t.is(padEnd("電子", 6), "電子  ");
  t.is(padEnd("電子票券", 5), "電子…");
  t.is(displayWidth(padEnd("電子票券", 5)), 5);
});
