/**
 * The dump file (central/centralDump.ts) and its progress (central/dumpProgress.ts): exact bytes
 * written, every kind of damage refused with the line it is on, progress lines by count.
 */
import { PassThrough, Readable } from "node:stream";
import test from "ava";
import { DumpFormatError, readDump, writeDump } from "../../../central/centralDump.js";
import { DumpProgressReport } from "../../../central/dumpProgress.js";
import type { DumpRecord } from "../../../central/store/dumpRecord.js";

const records: DumpRecord[] = [
  { kind: "counters", rev: 2, seq: 0, changedAtMs: 5 },
  { kind: "store", record: { name: "台北信義店", id: "store-a" } },
];

async function* batches(): AsyncGenerator<DumpRecord[]> {
  yield records.slice(0, 1);
  yield records.slice(1);
}

async function written(): Promise<string> {
  const out = new PassThrough();
  await writeDump({ exportedAt: "2026-12-04T05:00:00.000Z", from: "leveldb" }, batches(), out);
  out.end();
  return String(out.read());
}

async function readAll(text: string): Promise<DumpRecord[]> {
  const all: DumpRecord[] = [];
  for await (const batch of readDump(Readable.from([text]))) all.push(...batch);
  return all;
}

test("a dump is a header, one line a record with its keys sorted, and an end line", async (t) => {
  t.is(
    await written(),
    '{"exportedAt":"2026-12-04T05:00:00.000Z","format":"ticket-kiosk-central-dump","from":"leveldb","version":1}\n' +
      '{"changedAtMs":5,"kind":"counters","rev":2,"seq":0}\n' +
      '{"kind":"store","record":{"id":"store-a","name":"台北信義店"}}\n' +
      '{"kind":"end","records":2}\n',
  );
  t.deepEqual(await readAll(await written()), records);
});

test("a file cut short, a bad line, another version or no header is refused, naming where", async (t) => {
  const whole = await written();
  const lines = whole.trimEnd().split("\n");
  const refused = async (text: string) =>
    (await t.throwsAsync(readAll(text), { instanceOf: DumpFormatError })).message;
  t.regex(await refused(`${lines.slice(0, 3).join("\n")}\n`), /without its end line: cut short/);
  t.regex(await refused(whole.replace('"records":2', '"records":3')), /counts 3 records, the file holds 2/);
  t.regex(await refused(whole.replace('"kind":"store"', '"kind":"shop"')), /line 3: not a record/);
  t.regex(await refused(whole.replace('"rev":2', '"rev":2,')), /line 2: not JSON/);
  t.regex(
    await refused(whole.replace('"version":1', '"version":2')),
    /version 2; this program reads version 1/,
  );
  t.regex(await refused(lines.slice(1).join("\n")), /line 1: not a ticket-kiosk-central-dump header/);
  t.regex(await refused(""), /empty/);
  t.regex(await refused(`${whole}{"kind":"store"}\n`), /after the end line/);
});

test("progress on a pipe: a JSON line every 100,000 records and one at the end, whatever the time", (t) => {
  const pipe = new PassThrough();
  let nowMs = 0;
  const report = new DumpProgressReport("export", pipe, () => nowMs);
  for (let done = 1000; done <= 250_000; done += 1000) {
    nowMs += 10;
    report.listener(done);
  }
  report.finish();
  const lines = String(pipe.read())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { event: string; records: number });
  t.deepEqual(
    lines.map((line) => [line.event, line.records]),
    [
      ["export_progress", 100_000],
      ["export_progress", 200_000],
      ["export_done", 250_000],
    ],
  );
});

test("progress on a terminal: one line redrawn at most once a second, ended with a newline", (t) => {
  const terminal = Object.assign(new PassThrough(), { isTTY: true });
  let nowMs = 0;
  const report = new DumpProgressReport("restore", terminal, () => nowMs);
  nowMs = 500;
  report.listener(500); // drawn: the first
  nowMs = 900;
  report.listener(900); // within the second: not drawn
  nowMs = 2000;
  report.listener(2000);
  report.finish();
  t.is(
    String(terminal.read()),
    "\rrestore 500 records 1000/s\rrestore 2000 records 1000/s\rrestore 2000 records 1000/s\n",
  );
});
