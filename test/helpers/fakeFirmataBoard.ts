/**
 * An Arduino Uno running StandardFirmata, in software, on the far end of a socat pseudo-terminal:
 * the real firmata-io, serialport and johnny-five talk to it as to a board on USB.
 *
 * It announces itself (protocol version and firmware name) the way a board does after the reset
 * that opening its port causes, answers the capability and analog-mapping queries, keeps the
 * level of every pin the host writes (digital port messages, PWM analog messages) with its time,
 * and reports input changes (a button) as digital port messages.
 */
import { SerialPortStream, systemBinding } from "../../drivers/serialPort.js";

const REPORT_VERSION = 0xf9;
const START_SYSEX = 0xf0;
const END_SYSEX = 0xf7;
const QUERY_FIRMWARE = 0x79;
const CAPABILITY_QUERY = 0x6b;
const CAPABILITY_RESPONSE = 0x6c;
const ANALOG_MAPPING_QUERY = 0x69;
const ANALOG_MAPPING_RESPONSE = 0x6a;
const PIN_MODE = 0xf4;
const DIGITAL_MESSAGE = 0x90;
const ANALOG_MESSAGE = 0xe0;
const REPORT_DIGITAL = 0xd0;
const REPORT_ANALOG = 0xc0;

const INPUT = 0;
const OUTPUT = 1;
const ANALOG = 2;
const PWM = 3;
const PULLUP = 0x0b;
const pwmPins = new Set([3, 5, 6, 9, 10, 11]);
const pinCount = 20;

export interface PinWrite {
  readonly pin: number;
  readonly value: number;
  readonly atMs: number;
}

/** Bytes each command takes, by its first byte (high nibble for the channel messages). */
function commandLength(first: number): number {
  if (first === PIN_MODE) return 3;
  if (first === REPORT_VERSION) return 1;
  const kind = first & 0xf0;
  if (kind === DIGITAL_MESSAGE || kind === ANALOG_MESSAGE) return 3;
  if (kind === REPORT_DIGITAL || kind === REPORT_ANALOG) return 2;
  return 1;
}

export class FakeFirmataBoard {
  readonly modes = new Map<number, number>();
  /** Every output's first level and each change after, in order. */
  readonly writes: PinWrite[] = [];
  /** The port values the host wrote last, per port (input bits: pull-ups). */
  private readonly ports = new Map<number, number>();
  private readonly inputs = new Map<number, number>();
  /** Ports whose inputs the host asked to have reported. */
  private readonly reporting = new Set<number>();
  private port: SerialPortStream | undefined;
  private announcer: NodeJS.Timeout | undefined;
  private pending: number[] = [];
  private readonly startedAt = performance.now();

  constructor(private readonly path: string) {}

  async start(): Promise<void> {
    const port = new SerialPortStream({
      binding: systemBinding,
      path: this.path,
      baudRate: 57_600,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) => port.open((e) => (e === null ? resolve() : reject(e))));
    port.on("data", (chunk: Buffer) => this.receive(chunk));
    // The far end going away (socat stopped) must not crash the test process.
    port.on("error", () => {});
    this.port = port;
    // Until the host speaks, announce as a freshly reset board does.
    this.announcer = setInterval(() => this.announce(), 100);
    this.announce();
  }

