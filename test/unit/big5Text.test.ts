import test from "ava";
import iconv from "iconv-lite";
import {
  cleanText,
  padToWidth,
  printedWidth,
  toCp950,
  toPrintable,
  wrapToWidth,
} from "../../drivers/printer/big5Text.js";

test("cleanText removes ESC/POS commands, real-time DLE requests and ANSI escapes", (t) => {
  t.is(cleanText("A\x1b@B"), "AB");
  t.is(cleanText("A\x1dVB\x00C"), "AVBC");
  t.is(cleanText("a\x10\x04\x01b\x10\x05\x02c\x10\x14\x01\x01\x03d"), "abcd");
  t.is(cleanText("\x1c&\x1c.x"), "&.x");
  t.is(cleanText("\x1b!\x30big\x1b!\x00"), "big");
  t.is(cleanText("\x1b[1;31mred\x1b[0m \x9b2Jclear"), "red clear");
  t.is(cleanText("x\x1b]0;title\x07y\x1bPq#0\x1b\\z"), "xyz");
  t.is(cleanText("\x1b]unterminated"), "unterminated");
  t.is(cleanText("\u202eevil\u200b\ufeff"), "evil");
  t.is(cleanText("line1\r\nline2\tend"), "line1  line2 end");
  t.is(cleanText("台北信義店 #100231"), "台北信義店 #100231");
});

test("toCp950 encodes Traditional Chinese as Big5 and replaces what does not round-trip with ?", (t) => {
  t.deepEqual(toCp950("台北 A"), Buffer.from("a578a55f2041", "hex"));
  t.is(toCp950("a😀b①é\ue000ｱ\u0080").toString("latin1"), "a?b????");
  t.deepEqual(toCp950("碁€"), Buffer.from("f9d6a3e1", "hex"));
});

test("十 and 卅 use their standard Big5 codes, not the Suzhou-numeral duplicates", (t) => {
  t.deepEqual(toCp950("十卅"), Buffer.from("a451a4ca", "hex"));
  t.is(iconv.decode(toCp950("六十分鐘"), "cp950"), "六十分鐘");
});

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

test("no encoded byte is a control byte, whatever the input (fuzzed)", (t) => {
  const next = random(42);
  const pools = [
    () => String.fromCharCode(Math.floor(next() * 0x20)),
    () => String.fromCharCode(0x7f + Math.floor(next() * 0x21)),
    () =>
      ["\x1b@", "\x1dV\x42\x00", "\x10\x04\x01", "\x1b[31m", "\x1c&", "\x1b]0;"][Math.floor(next() * 6)] ??
      "",
    () => String.fromCodePoint(0x4e00 + Math.floor(next() * 0x5200)),
    () => String.fromCodePoint(Math.floor(next() * 0x10000)),
    () => String.fromCodePoint(0x1f300 + Math.floor(next() * 0x300)),
    () => String.fromCharCode(0x20 + Math.floor(next() * 0x5f)),
  ];
  for (let round = 0; round < 1000; round += 1) {
    let input = "";
    for (let i = 0; i < 40; i += 1) input += pools[Math.floor(next() * pools.length)]?.() ?? "";
    const bytes = toCp950(input);
    for (let i = 0; i < bytes.length; i += 1) {
      const byte = bytes[i] ?? 0;
      if (byte < 0x20 || byte === 0x7f) t.fail(`control byte ${byte} from ${JSON.stringify(input)}`);
      if (byte >= 0x80) {
        const trail = bytes[i + 1] ?? 0;
        const validTrail = (trail >= 0x40 && trail <= 0x7e) || (trail >= 0xa1 && trail <= 0xfe);
        if (byte < 0x81 || !validTrail) t.fail(`broken pair at ${i} from ${JSON.stringify(input)}`);
        i += 1;
      }
    }
    t.is(iconv.decode(bytes, "cp950"), toPrintable(input));
  }
});

test("printedWidth counts 2 for a Chinese character and 1 for ASCII", (t) => {
  t.is(printedWidth("台北 A"), 6);
  t.is(printedWidth(""), 0);
  t.is(printedWidth("😀"), 1);
});

test("padToWidth aligns by printed width", (t) => {
  t.is(padToWidth("台北", 6, "center"), " 台北 ");
  t.is(padToWidth("台北", 7, "right"), "   台北");
  t.is(padToWidth("台北", 5, "left"), "台北 ");
  t.is(padToWidth("台北信義", 4, "left"), "台北信義");
});

test("wrapToWidth never splits a double-byte character and never exceeds the width", (t) => {
  t.deepEqual(wrapToWidth("台北信義店", 5), ["台北", "信義", "店"]);
  const long = "深層按摩六十分鐘券附贈熱石精油舒壓十五分鐘平日限定雙人方案";
  const lines = wrapToWidth(long, 32);
  t.deepEqual(lines, ["深層按摩六十分鐘券附贈熱石精油舒", "壓十五分鐘平日限定雙人方案"]);
  t.is(lines.join(""), long);
});

test("wrapToWidth breaks Latin text at spaces, ids after dashes, and cuts over-long words", (t) => {
  t.deepEqual(wrapToWidth("Deep Tissue Massage 60 min", 12), ["Deep Tissue", "Massage 60", "min"]);
  t.deepEqual(wrapToWidth("0b8e1c2a-5f3d-4c6e-9a7b-1d2e3f4a5b6c", 20), [
    "0b8e1c2a-5f3d-4c6e-",
    "9a7b-1d2e3f4a5b6c",
  ]);
  t.deepEqual(wrapToWidth("abcdefghij", 4), ["abcd", "efgh", "ij"]);
  t.deepEqual(wrapToWidth("按摩 Massage 券", 8), ["按摩", "Massage", "券"]);
  t.deepEqual(wrapToWidth("  \x1b[0m ", 8), []);
});
