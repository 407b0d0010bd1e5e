/**
 * The system serialport binding on a real pseudo-terminal: a write that waits for room in the tty
 * buffer still finishes once a read on the same port has started waiting too
 * (drivers/pollWaitsKept.ts). The order of the two waits is made, not hoped for: each step waits
 * until the port's poller holds the wait before the next begins.
 */
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { BindingPortInterface } from "@serialport/bindings-cpp";
import test from "ava";
import { systemBinding } from "../../drivers/serialPort.js";
import { tempDir } from "../helpers/fixtures.js";
import { startPtyPair } from "../helpers/ptyPair.js";
import { waitUntil } from "../helpers/scanRecorder.js";

interface PollerView {
  listenerCount(event: string): number;
}

/** Reads `total` bytes from `port`, or says how far it got once nothing came for `quietMs`. */
async function readAll(port: BindingPortInterface, total: number, quietMs: number): Promise<number> {
  const buffer = Buffer.alloc(65_536);
  let got = 0;
  while (got < total) {
    const next = port.read(buffer, 0, buffer.length).then(({ bytesRead }) => bytesRead);
    const bytesRead = await Promise.race([next, sleep(quietMs).then(() => undefined)]);
    if (bytesRead === undefined) return got;
    got += bytesRead;
  }
  return got;
}

test("a write waiting for room in the tty is not forgotten when a read starts waiting", async (t) => {
  const dir = await tempDir("poll-waits-");
  t.teardown(dir.remove);
  const pair = await startPtyPair(join(dir.path, "A"), join(dir.path, "B"));
  t.teardown(() => pair.stop());
  // The far end is open before anything is written: opening a tty discards what waits in it.
  const far = await systemBinding.open({ path: pair.a, baudRate: 115_200 });
  t.teardown(() => (far.isOpen ? far.close() : undefined));
  const port = await systemBinding.open({ path: pair.b, baudRate: 115_200 });
  t.teardown(() => (port.isOpen ? port.close() : undefined));
  const poller = (port as unknown as { poller: PollerView }).poller;

  // A megabyte is far more than the ptys and socat hold, so the write must wait for room.
  const bytes = Buffer.alloc(1 << 20, 0x41);
  const writing = port.write(bytes).then(
    () => true,
    () => false,
  );
  await waitUntil(() => poller.listenerCount("writable") > 0, "the write's wait");
  // The device has sent nothing, so this read finds nothing and waits for the port too.
  const reading = port.read(Buffer.alloc(16), 0, 16).catch(() => undefined);
  await waitUntil(() => poller.listenerCount("readable") > 0, "the read's wait");

  // Room is made only now; the write must notice it without any byte coming back.
  const received = await readAll(far, bytes.length, 5000);
  t.is(received, bytes.length, `the write stalled after ${received} of ${bytes.length} bytes`);
  t.true(await writing);
  await port.close();
  await reading;
});
