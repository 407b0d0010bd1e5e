/**
 * The composition root's feedback wiring, in-process with the real kiosk, journal, HTTP client and
 * central service: a board's buttons drive the session like keys, every committed redemption
 * pulses the gate (a refusal never does), and the kiosk's signals follow the outcomes.
 */
import { once } from "node:events";
import { PassThrough } from "node:stream";
import test, { type ExecutionContext } from "ava";
import { parseConfig } from "../../device/config.js";
import { Kiosk } from "../../device/kiosk.js";
import { silentLogger } from "../../device/logger.js";
import type { DecisionResult } from "../../device/redemptionService.js";
import { FakeFeedback } from "../../drivers/feedback/fakeFeedback.js";
import { FakePrinter } from "../../drivers/printer/fakePrinter.js";
import { FakeScanner } from "../../drivers/scanner/fakeScanner.js";
import { startCentral } from "../helpers/centralHarness.js";
import { tempDir } from "../helpers/fixtures.js";
import { installPinKey } from "../helpers/pinKeyInstall.js";
import { waitUntil } from "../helpers/scanRecorder.js";

/** A terminal for the kiosk's screen (the session needs a UI to ask), and what was drawn on it. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: false,
    setRawMode: () => input,
  });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows: 24 });
  let drawn = "";
  output.on("data", (chunk: Buffer) => {
    drawn += chunk.toString("utf8");
  });
  return { input, output, drawn: () => drawn };
}

async function kiosk(t: ExecutionContext) {
  const central = await startCentral(t);
  const dir = await tempDir("tk-feedback-");
  const issued = await central.deviceFor("kiosk-fb", "store-a");
  await installPinKey(dir.path, issued.pinKey);
  const config = parseConfig({
    dataDir: dir.path,
    device: { id: "kiosk-fb", storeId: "store-a" },
    central: { url: central.url, token: issued.token, timeoutMs: 2000 },
    scanner: { kind: "none" },
    printer: { kind: "file", dir: `${dir.path}/slips` },
    ui: { kind: "blessed", confirm: "ask" },
  });
  const scanner = new FakeScanner("serial");
  const feedback = new FakeFeedback();
  const terminal = fakeTerminal();
  const running = new Kiosk(config, {
    logger: silentLogger,
    version: "test",
    scanner,
    feedback,
    printer: new FakePrinter("file"),
    terminal,
  });
  t.teardown(async () => {
    await running.stop();
    await dir.remove();
  });
  await running.start();
  // Counter mode redeems only for a clerk logged in (issue 5): c1 logs in once the clerks have synced.
  for (let tries = 0; (await running.backOffice()?.login("246810"))?.ok !== true; tries += 1) {
    if (tries > 100) throw new Error("the store's clerks never reached the kiosk");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { kiosk: running, scanner, feedback, drawn: terminal.drawn };
}

test("buttons act like keys through the kiosk; a redemption pulses the gate once, a refusal never", async (t) => {
  const { kiosk: running, scanner, feedback, drawn } = await kiosk(t);
  const decided = once(running, "decision") as Promise<[DecisionResult]>;
  scanner.emitCode("TK-FIVE");
  await waitUntil(() => drawn().includes("確認核銷數量"), "the confirm screen", 10_000);
  feedback.press("plus");
  feedback.press("plus");
  feedback.press("minus");
  feedback.press("confirm");
  const [decision] = await decided;
  t.like(decision, { outcome: "ok", code: "TK-FIVE", quantity: 2 });
  t.deepEqual(feedback.signals, ["ok"]);
  t.is(feedback.gates, 1);

  await waitUntil(() => drawn().includes("核銷成功"), "the result screen");
  feedback.press("cancel"); // back to scanning
  const refused = once(running, "decision") as Promise<[DecisionResult]>;
  scanner.emitCode("TK-EXPIRED");
  t.like((await refused)[0], { outcome: "expired" });
  t.deepEqual(feedback.signals, ["ok", "refused"]);
  t.is(feedback.gates, 1, "no gate for a refusal");
});
