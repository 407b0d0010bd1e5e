import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import test from "ava";
import type { ImportCheck } from "../../../central/importDocument.js";
import { importFormatOf, parseImport, validateImport } from "../../../central/importer.js";
import { parsePinPolicy } from "../../../central/pinPolicy.js";

const example = (name: string) =>
  readFile(fileURLToPath(new URL(`../../../../examples/${name}`, import.meta.url)), "utf8");
const noStores = new Set<string>();
const bothStores = new Set(["store-a", "store-b"]);

function problemsOf(check: ImportCheck): [string, string][] {
  if (check.ok) throw new Error("expected problems");
  return check.problems.map((problem) => [problem.location, problem.message]);
}

const header =
  "orderNumber,createdAt,customerName,customerPhone,code,productName,variantName,totalUnits,redeemedUnits,validFrom,validUntil,status,storeIds";

test("the example JSON catalogue is valid as it stands", async (t) => {
  const check = parseImport(await example("catalogue.json"), "json", noStores);
  if (!check.ok) return t.fail(JSON.stringify(check.problems));
  t.deepEqual(check.warnings, []);
  t.deepEqual(
    check.document.stores.map((store) => store.id),
    ["store-a", "store-b"],
  );
  t.is(check.document.orders.flatMap((order) => order.tickets).length, 4);
  t.like(check.document.orders[1]?.tickets[0], {
    code: "PX3D-8KQW-M2VN",
    variantName: "成人",
    totalUnits: 1,
  });
});

test("the example CSV groups rows into orders, splits storeIds on ';' and leaves empty cells out", async (t) => {
  const check = parseImport(await example("catalogue.csv"), "csv", bothStores);
  if (!check.ok) return t.fail(JSON.stringify(check.problems));
  t.deepEqual(
    check.document.orders.map((order) => [order.orderNumber, order.tickets.map((ticket) => ticket.code)]),
    [
      ["#100251", ["BF9K-3TQA-L6PX"]],
      ["#100252", ["TE2M-7RVC-H4KD"]],
      ["#100253", ["PX4F-2NWB-A9QS", "PX4F-2NWB-K5JM"]],
      ["#100254", ["SP6H-9DLE-R3WU"]],
    ],
  );
  const [tea] = check.document.orders[1]?.tickets ?? [];
  t.deepEqual(tea?.storeIds, ["store-a", "store-b"]);
  t.false(tea !== undefined && "variantName" in tea, "an empty cell is an absent field");
  const [adult] = check.document.orders[2]?.tickets ?? [];
  t.false(adult !== undefined && "storeIds" in adult, "no storeIds: redeemable anywhere");
  t.like(check.document.orders[2], { customer: { name: "劉建宏", phone: "0987654321" } });
  t.like(check.document.orders[3]?.tickets[0], { totalUnits: 5, redeemedUnits: 1, status: "active" });
});

test("a ticket naming a store not imported yet is a warning, not a refusal", async (t) => {
  const check = parseImport(await example("catalogue.csv"), "csv", new Set(["store-a"]));
  if (!check.ok) return t.fail(JSON.stringify(check.problems));
  t.deepEqual(
    check.warnings.map((warning) => [warning.location, warning.message]),
    [
      ["line 2, column storeIds", 'unknown store "store-b"'],
      ["line 3, column storeIds", 'unknown store "store-b"'],
    ],
  );
});

