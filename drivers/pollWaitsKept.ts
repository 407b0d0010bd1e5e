/**
 * A serialport binding whose ports never forget a wait for their device.
 *
 * On Linux and macOS, bindings-cpp 13 waits for a port with one libuv poll handle, and each
 * `poll(events)` restarts that handle with only the events just asked for (its src/poller.cpp calls
 * `uv_poll_start(handle, events, …)`, not with every event still awaited). A read that finds
 * nothing (EAGAIN) while a write waits for room in the device's buffer thus switches the write's
 * wait off: the write stalls until the device next sends a byte. A serial printer asks its status
 * and reads the answer while the previous slip is still being written, so a raster slip (60 KB at
 * 80 mm, far more than a tty buffer holds) could stall half sent until the print timed out, and a
 * retry printed the slip again. Here each poll also asks for every event a caller still awaits.
 *
 * Ports without a poller (MockBinding, Windows) pass through unchanged.
 */
import type { BindingInterface, BindingPortInterface } from "@serialport/bindings-cpp";

/** bindings-cpp's poll flags (its poller's `EVENTS`), by the event each one wakes. */
const pollFlags = { readable: 0b001, writable: 0b010, disconnect: 0b100 } as const;

interface Poller {
  poll(flags?: number): void;
  listenerCount(event: string): number;
}

function pollerOf(port: BindingPortInterface): Poller | undefined {
  const poller = (port as { poller?: Partial<Poller> }).poller;
  return typeof poller?.poll === "function" && typeof poller.listenerCount === "function"
    ? (poller as Poller)
    : undefined;
}

/** The flags of every event someone still waits for on this poller. */
function awaited(poller: Poller): number {
  let flags = 0;
  for (const [event, flag] of Object.entries(pollFlags)) {
    if (poller.listenerCount(event) > 0) flags |= flag;
  }
  return flags;
}

export function pollWaitsKept(binding: BindingInterface): BindingInterface {
  return {
    list: () => binding.list(),
    open: async (options) => {
      const port = await binding.open(options);
      const poller = pollerOf(port);
      if (poller !== undefined) {
        const poll = poller.poll.bind(poller);
        poller.poll = (flags = 0) => poll(flags | awaited(poller));
      }
      return port;
    },
  };
}
