import test from "ava";
import { formatFeedCursor, parseFeedCursor, staleCursor } from "../../../central/feedCursor.js";

const at = "2026-12-04T05:00:00.000Z";
const cursor = (text: string) => {
  const parsed = parseFeedCursor(text);
  if (parsed === undefined) throw new Error(`not a cursor: ${text}`);
  return parsed;
};

test("a cursor is the rev and the time of its change; a bare rev from an older server still reads", (t) => {
  t.is(formatFeedCursor(42, at), `42.${Date.parse(at)}`);
  t.deepEqual(parseFeedCursor(`42.${Date.parse(at)}`), {
    rev: 42,
    atMs: Date.parse(at),
    text: `42.${Date.parse(at)}`,
  });
  t.deepEqual(parseFeedCursor("42"), { rev: 42, atMs: undefined, text: "42" });
  for (const bad of ["", "x", "1.", ".5", "1.2.3", "-1"]) t.is(parseFeedCursor(bad), undefined, bad);
});

test("a cursor is stale past the head, or with a newer change at or below its rev; else it is this history's", (t) => {
  const ms = Date.parse(at);
  const later = new Date(ms + 1).toISOString();
  t.is(staleCursor(cursor(`7.${ms}`), { headRev: 6, changedAt: at }), "past_head");
  t.is(staleCursor(cursor("7"), { headRev: 6, changedAt: at }), "past_head");
  t.is(staleCursor(cursor(`7.${ms}`), { headRev: 9, changedAt: later }), "newer_change_below");
  t.is(staleCursor(cursor(`7.${ms}`), { headRev: 9, changedAt: at }), undefined);
  t.is(staleCursor(cursor("7"), { headRev: 9, changedAt: later }), undefined, "a bare rev: the head only");
  t.is(staleCursor(cursor(`0.${ms}`), { headRev: 0, changedAt: undefined }), undefined);
});