test("every problem of a JSON document comes back with its JSON path", (t) => {
  const ticket = { code: "GOOD-0001", productName: "深層按摩 60 分鐘券", totalUnits: 5 };
  const document = {
    stores: [
      { id: "store-a", name: "台北信義店" },
      { id: "store-a", name: "重複" },
    ],
    clerks: [
      { id: "c1", name: "王小明", pin: "24", role: "boss", storeIds: ["store-a"] },
      { id: "c2", name: "李美玲", pin: "1357", role: "redeem", storeIds: ["store-q"] },
    ],
    orders: [
      {
        orderNumber: "#1",
        createdAt: "2026-11-20T10:02:00+08:00",
        customer: { name: "陳怡君", phone: "0912345678" },
        tickets: [
          ticket,
          { ...ticket, code: "GOOD-0002", totalUnits: "5", colour: "red" },
          {
            ...ticket,
            code: "GOOD-0003",
            redeemedUnits: 6,
            validFrom: "2026-12-01T00:00:00+08:00",
            validUntil: "2026-11-01T00:00:00+08:00",
          },
        ],
      },
      {
        orderNumber: "#1",
        createdAt: "yesterday",
        customer: { name: "林志豪", phone: "0928765432" },
        tickets: [{ ...ticket, code: "bad code!" }],
      },
      {
        orderNumber: "#2",
        createdAt: "2026-11-21T14:37:00+08:00",
        customer: { name: "林", phone: "09" },
        tickets: [ticket],
      },
    ],
    version: 2,
  };
  t.deepEqual(problemsOf(validateImport(document, noStores)), [
    ["version", "unknown key"],
    ["clerks[0].pin", "a PIN is 4 to 12 digits"],
    ["clerks[0].role", 'expected one of "redeem" | "supervisor", received "boss"'],
    ["orders[0].tickets[1].totalUnits", 'expected number, received "5"'],
    ["orders[0].tickets[1].colour", "unknown key"],
    ["orders[1].createdAt", "not a date-time with seconds and an offset (2026-01-31T09:30:00+08:00)"],
    ["orders[1].tickets[0].code", 'does not match /^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/, received "bad code!"'],
    ["stores[1].id", 'duplicate store id "store-a", first at stores[0]'],
    ["orders[2].tickets[0].code", 'duplicate ticket code "GOOD-0001", first at orders[0].tickets[0]'],
    ["clerks[1].storeIds[0]", 'unknown store "store-q"'],
    ["orders[0].tickets[2].redeemedUnits", "redeemedUnits (6) exceeds totalUnits (5)"],
    ["orders[0].tickets[2].validUntil", "validUntil is before validFrom"],
  ]);
});

test("an order number used twice is reported at the second order", (t) => {
  const order = (code: string) => ({
    orderNumber: "#7",
    createdAt: "2026-11-20T10:02:00+08:00",
    customer: { name: "陳怡君", phone: "0912345678" },
    tickets: [{ code, productName: "瑜珈五堂課程卡", totalUnits: 5 }],
  });
  t.deepEqual(problemsOf(validateImport({ orders: [order("CODE-0001"), order("CODE-0002")] }, noStores)), [
    ["orders[1].orderNumber", 'duplicate order number "#7", first at orders[0]'],
  ]);
});

test("text that is not JSON, and JSON that is not a document, are refused whole", (t) => {
  const notJson = problemsOf(parseImport("{", "json", noStores));
  t.deepEqual(
    notJson.map(([path]) => path),
    ["(file)"],
  );
  // The parser's own words follow; Node 22 adds "(line 1 column 2)" to them.
  t.regex(notJson[0]?.[1] ?? "", /^not JSON: Expected property name or '}' in JSON at position 1\b/);
  t.deepEqual(problemsOf(parseImport("[]", "json", noStores)), [
    ["(document)", "expected an object, received a list"],
  ]);
});

test("every problem of a CSV file comes back with its line and column", (t) => {
  const rows = [
    header,
    "#1,2026-11-20T10:02:00+08:00,陳怡君,0912345678,CODE-0001,深層按摩 60 分鐘券,,5,0,,,active,store-a",
    "#1,2026-11-21T10:02:00+08:00,陳怡君,0900000000,CODE-0002,深層按摩 60 分鐘券,,5,0,,,active,store-a",
    "",
    "#2,2026-11-20T10:02:00+08:00,林志豪,0928765432,CODE-0003,主題樂園一日票,成人,one,0,,,sold,",
    "#3,2026-11-20T10:02:00+08:00,林志豪,0928765432,CODE-0001,主題樂園一日票,成人,1,2,,,active,;",
    "#4,2026-11-20T10:02:00+08:00,林志豪",
    '#5,2026-11-20T10:02:00+08:00,"黃, 淑芬",0933221100,CODE-0005,"瑜珈五堂課程卡",,5,6,2027-01-01T00:00:00+08:00,2026-01-01T00:00:00+08:00,active,store-a',
  ].join("\n");
  t.deepEqual(problemsOf(parseImport(rows, "csv", bothStores)), [
    ["line 3, column createdAt", "differs from line 2 of the same order"],
    ["line 3, column customerPhone", "differs from line 2 of the same order"],
    ["line 5, column totalUnits", 'expected number, received "one"'],
    ["line 5, column status", 'expected one of "active" | "voided" | "refunded", received "sold"'],
    ["line 6, column storeIds", "must be at least 1 long, is 0"],
    ["line 7", "3 fields, the header has 13"],
    ["line 8, column redeemedUnits", "redeemedUnits (6) exceeds totalUnits (5)"],
    ["line 8, column validUntil", "validUntil is before validFrom"],
  ]);
});

