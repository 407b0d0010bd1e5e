import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { closeSync, openSync } from "node:fs";
import type { BindingPortInterface, OpenOptions } from "@serialport/bindings-cpp";
import test from "ava";
import { hangupAwareBinding } from "../../../../drivers/scanner/hangupAwareBinding.js";
import { MockSerialDevice } from "../../../helpers/mockSerialDevice.js";

const options: OpenOptions = { path: "/dev/fake", baudRate: 9600 };

/** A unix-like port over a real fd; reading /dev/null gives end of file, like a hung-up tty. */
function unixPortOn(fd: number | null) {
  const port = {
    fd,
    poller: new EventEmitter(),
    isOpen: fd !== null,
    openOptions: options,
  } as unknown as BindingPortInterface;
  return hangupAwareBinding({ list: async () => [], open: async () => port });
}

test("end of file on a unix port is an I/O error (a disconnect), not a silent retry", async (t) => {
  const fd = openSync("/dev/null", "r");
  t.teardown(() => closeSync(fd));
  const port = await unixPortOn(fd).open(options);
  const error = await t.throwsAsync(port.read(Buffer.alloc(16), 0, 16));
  t.is((error as NodeJS.ErrnoException).code, "EIO");
  t.not((error as { canceled?: boolean }).canceled, true);
});

test("a closed unix port cancels the read", async (t) => {
  const port = await unixPortOn(null).open(options);
  const error = await t.throwsAsync(port.read(Buffer.alloc(16), 0, 16));
  t.is((error as { canceled?: boolean }).canceled, true);
});

test("ports without an fd (MockBinding) read as before", async (t) => {
  const device = new MockSerialDevice(`/dev/mock-${randomUUID()}`);
  device.plug();
  const port = await hangupAwareBinding(device).open({ path: device.path, baudRate: 9600 });
  device.emitData("ABC");
  const { bytesRead, buffer } = await port.read(Buffer.alloc(16), 0, 16);
  t.is(buffer.subarray(0, bytesRead).toString(), "ABC");
  await port.close();
});
