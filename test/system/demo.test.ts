/**
 * `npm start` as a newcomer meets it: the demo in a real terminal (tmux), a demo clerk's PIN from
 * the login screen, a demo code typed in, two units confirmed, the result on screen and the slip on
 * disk.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import iconv from "iconv-lite";
import { mainScript } from "../helpers/cliProcess.js";
import { tempDir } from "../helpers/fixtures.js";
import { startTmux } from "../helpers/tmuxTerminal.js";
import { logIn, pressEscape } from "./clerkKeys.js";

/** The slip is printed just after the screen says redeemed: wait for it briefly. */
async function slipFiles(dir: string): Promise<string[]> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const files = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith(".bin"));
    if (files.length > 0) return files;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}

test("the demo redeems a demo code through the terminal UI and writes its slip", async (t) => {
  const dir = await tempDir("tk-demo-");
  const terminal = await startTmux(`TERM=linux ${process.execPath} ${mainScript} demo --data ${dir.path}`);
  t.teardown(async () => {
    await terminal.close();
    await dir.remove();
  });

  const login = await terminal.waitFor("店員登入");
  t.regex(login, /246810 {2}王小明（主管）/, "the demo shows its clerks' PINs on the login screen");
  t.regex(
    login,
    /後台網頁：http:\/\/127\.0\.0\.1:\d+（帳號 demo，密碼 demo-console）/,
    "and where its web console is",
  );
  await logIn(terminal, "246810");
  const scan = await terminal.waitFor("請掃描");
  t.regex(scan, /DEMO-SPA-5/, "demo codes are listed for a newcomer");
  t.regex(scan, /連線/, "the status bar shows the kiosk online");

  await terminal.type("DEMO-YOGA-2");
  await terminal.keys("Enter");
  const confirm = await terminal.waitFor("確認核銷數量");
  t.regex(confirm, /瑜珈五堂課程卡/);
  t.regex(confirm, /剩餘 \/ 總數 +2 \/ 5/);

  await terminal.keys("+");
  await terminal.waitFor(/核銷數量 +2/);
  await terminal.keys("Enter");
  const result = await terminal.waitFor("核銷成功");
  t.regex(result, /✔/);
  t.regex(result, /剩餘 \/ 總數 +0 \/ 5/);

  const slips = join(dir.path, "slips");
  const files = await slipFiles(slips);
  t.is(files.length, 1);
  const text = iconv.decode(await readFile(join(slips, files[0] ?? "")), "cp950");
  t.true(text.includes("瑜珈五堂課程卡"));
  t.regex(
    await readFile(join(slips, (files[0] ?? "").replace(".bin", ".txt")), "utf8"),
    /本次核銷 Redeemed +2/,
  );

  await pressEscape(terminal, "請掃描");
  await terminal.type("DEMO-BUFFET-DONE");
  await terminal.keys("Enter");
  const refused = await terminal.waitFor("票券已全數核銷");
  t.regex(refused, /✖/);

  // Another store's ticket is named as such, not unknown (issue 11).
  await pressEscape(terminal, "請掃描");
  await terminal.type("DEMO-OTHER-STORE");
  await terminal.keys("Enter");
  const elsewhere = await terminal.waitFor("限 台中公益店 使用");
  t.regex(elsewhere, /✖ 限 台中公益店 使用/);
  t.false(elsewhere.includes("查無此票券"));

  await terminal.keys("C-c");
  const deadline = Date.now() + 10_000;
  while ((await terminal.alive()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  t.false(await terminal.alive(), "Ctrl+C quits the demo");
});
