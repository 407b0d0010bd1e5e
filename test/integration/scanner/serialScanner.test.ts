/**
 * SerialScanner on a real pseudo-terminal through the real serialport binding: the path a USB
 * scanner takes, minus the USB. Unplug is stopping socat, replug starting it again on the same
 * links (new ptys behind the same names, as a re-enumerated USB device).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { silentLogger } from "../../../device/logger.js";
import { SerialScanner, type SerialScannerOptions } from "../../../drivers/scanner/serialScanner.js";
import { type PtyPair, startPtyPair } from "../../helpers/ptyPair.js";
import { ScanRecorder } from "../../helpers/scanRecorder.js";

/** A scanner on end B of a socat pair that is (re)started with `plug`; all torn down after. */
async function rig(
  t: ExecutionContext,
  options: Pick<SerialScannerOptions, "terminator" | "interByteTimeoutMs">,
) {
  const dir = await mkdtemp(join(tmpdir(), "kiosk-scanner-"));
  const a = join(dir, "A");
  const b = join(dir, "B");
  let pair: PtyPair | undefined;
  const scanner = new SerialScanner({ path: b, baudRate: 115200, ...options }, { logger: silentLogger });
  t.teardown(async () => {
    await scanner.stop();
    await pair?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    scanner,
    recorder: new ScanRecorder(scanner),
    plug: async () => {
      pair = await startPtyPair(a, b);
    },
    unplug: async () => pair?.stop(),
    /** Bytes from the scanner's side of the cable. */
    send: (data: string) => writeFile(a, data),
  };
}

test("reads CR, LF and CRLF codes at 115200, survives unplug and replug", async (t) => {
  const { scanner, recorder, plug, unplug, send } = await rig(t, {
    terminator: "cr",
    interByteTimeoutMs: 60,
  });
  await plug();
  await scanner.start();
  t.is(scanner.state(), "connected");

  await send("PTY-CR-0001\r");
  await send("PTY-LF-0002\n");
  await send("PTY-CRLF-0003\r\nPTY-CRLF-0004\r\n");
  await recorder.waitForScans(4);
  t.deepEqual(recorder.codes, ["PTY-CR-0001", "PTY-LF-0002", "PTY-CRLF-0003", "PTY-CRLF-0004"]);
  t.is(scanner.framingCounters().droppedEmpty, 0);

  await unplug();
  await recorder.waitForState("disconnected");
  t.is(scanner.state(), "disconnected");

  await plug();
  await recorder.waitForState("connected", 2, 15_000);
  await send("PTY-AGAIN-0005\r");
  await recorder.waitForScans(5);
  t.is(recorder.codes.at(-1), "PTY-AGAIN-0005");
  t.deepEqual(recorder.states, ["connected", "disconnected", "connected"]);
});

test("absent device at start: start resolves, then connects when the device appears", async (t) => {
  const { scanner, recorder, plug, send } = await rig(t, { terminator: "none", interByteTimeoutMs: 30 });
  await scanner.start();
  t.is(scanner.state(), "disconnected");
  await plug();
  await recorder.waitForState("connected", 1, 15_000);
  await send("NO-TERMINATOR-0001");
  await recorder.waitForScans(1);
  t.deepEqual(recorder.codes, ["NO-TERMINATOR-0001"]);
});
