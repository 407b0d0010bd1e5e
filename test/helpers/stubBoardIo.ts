/**
 * A stand-in for firmata-io's `Firmata` shaped like an Arduino Uno, for driving johnny-five
 * without a board (docs/hardware.md: an EventEmitter with `pins`, `MODES`, `pinMode`, `digitalWrite`,
 * `pwmWrite`, `digitalRead`, emitting `ready`). It records every call and lets a test finish the
 * handshake, press a button or pull the cable.
 */
import { EventEmitter } from "node:events";
import type { BoardIo, BoardLink } from "../../drivers/feedback/firmataLink.js";

const MODES = { INPUT: 0, OUTPUT: 1, ANALOG: 2, PWM: 3, SERVO: 4, PULLUP: 11 } as const;
const pwmPins = new Set([3, 5, 6, 9, 10, 11]);

export type IoCall =
  | { readonly call: "pinMode"; readonly pin: number; readonly mode: number }
  | { readonly call: "digitalWrite" | "pwmWrite"; readonly pin: number; readonly value: number }
  | { readonly call: "digitalRead"; readonly pin: number };

export class StubBoardIo extends EventEmitter implements BoardIo {
  readonly name = "Firmata";
  readonly MODES = MODES;
  readonly HIGH = 1;
  readonly LOW = 0;
  readonly analogPins = [14, 15, 16, 17, 18, 19];
  /** Uno: 0 and 1 are the serial port; 2–13 digital (six with PWM); 14–19 analog inputs. */
  readonly pins = Array.from({ length: 20 }, (_, pin) => ({
    supportedModes:
      pin < 2
        ? []
        : pin < 14
          ? [MODES.INPUT, MODES.OUTPUT, MODES.PULLUP, ...(pwmPins.has(pin) ? [MODES.PWM] : [])]
          : [MODES.INPUT, MODES.OUTPUT, MODES.ANALOG, MODES.PULLUP],
    mode: MODES.OUTPUT as number,
    value: 0,
    report: 0,
    analogChannel: pin < 14 ? 127 : pin - 14,
  }));
  isReady = false;
  closed = false;
  readonly calls: IoCall[] = [];
  private readonly readers = new Map<number, ((value: number) => void)[]>();
  /** Input levels a test set; any other input reads high, as a button pulled up and not pressed. */
  private readonly levels = new Map<number, 0 | 1>();

  /** The Firmata handshake is done. */
  ready(): void {
    this.isReady = true;
    this.emit("ready");
  }

  /** The USB cable is pulled: the transport closes. */
  unplug(): void {
    this.emit("close");
  }

  /** The level a digital input pin now reads (a button to ground reads 0 while pressed). */
  setInput(pin: number, value: 0 | 1): void {
    this.levels.set(pin, value);
    for (const read of this.readers.get(pin) ?? []) read(value);
  }

  /** The writes so far, as `[pin, value]`, PWM and digital alike. */
  writes(): [number, number][] {
    return this.calls.flatMap((c) =>
      c.call === "digitalWrite" || c.call === "pwmWrite" ? [[c.pin, c.value]] : [],
    );
  }

  link(): BoardLink {
    return {
      io: this,
      close: async () => {
        this.closed = true;
      },
    };
  }

  pinMode(pin: number, mode: number): void {
    this.calls.push({ call: "pinMode", pin, mode });
  }

  digitalWrite(pin: number, value: number): void {
    this.calls.push({ call: "digitalWrite", pin, value });
  }

  pwmWrite(pin: number, value: number): void {
    this.calls.push({ call: "pwmWrite", pin, value });
  }

  /** firmata-io's alias, which johnny-five's `Led` uses on PWM pins. */
  analogWrite(pin: number, value: number): void {
    this.pwmWrite(pin, value);
  }

  digitalRead(pin: number, callback: (value: number) => void): void {
    this.calls.push({ call: "digitalRead", pin });
    this.readers.set(pin, [...(this.readers.get(pin) ?? []), callback]);
    // A board reports the pin's level as soon as reporting starts (StandardFirmata does).
    setImmediate(() => callback(this.levels.get(pin) ?? 1));
  }
}
