/** Up and down in every list of the kiosk (the menu, 核銷明細's actions, the reasons, the languages). */
import test from "ava";
import { listKey, movedCursor } from "../../../ui/menu.js";

test("down goes to the next line and wraps from the last to the first", (t) => {
  t.deepEqual(
    [0, 1, 2].map((cursor) => movedCursor(cursor, "down", 3)),
    [1, 2, 0],
  );
});

test("up goes to the line before and wraps from the first to the last", (t) => {
  t.deepEqual(
    [0, 1, 2].map((cursor) => movedCursor(cursor, "up", 3)),
    [2, 0, 1],
  );
});

test("an empty list keeps its cursor at 0, never NaN", (t) => {
  t.is(movedCursor(0, "down", 0), 0);
  t.is(movedCursor(0, "up", 0), 0);
});

test("listKey: arrows move, a digit picks a line of a numbered list, Enter acts where the cursor is", (t) => {
  t.deepEqual(listKey({ kind: "down" }, 2, 3, true), { cursor: 0, enter: false });
  t.deepEqual(listKey({ kind: "char", ch: "2" }, 0, 3, true), { cursor: 1, enter: false });
  t.deepEqual(listKey({ kind: "char", ch: "9" }, 1, 3, true), { cursor: 1, enter: false }, "no such line");
  t.deepEqual(listKey({ kind: "enter" }, 1, 3, true), { cursor: 1, enter: true });
  t.is(listKey({ kind: "char", ch: "2" }, 0, 3, false), undefined, "a list without numbers hands digits on");
  t.is(listKey({ kind: "escape" }, 0, 3, true), undefined);
});
