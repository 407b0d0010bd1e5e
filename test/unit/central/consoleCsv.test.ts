/** The console's CSV cells and stream (central/console/data/csv.ts): quoting and formula defusing. */
import test from "ava";
import { csvCell, csvLine, csvStream } from "../../../central/console/data/csv.js";

test("a cell a spreadsheet would read as a formula is prefixed with an apostrophe", (t) => {
  t.deepEqual(["=1+1", "+886912", "-2", "@SUM(A1)", "\tx", "\rx"].map(csvCell), [
    "'=1+1",
    "'+886912",
    "'-2",
    "'@SUM(A1)",
    "'\tx",
    '"\'\rx"',
  ]);
  t.deepEqual(["陳怡君", "a=b", 3, true, null, undefined].map(csvCell), [
    "陳怡君",
    "a=b",
    "3",
    "true",
    "",
    "",
  ]);
});

test("commas, quotes and line breaks are quoted; a line ends CRLF", (t) => {
  t.is(csvLine(["台北,信義", 'say "hi"', "two\nlines"]), '"台北,信義","say ""hi""","two\nlines"\r\n');
});

test("a stream starts with the UTF-8 byte order mark, then the header and each row", async (t) => {
  async function* rows() {
    yield ["王小明", 1] as const;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of csvStream(["name", "n"], rows())) chunks.push(Buffer.from(chunk));
  const bytes = Buffer.concat(chunks);
  t.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  t.is(bytes.subarray(3).toString("utf8"), "name,n\r\n王小明,1\r\n");
});