  async stop(): Promise<void> {
    clearInterval(this.announcer);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** The level the host last set on `pin` (0 when never written). */
  level(pin: number): number {
    return [...this.writes].reverse().find((w) => w.pin === pin)?.value ?? 0;
  }

  /** The values written to `pin`, in order. */
  history(pin: number): number[] {
    return this.writes.filter((w) => w.pin === pin).map((w) => w.value);
  }

  /** Whether the host asked for `pin`'s port to be reported (its buttons are watched). */
  reports(pin: number): boolean {
    return this.reporting.has(pin >> 3);
  }

  /** An input pin changes level (a button to ground: 0 pressed, 1 released). */
  setInput(pin: number, value: 0 | 1): void {
    this.inputs.set(pin, value);
    this.reportPort(pin >> 3);
  }

  /**
   * A port's levels, as StandardFirmata sends them when reporting starts and on every change: a
   * pin no test set reads what its latch says (an input whose latch is high is pulled up).
   */
  private reportPort(portNumber: number): void {
    let bits = 0;
    for (let bit = 0; bit < 8; bit += 1) {
      const p = portNumber * 8 + bit;
      const level = this.inputs.get(p) ?? ((this.ports.get(portNumber) ?? 0) >> bit) & 1;
      bits |= level << bit;
    }
    this.send([DIGITAL_MESSAGE | portNumber, bits & 0x7f, bits >> 7]);
  }

  private announce(): void {
    const name = [...Buffer.from("StandardFirmata.ino")].flatMap((byte) => [byte & 0x7f, byte >> 7]);
    this.send([REPORT_VERSION, 2, 5, START_SYSEX, QUERY_FIRMWARE, 2, 5, ...name, END_SYSEX]);
  }

  private send(bytes: number[]): void {
    if (this.port?.isOpen) this.port.write(Buffer.from(bytes));
  }

  private receive(chunk: Buffer): void {
    clearInterval(this.announcer);
    this.pending.push(...chunk);
    for (;;) {
      const first = this.pending[0];
      if (first === undefined) return;
      if (first === START_SYSEX) {
        const end = this.pending.indexOf(END_SYSEX);
        if (end < 0) return;
        this.sysex(this.pending.slice(1, end));
        this.pending = this.pending.slice(end + 1);
        continue;
      }
      const length = commandLength(first);
      if (this.pending.length < length) return;
      this.command(this.pending.slice(0, length));
      this.pending = this.pending.slice(length);
    }
  }

  private sysex([command]: number[]): void {
    if (command === QUERY_FIRMWARE) this.announce();
    if (command === CAPABILITY_QUERY) {
      const pins = Array.from({ length: pinCount }, (_, pin) => {
        if (pin < 2) return [0x7f];
        const modes = [INPUT, 1, OUTPUT, 1, PULLUP, 1];
        if (pwmPins.has(pin)) modes.push(PWM, 8);
        if (pin >= 14) modes.push(ANALOG, 10);
        return [...modes, 0x7f];
      });
      this.send([START_SYSEX, CAPABILITY_RESPONSE, ...pins.flat(), END_SYSEX]);
    }
    if (command === ANALOG_MAPPING_QUERY) {
      const channels = Array.from({ length: pinCount }, (_, pin) => (pin >= 14 ? pin - 14 : 0x7f));
      this.send([START_SYSEX, ANALOG_MAPPING_RESPONSE, ...channels, END_SYSEX]);
    }
  }

  private command([first = 0, a = 0, b = 0]: number[]): void {
    const atMs = performance.now() - this.startedAt;
    if (first === PIN_MODE) this.modes.set(a, b);
    else if ((first & 0xf0) === REPORT_DIGITAL) {
      if (a === 1) this.reporting.add(first & 0x0f);
      else this.reporting.delete(first & 0x0f);
      if (a === 1) this.reportPort(first & 0x0f);
    } else if (first === REPORT_VERSION) this.announce();
    else if ((first & 0xf0) === DIGITAL_MESSAGE) {
      const portNumber = first & 0x0f;
      const bits = a | (b << 7);
      this.ports.set(portNumber, bits);
      for (let bit = 0; bit < 8; bit += 1) {
        const pin = portNumber * 8 + bit;
        const value = (bits >> bit) & 1;
        // A port message carries all eight pins: record the outputs it set or changed. (Writes to
        // input pins switch their pull-ups.)
        if (this.modes.get(pin) === OUTPUT) this.record(pin, value, atMs);
      }
      if (this.reporting.has(portNumber)) this.reportPort(portNumber);
    } else if ((first & 0xf0) === ANALOG_MESSAGE) {
      this.record(first & 0x0f, a | (b << 7), atMs);
    }
  }

  /** Keeps a write that sets a pin for the first time or changes it. */
  private record(pin: number, value: number, atMs: number): void {
    if (!this.writes.some((w) => w.pin === pin) || this.level(pin) !== value)
      this.writes.push({ pin, value, atMs });
  }
}
