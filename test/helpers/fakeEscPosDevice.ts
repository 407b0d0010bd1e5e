/**
 * The far end of a printer link for tests: it reads what the kiosk sends over a real link (a socat
 * pty, a loopback TCP connection), answers `DLE EOT n` as an Epson-compatible printer in the state
 * the test sets, and keeps everything else (the jobs). Job bytes are split where each query came,
 * so a test can tell whether a query ever landed inside a job.
 */
import { createServer, type Socket } from "node:net";
import { SerialPortStream, systemBinding } from "../../drivers/serialPort.js";

export type FakeDeviceState = "ready" | "paper_out" | "cover_open" | "offline" | "silent";

const DLE = 0x10;
const EOT = 0x04;

export class FakeEscPosDevice {
  state: FakeDeviceState = "ready";
  /** The `n` of every DLE EOT received, in order. */
  readonly queries: number[] = [];
  /** Job bytes between queries: one segment before the first query, then one after each. */
  readonly segments: Buffer[] = [Buffer.alloc(0)];
  private carry = Buffer.alloc(0);

  /** Bytes from the kiosk; `reply` sends bytes back over the same link. */
  feed(chunk: Buffer, reply: (bytes: Buffer) => void): void {
    const bytes = Buffer.concat([this.carry, chunk]);
    const data: number[] = [];
    let i = 0;
    for (; i < bytes.length; i += 1) {
      const byte = bytes[i] ?? 0;
      if (byte !== DLE || (i + 1 < bytes.length && bytes[i + 1] !== EOT)) {
        data.push(byte);
        continue;
      }
      if (i + 2 >= bytes.length) break;
      this.flush(data);
      const n = bytes[i + 2] ?? 0;
      this.queries.push(n);
      this.segments.push(Buffer.alloc(0));
      const answer = this.answer(n);
      if (answer !== undefined) reply(Buffer.from([answer]));
      i += 2;
    }
    this.flush(data);
    this.carry = bytes.subarray(i);
  }

  /** Every job byte, queries left out. */
  received(): Buffer {
    return Buffer.concat(this.segments);
  }

  private flush(data: number[]): void {
    if (data.length === 0) return;
    const last = this.segments.length - 1;
    this.segments[last] = Buffer.concat([this.segments[last] ?? Buffer.alloc(0), Buffer.from(data)]);
    data.length = 0;
  }

  /** The status byte for DLE EOT n (bits 1 and 4 always set), or nothing from a silent printer. */
  private answer(n: number): number | undefined {
    const state = this.state;
    if (state === "silent") return undefined;
    switch (n) {
      case 1:
        return 0x12 | (state === "ready" ? 0 : 0x08);
      case 2:
        return (
          0x12 |
          (state === "cover_open" ? 0x04 : 0) |
          (state === "paper_out" ? 0x20 : 0) |
          (state === "offline" ? 0x40 : 0)
        );
      case 4:
        return 0x12 | (state === "paper_out" ? 0x60 : 0);
      default:
        return 0x12;
    }
  }
}

/** The fake printer on one end of a pty pair (the kiosk opens the other). */
export async function fakeSerialPrinter(
  path: string,
): Promise<{ device: FakeEscPosDevice; close: () => Promise<void> }> {
  const device = new FakeEscPosDevice();
  const port = new SerialPortStream({ binding: systemBinding, path, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  port.on("data", (chunk: Buffer) => device.feed(chunk, (bytes) => port.write(bytes)));
  port.on("error", () => {});
  return {
    device,
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}

/** A fake network printer on a random loopback port; `connections` counts those accepted. */
export async function fakeTcpPrinter(): Promise<{
  device: FakeEscPosDevice;
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}> {
  const device = new FakeEscPosDevice();
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on("data", (chunk: Buffer) => device.feed(chunk, (bytes) => socket.write(bytes)));
    socket.on("end", () => socket.end());
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    device,
    port: address.port,
    connections: () => sockets.length,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
