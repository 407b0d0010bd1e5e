import test from "ava";
import { displayWidth } from "../../../ui/displayText.js";
import { layoutTable, visibleWindow } from "../../../ui/table.js";

/** The cell where each column starts in a line, found from the header's known texts. */
function startsOf(line: string, cells: readonly string[]): number[] {
  let from = 0;
  return cells.map((cell) => {
    const at = line.indexOf(cell, from);
    from = at + cell.length;
    return displayWidth(line.slice(0, at));
  });
}

test("columns line up by display width: CJK takes two cells, ASCII one", (t) => {
  const table = layoutTable(
    [{ header: "訂單編號" }, { header: "商品", flex: true }, { header: "剩餘/總數", align: "right" }],
    [
      ["#100231", "深層按摩 60 分鐘券", "5/5"],
      ["#9", "Yoga", "12/20"],
    ],
    60,
  );
  t.deepEqual(startsOf(table.header, ["訂單編號", "商品", "剩餘/總數"]), [0, 10, 30]);
  t.deepEqual(startsOf(table.rows[0] ?? "", ["#100231", "深層按摩", "5/5"]), [0, 10, 36]);
  t.deepEqual(startsOf(table.rows[1] ?? "", ["#9", "Yoga", "12/20"]), [0, 10, 34]);
  // Right-aligned: every row ends in the same cell.
  t.deepEqual(
    [table.header, ...table.rows].map((line) => displayWidth(line)),
    [39, 39, 39],
  );
});

test("the flexible column gives way: long names are cut with … and no line passes the width", (t) => {
  const table = layoutTable(
    [{ header: "時間" }, { header: "商品", flex: true }, { header: "狀態", max: 6 }],
    [["11-27 14:05", "主題樂園一日票 / 成人 / 平日限定 / 含餐", "⚠ 衝突 離線"]],
    40,
  );
  const row = table.rows[0] ?? "";
  t.true(displayWidth(row) <= 40);
  t.regex(row, /^11-27 14:05 {2}主題樂園[^…]*… +⚠ 衝…$/);
  t.true(displayWidth(table.header) <= 40);
});

test("visibleWindow keeps the cursor in view, centred where it can be", (t) => {
  t.deepEqual(visibleWindow(5, 4, 10), { start: 0, end: 5 });
  t.deepEqual(visibleWindow(30, 0, 10), { start: 0, end: 10 });
  t.deepEqual(visibleWindow(30, 15, 10), { start: 10, end: 20 });
  t.deepEqual(visibleWindow(30, 29, 10), { start: 20, end: 30 });
});