test("a CSV duplicate code, a bad header and an unclosed quote are located", (t) => {
  const duplicate = [
    header,
    "#1,2026-11-20T10:02:00+08:00,陳怡君,0912345678,CODE-0001,深層按摩 60 分鐘券,,5,0,,,active,",
    "#2,2026-11-20T10:02:00+08:00,林志豪,0928765432,CODE-0001,深層按摩 60 分鐘券,,5,0,,,active,",
  ].join("\n");
  t.deepEqual(problemsOf(parseImport(duplicate, "csv", noStores)), [
    ["line 3, column code", 'duplicate ticket code "CODE-0001", first at line 2'],
  ]);
  t.deepEqual(problemsOf(parseImport("orderNumber,code,colour,code\n", "csv", noStores)), [
    ["line 1, column colour", "unknown column"],
    ["line 1, column code", "repeated column"],
    ["line 1", "missing column createdAt"],
    ["line 1", "missing column customerName"],
    ["line 1", "missing column customerPhone"],
    ["line 1", "missing column productName"],
    ["line 1", "missing column totalUnits"],
  ]);
  const unclosed = `${header}\n#1,2026-11-20T10:02:00+08:00,"陳怡君,0912345678\n`;
  t.deepEqual(
    problemsOf(parseImport(unclosed, "csv", noStores)).map(([location]) => location),
    ["line 2"],
  );
  t.deepEqual(problemsOf(parseImport("", "csv", noStores)), [["(file)", "no header row"]]);
});

test("the format follows the file name", (t) => {
  t.is(importFormatOf("orders.CSV"), "csv");
  t.is(importFormatOf("orders.json"), "json");
  t.is(importFormatOf("orders"), "json");
});

test("PIN policy: a supervisor's PIN under 6 digits and a clerk's under 4 are refused at their row, naming the rule; --min-pin changes it", (t) => {
  const document = {
    stores: [{ id: "store-a", name: "台北信義店" }],
    clerks: [
      { id: "c1", name: "王小明", pin: "2468", role: "supervisor", storeIds: ["store-a"] },
      { id: "c2", name: "李美玲", pin: "1357", role: "redeem", storeIds: ["store-a"] },
      { id: "c3", name: "張志明", pin: "135790", role: "supervisor", storeIds: ["store-a"] },
    ],
  };
  t.deepEqual(problemsOf(validateImport(document, noStores)), [
    ["clerks[0].pin", "a supervisor PIN needs at least 6 digits (PIN policy supervisor=6); this one has 4"],
  ]);
  const stricter = parsePinPolicy(["supervisor=8", "redeem=6"]);
  if (typeof stricter === "string") throw new Error(stricter);
  t.deepEqual(problemsOf(parseImport(JSON.stringify(document), "json", noStores, undefined, stricter)), [
    ["clerks[0].pin", "a supervisor PIN needs at least 8 digits (PIN policy supervisor=8); this one has 4"],
    ["clerks[1].pin", "a redeem PIN needs at least 6 digits (PIN policy redeem=6); this one has 4"],
    ["clerks[2].pin", "a supervisor PIN needs at least 8 digits (PIN policy supervisor=8); this one has 6"],
  ]);
  const looser = parsePinPolicy(["supervisor=4"]);
  if (typeof looser === "string") throw new Error(looser);
  t.true(validateImport(document, noStores, undefined, looser).ok, "an operator may choose 4 digits");
  t.is(
    parsePinPolicy(["boss=6"]),
    '--min-pin takes ROLE=N with ROLE one of redeem, supervisor and N 4 to 12, not "boss=6"',
  );
  t.is(typeof parsePinPolicy(["supervisor=3"]), "string", "below the PIN's own 4 digits");
});
