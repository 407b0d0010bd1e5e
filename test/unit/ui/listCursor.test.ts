/** Up and down in every list of the kiosk (the menu, 核銷明細's actions, the reasons, the languages). */
import test from "ava";
import { movedCursor } from "../../../ui/menu.js";

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
