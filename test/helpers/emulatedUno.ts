/**
 * An Arduino Uno running the real StandardFirmata image, emulated instruction by instruction with
 * avr8js (an ATmega328P at 16 MHz: CPU, timers 0–2, USART0, ADC, ports B, C and D), on the far end
 * of a socat pseudo-terminal. The kiosk's own serialport, firmata-io and johnny-five talk to it as
 * to a board on USB; nothing in between knows Firmata.
 *
 * What a wired board adds to the chip, this models too:
 * - Opening the port resets the board (the Uno's DTR line), so the firmware announces itself to
 *   whoever just opened it: `resetOnOpen` wraps the host's serial binding to do that.
 * - Push buttons between a pin and ground: a pressed button reads low; a released one reads high
 *   only if the firmware turned the pin's pull-up on (a floating pin is taken as low, so firmware
 *   that forgot the pull-up reads as a held button).
 * - Bytes from the host reach the USART one character time apart (57600 baud, 8N1), as on the wire.
 *
 * Time is the emulated clock's: every pin edge is recorded with the cycle it happened at, and
 * `schedule` runs the host's pattern timers on that clock too. The link's own delay (socat, the
 * event loop) is taken out: while bytes the host wrote are on their way, the chip waits for them,
 * as if the wire were instant. So a 120 ms beep lasts 120 ms of emulated time plus the Firmata
 * messages' time on the 57600-baud wire, however slowly the machine runs the emulation. The
 * emulation runs no faster than real time, and as fast as it can when it falls behind.
 */
import { readFile } from "node:fs/promises";
import type { BindingInterface } from "@serialport/bindings-cpp";
import {
  AVRADC,
  AVRIOPort,
  AVRTimer,
  AVRUSART,
  adcConfig,
  avrInstruction,
  CPU,
  PinState,
  portBConfig,
  portCConfig,
  portDConfig,
  timer0Config,
  timer1Config,
  timer2Config,
  usart0Config,
} from "avr8js";
import type { Schedule } from "../../drivers/feedback/outputPlayer.js";
import { SerialPortStream, systemBinding } from "../../drivers/serialPort.js";
import { parseIntelHex } from "./intelHex.js";

export const clockHz = 16_000_000;
const cyclesPerMs = clockHz / 1000;
/** The longest stretch run without letting the event loop (the host's serial port) take a turn. */
const maxSliceCycles = 5 * cyclesPerMs;
const flashBytes = 32 * 1024;

export const standardFirmataHex = new URL(
  "../../../test/fixtures/firmata/StandardFirmata.cpp.hex",
  import.meta.url,
);

/** Uno pin numbers to ports: D0–7 are port D, D8–13 port B, A0–A5 (14–19) port C. */
function portBit(pin: number): { readonly port: "B" | "C" | "D"; readonly bit: number } {
  if (pin < 8) return { port: "D", bit: pin };
  if (pin < 14) return { port: "B", bit: pin - 8 };
  if (pin < 20) return { port: "C", bit: pin - 14 };
  throw new Error(`an Uno has no pin ${pin}`);
}

export interface PinEdge {
  readonly pin: number;
  readonly level: 0 | 1;
  /** Emulated clock cycles since the first power-on. */
  readonly cycle: number;
}

interface Chip {
  readonly cpu: CPU;
  readonly usart: AVRUSART;
  readonly ports: Readonly<Record<"B" | "C" | "D", AVRIOPort>>;
}

export class EmulatedUno {
  /** Every change of a pin driven as an output (high or low), in order. */
  readonly edges: PinEdge[] = [];
  private flash: Uint16Array<ArrayBufferLike> = new Uint16Array(flashBytes / 2);
  private readonly pressed = new Set<number>();
  private readonly levels = new Map<number, 0 | 1>();
  private chip: Chip | undefined;
  private port: SerialPortStream | undefined;
  private received: number[] = [];
  private transmitted: number[] = [];
  /** Cycles run by the chips before the current one (each reset starts a new chip at 0). */
  private cyclesBefore = 0;
  /** When the current chip was powered on, on the wall clock: it runs no faster than that. */
  private poweredOnAtMs = 0;
  /** Each kind of timer needs its own clear: clearImmediate on a Timeout corrupts the immediate queue. */
  private cancelSlice = () => {};
  private running = false;
  /** Bytes the host has written that have not reached the board's end of the link yet. */
  private inFlight = 0;
  /** Writes the host's binding has not finished. */
  private writing = 0;
  /** Host callbacks due at an emulated cycle, in the order they were scheduled. */
  private timers: { readonly atCycle: number; readonly run: () => void }[] = [];

