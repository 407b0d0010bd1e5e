/**
 * A serialport binding in which a hung-up tty is a disconnect.
 *
 * When a USB-serial device is unplugged, or the far end of a pty goes away, Linux hangs the tty
 * up and read() returns 0 (end of file) forever. bindings-cpp reads again at once on 0 bytes
 * (serialport/bindings-cpp#162; still so in 13.0.0), so the port never reports the unplug and
 * spins a CPU core instead. Here a 0-byte read rejects with an I/O error, which serialport turns
 * into a `DisconnectedError` and a `close`, and the scanner reconnects.
 *
 * Only the unix ports (they expose `fd` and `poller`) get the new read; others (MockBinding,
 * Windows) pass through unchanged. The read follows bindings-cpp's `unixRead` otherwise:
 * EAGAIN/EWOULDBLOCK/EINTR wait for the poller's `readable`; closing the port cancels the wait.
 */

import { read } from "node:fs";
import { promisify } from "node:util";
import type { BindingInterface, BindingPortInterface, OpenOptions } from "@serialport/bindings-cpp";

const readAsync = promisify(read);

interface UnixPort extends BindingPortInterface {
  readonly fd: number | null;
  readonly poller: { once(event: "readable", callback: (error: Error | null) => void): unknown };
}

function isUnixPort(port: BindingPortInterface): port is UnixPort {
  return "fd" in port && "poller" in port;
}

export function hangupAwareBinding(binding: BindingInterface): BindingInterface {
  return {
    list: () => binding.list(),
    open: async (options: OpenOptions) => {
      const port = await binding.open(options);
      return isUnixPort(port) ? new HangupAwarePort(port) : port;
    },
  };
}

/** serialport treats a rejection with `canceled` as a deliberate close, anything else as an unplug. */
function canceled(): Error {
  return Object.assign(new Error("Port is not open"), { canceled: true });
}

const waitAgainCodes = new Set(["EAGAIN", "EWOULDBLOCK", "EINTR"]);

class HangupAwarePort implements BindingPortInterface {
  constructor(private readonly port: UnixPort) {}

  get openOptions() {
    return this.port.openOptions;
  }
  get isOpen() {
    return this.port.isOpen;
  }

  async read(buffer: Buffer, offset: number, length: number) {
    for (;;) {
      const fd = this.port.fd;
      if (fd === null) throw canceled();
      let bytesRead: number;
      try {
        ({ bytesRead } = await readAsync(fd, buffer, offset, length, null));
      } catch (error) {
        if (!waitAgainCodes.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
        if (!this.port.isOpen) throw canceled();
        await this.readable();
        continue;
      }
      if (bytesRead === 0) {
        throw Object.assign(new Error("EIO: the device hung up (read returned end of file)"), {
          code: "EIO",
        });
      }
      return { bytesRead, buffer };
    }
  }

  private readable(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.port.poller.once("readable", (error) => (error === null ? resolve() : reject(error)));
    });
  }

  close() {
    return this.port.close();
  }
  write(buffer: Buffer) {
    return this.port.write(buffer);
  }
  update(options: Parameters<BindingPortInterface["update"]>[0]) {
    return this.port.update(options);
  }
  set(options: Parameters<BindingPortInterface["set"]>[0]) {
    return this.port.set(options);
  }
  get() {
    return this.port.get();
  }
  getBaudRate() {
    return this.port.getBaudRate();
  }
  flush() {
    return this.port.flush();
  }
  drain() {
    return this.port.drain();
  }
}
