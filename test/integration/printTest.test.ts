/**
 * `ticket-kiosk print-test` as a person runs it: the real executable, a file printer in a temporary
 * folder and a fake network printer on loopback. It says what the printer reports first, prints the
 * test slip with every kind of character, and refuses a printer that is out of paper.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { runCli } from "../helpers/cliProcess.js";
import { readEscPos } from "../helpers/escposReader.js";
import { fakeTcpPrinter } from "../helpers/fakeEscPosDevice.js";
import { tempDir } from "../helpers/fixtures.js";

async function config(dir: string, printer: Record<string, unknown>): Promise<string> {
  const file = join(dir, "kiosk.json");
  await writeFile(
    file,
    JSON.stringify({
      dataDir: join(dir, "data"),
      device: { id: "kiosk-pt", storeId: "store-a" },
      central: { url: "http://127.0.0.1:9", token: "t" },
      printer,
    }),
  );
  return file;
}

/** Every kind of character, each with what it must look like on paper. */
const expectedText = [
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  "0123456789 1,234.50",
  "電子票券核銷 台北信義 六十卅",
  "龘 齉 爨 麤 猋",
  "碁 銹 裏 墻 恒 粧 嫺",
  "，。、；：？！「」『』",
  "（）【】《》…—～＄％＠",
  "? ? ? ? ?",
  "[QR] TICKET-KIOSK PRINT TEST",
];

test("a file printer: status first, then the test slip as .bin, .txt and an .svg picture", async (t) => {
  const dir = await tempDir("print-test-");
  t.teardown(dir.remove);
  const slips = join(dir.path, "slips");
  const file = await config(dir.path, { kind: "file", dir: slips, paperWidthMm: 58, encoding: "raster" });
  const result = await runCli(["print-test", "--config", file]);
  t.is(result.code, 0, result.stderr);
  const lines = result.stdout.trim().split("\n");
  t.is(lines[0], `printer: file ${slips}`);
  t.is(lines[1], "status: ready (this link cannot report paper or cover)");
  t.regex(lines[2] ?? "", /^sent: test slip, \d+ bytes, raster, 58 mm$/);
  const names = (await readdir(slips)).sort();
  t.is(names.length, 3);
  const base = names[0]?.replace(/\.bin$/, "") ?? "";
  t.regex(base, /^print-test-\d+$/);
  t.deepEqual(names, [`${base}.bin`, `${base}.svg`, `${base}.txt`]);
  t.is(lines[3], `picture: ${slips}/${base}.svg`);
  const text = await readFile(join(slips, `${base}.txt`), "utf8");
  for (const expected of expectedText) t.true(text.includes(expected), `${expected} in:\n${text}`);
  t.true(
    text.includes("the paper 這一行很長，會在紙邊換\n行，不會把一個中文字切成兩半\n"),
    "the long line wraps at 32 columns, between characters",
  );
  const images = readEscPos(await readFile(join(slips, `${base}.bin`))).commands.filter((c) => c[1] === 0x76);
  t.true(images.length > 20, "drawn as raster images");
});

test("a network printer in Big5: the slip goes over the wire after the printer said ready", async (t) => {
  const dir = await tempDir("print-test-");
  t.teardown(dir.remove);
  const fake = await fakeTcpPrinter();
  t.teardown(fake.close);
  const file = await config(dir.path, {
    kind: "tcp",
    host: "127.0.0.1",
    port: fake.port,
    paperWidthMm: 80,
    statusTimeoutMs: 3000,
  });
  const result = await runCli(["print-test", "--config", file]);
  t.is(result.code, 0, result.stderr);
  t.regex(
    result.stdout,
    new RegExp(`^printer: tcp 127\\.0\\.0\\.1:${fake.port}\\nstatus: ready\\nsent: test slip`),
  );
  const printed = readEscPos(fake.device.received()).lines.map((line) => line.text.trim());
  for (const expected of expectedText.slice(0, -1)) t.true(printed.includes(expected), expected);
  t.true(fake.device.queries.length >= 4, "asked at start, at the check and before the job");
});

test("a printer out of paper: says so, what to do, prints nothing and exits 1", async (t) => {
  const dir = await tempDir("print-test-");
  t.teardown(dir.remove);
  const fake = await fakeTcpPrinter();
  t.teardown(fake.close);
  fake.device.state = "paper_out";
  const file = await config(dir.path, {
    kind: "tcp",
    host: "127.0.0.1",
    port: fake.port,
    statusTimeoutMs: 3000,
  });
  const result = await runCli(["print-test", "--config", file]);
  t.is(result.code, 1);
  t.true(result.stdout.includes("status: paper_out\nnot printing: load paper"), result.stdout);
  t.deepEqual(fake.device.received(), Buffer.alloc(0));
});

test("no printer configured: exit 2", async (t) => {
  const dir = await tempDir("print-test-");
  t.teardown(dir.remove);
  const result = await runCli(["print-test", "--config", await config(dir.path, { kind: "none" })]);
  t.is(result.code, 2);
  t.regex(result.stdout, /nothing to test/);
});
