/**
 * One mock serial device that can be unplugged and plugged back, over serialport's MockBinding.
 *
 * MockBinding alone has no unplug: closing its port cancels reads, which serialport treats as a
 * deliberate close. Here an unplug fails the read in flight with a plain I/O error, as a real
 * binding does when the device vanishes, and opens fail until `plug()`.
 */
import type { BindingInterface, BindingPortInterface, OpenOptions } from "@serialport/bindings-cpp";
import { SerialPortMock } from "serialport";

/** `@serialport/binding-mock` itself, reached through serialport's typed re-export. */
const MockBinding = SerialPortMock.binding;
type MockPort = Awaited<ReturnType<typeof MockBinding.open>>;

export class MockSerialDevice implements BindingInterface {
  private plugged = false;
  private current: UnpluggablePort | undefined;
  /** The options of every open attempt, plugged or not. */
  readonly opens: OpenOptions[] = [];

  /** `path` must be unique per test: MockBinding's registry is shared by the whole process. */
  constructor(readonly path: string) {}

  plug(): void {
    MockBinding.createPort(this.path, { record: true });
    this.plugged = true;
  }

  unplug(): void {
    this.plugged = false;
    this.current?.unplug();
    this.current = undefined;
  }

  /** Bytes from the device, as `port.port.emitData` injects them. */
  emitData(data: Buffer | string): void {
    if (this.current === undefined) throw new Error(`${this.path} is not open`);
    this.current.mock.emitData(data);
  }

  get isOpen(): boolean {
    return this.current?.isOpen ?? false;
  }

  async list() {
    return (await MockBinding.list()).filter((info) => info.path === this.path);
  }

  async open(options: OpenOptions): Promise<BindingPortInterface> {
    this.opens.push(options);
    if (!this.plugged || options.path !== this.path) {
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${options.path}'`), {
        code: "ENOENT",
      });
    }
    this.current = new UnpluggablePort(await MockBinding.open(options));
    return this.current;
  }
}

class UnpluggablePort implements BindingPortInterface {
  private readonly unplugged: Promise<never>;
  private fail: (error: Error) => void = () => {};

  constructor(readonly mock: MockPort) {
    this.unplugged = new Promise<never>((_, reject) => {
      this.fail = reject;
    });
    // Nobody may be reading at the moment of the unplug.
    this.unplugged.catch(() => {});
  }

  unplug(): void {
    this.fail(Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" }));
  }

  get openOptions() {
    return this.mock.openOptions;
  }
  get isOpen() {
    return this.mock.isOpen;
  }
  read(buffer: Buffer, offset: number, length: number) {
    return Promise.race([this.mock.read(buffer, offset, length), this.unplugged]);
  }
  close() {
    return this.mock.close();
  }
  write(buffer: Buffer) {
    return this.mock.write(buffer);
  }
  update(options: Parameters<MockPort["update"]>[0]) {
    return this.mock.update(options);
  }
  set(options: Parameters<MockPort["set"]>[0]) {
    return this.mock.set(options);
  }
  get() {
    return this.mock.get();
  }
  getBaudRate() {
    return this.mock.getBaudRate();
  }
  flush() {
    return this.mock.flush();
  }
  drain() {
    return this.mock.drain();
  }
}