  constructor(
    /** The host's end of the pseudo-terminal pair. */
    private readonly path: string,
    /** The pins with a push button to ground. */
    private readonly buttons: readonly number[],
    private readonly firmware: URL = standardFirmataHex,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    const image = parseIntelHex(await readFile(this.firmware, "latin1"), flashBytes);
    this.flash = new Uint16Array(image.buffer, image.byteOffset, image.byteLength / 2);
    const port = new SerialPortStream({
      binding: systemBinding,
      path: this.path,
      baudRate: 57_600,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) => port.open((e) => (e === null ? resolve() : reject(e))));
    port.on("data", (chunk: Buffer) => {
      this.received.push(...chunk);
      this.inFlight = Math.max(0, this.inFlight - chunk.length);
    });
    // The far end going away (socat stopped) must not crash the test process.
    port.on("error", () => {});
    this.port = port;
    this.running = true;
    this.reset();
    this.nextSlice(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelSlice();
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** A power-on reset: a fresh chip with the same flash, every pin an input again. */
  reset(): void {
    if (this.chip !== undefined) this.cyclesBefore += this.chip.cpu.cycles;
    const cpu = new CPU(this.flash);
    for (const config of [timer0Config, timer1Config, timer2Config]) new AVRTimer(cpu, config);
    new AVRADC(cpu, adcConfig);
    const usart = new AVRUSART(cpu, usart0Config, clockHz);
    usart.onByteTransmit = (byte) => this.transmitted.push(byte);
    const ports = {
      B: new AVRIOPort(cpu, portBConfig),
      C: new AVRIOPort(cpu, portCConfig),
      D: new AVRIOPort(cpu, portDConfig),
    };
    this.chip = { cpu, usart, ports };
    this.received = [];
    for (const port of Object.values(ports)) port.addListener(() => this.pinsChanged());
    this.pinsChanged();
    this.poweredOnAtMs = performance.now();
  }

  /**
   * The host's serial binding as the USB cable to this board: opening the port resets the board,
   * as DTR does on an Uno, and the chip waits for each write to arrive.
   */
  usbLink(binding: BindingInterface): BindingInterface {
    return {
      ...binding,
      open: async (options) => {
        const opened = await binding.open(options);
        const write = opened.write.bind(opened);
        opened.write = (buffer) => {
          this.inFlight += buffer.length;
          // The stream hands the binding one write at a time, the next as soon as this one resolves:
          // the chip waits one more turn of the event loop so a burst of messages arrives together.
          this.writing += 1;
          return write(buffer).finally(() => setImmediate(() => (this.writing -= 1)));
        };
        this.reset();
        return opened;
      },
    };
  }

  /** Timers on the emulated clock, for the host's feedback patterns. */
  readonly schedule: Schedule = (run, delayMs) => {
    const timer = { atCycle: this.cycles() + delayMs * cyclesPerMs, run };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  };

  press(pin: number): void {
    this.pressed.add(pin);
    this.pinsChanged();
  }

  release(pin: number): void {
    this.pressed.delete(pin);
    this.pinsChanged();
  }

  /** Emulated clock cycles since the first power-on. */
  cycles(): number {
    return this.cyclesBefore + (this.chip?.cpu.cycles ?? 0);
  }

  /** The level an output pin drives now (0 for an input). */
  level(pin: number): 0 | 1 {
    return this.levels.get(pin) ?? 0;
  }

  /** The edges of `pin` from cycle `since` on. */
  edgesOf(pin: number, since = 0): PinEdge[] {
    return this.edges.filter((edge) => edge.pin === pin && edge.cycle >= since);
  }

  /** Whether the firmware set `pin` as an input with its pull-up on. */
  pulledUp(pin: number): boolean {
    const { port, bit } = portBit(pin);
    return this.chip?.ports[port].pinState(bit) === PinState.InputPullUp;
  }

  /** After any register write: record output edges, and set what the buttons' wiring makes each input read. */
  private pinsChanged(): void {
    const chip = this.chip;
    if (chip === undefined) return;
    for (let pin = 2; pin < 20; pin += 1) {
      const { port, bit } = portBit(pin);
      const state = chip.ports[port].pinState(bit);
      const level = state === PinState.High ? 1 : 0;
      if ((this.levels.get(pin) ?? 0) !== level) {
        this.levels.set(pin, level);
        this.edges.push({ pin, level, cycle: this.cycles() });
      }
    }
    for (const pin of this.buttons) {
      const { port, bit } = portBit(pin);
      const high = !this.pressed.has(pin) && chip.ports[port].pinState(bit) === PinState.InputPullUp;
      chip.ports[port].setPin(bit, high);
    }
  }

  private nextSlice(delayMs: number): void {
    if (!this.running) return;
    if (delayMs === 0) {
      const immediate = setImmediate(() => this.slice());
      this.cancelSlice = () => clearImmediate(immediate);
    } else {
      const timeout = setTimeout(() => this.slice(), delayMs);
      this.cancelSlice = () => clearTimeout(timeout);
    }
  }

  /**
   * Runs the chip up to real time (at most one slice, and no further than the next host timer),
   * hands its output to the host, then runs the host timers that are due.
   */
  private slice(): void {
    const chip = this.chip;
    if (!this.running || chip === undefined) return;
    if (this.inFlight > 0 || this.writing > 0) {
      this.nextSlice(1);
      return;
    }
    const { cpu, usart } = chip;
    const due = (performance.now() - this.poweredOnAtMs) * cyclesPerMs;
    const nextTimer = Math.min(...this.timers.map((t) => t.atCycle)) - this.cyclesBefore;
    const until = Math.min(due, cpu.cycles + maxSliceCycles, nextTimer);
    while (cpu.cycles < until) {
      // The next byte starts on the wire once the previous one is in; the USART times it.
      if (this.received.length > 0 && !usart.rxBusy && usart.rxEnable)
        usart.writeByte(this.received.shift() ?? 0);
      avrInstruction(cpu);
      cpu.tick();
    }
    if (this.transmitted.length > 0) {
      this.port?.write(Buffer.from(this.transmitted));
      this.transmitted = [];
    }
    const now = this.cycles();
    const dueTimers = this.timers.filter((t) => t.atCycle <= now);
    this.timers = this.timers.filter((t) => t.atCycle > now);
    for (const timer of dueTimers) timer.run();
    this.nextSlice(due - cpu.cycles > cyclesPerMs ? 0 : 1);
  }
}
