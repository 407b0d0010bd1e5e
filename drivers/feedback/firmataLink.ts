/**
 * The link to an IO board running Firmata (StandardFirmata on an Arduino or a Pico) over USB
 * serial: a serialport 13 `SerialPortStream` as the transport of firmata-io's `Firmata`, which is the IO
 * plugin johnny-five drives (docs/hardware.md "Feedback hardware").
 *
 * The port is opened before anything else is built, so an absent board costs one failed open per
 * retry and no johnny-five objects (johnny-five keeps every Board it ever made). A hung-up tty
 * reads as an unplug, as for the scanner (`hangupAwareBinding`).
 */
import type { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import type { BindingInterface } from "@serialport/bindings-cpp";
import { hangupAwareBinding } from "../scanner/hangupAwareBinding.js";
import { SerialPortStream, systemBinding } from "../serialPort.js";

/** What we use of an IO plugin ourselves; johnny-five uses more of the same object. */
export interface BoardIo extends EventEmitter {
  /** True once the Firmata handshake (version, capabilities, analog mapping) is done. */
  readonly isReady: boolean;
  readonly pins: readonly ({ readonly supportedModes: readonly number[] } | undefined)[];
  readonly MODES: {
    readonly INPUT: number;
    readonly OUTPUT: number;
    readonly PWM: number;
    readonly PULLUP?: number;
  };
  pinMode(pin: number, mode: number): void;
  digitalWrite(pin: number, value: number): void;
  /** Calls back with the pin's level now and on every change the board reports. */
  digitalRead(pin: number, callback: (value: number) => void): void;
  pwmWrite(pin: number, value: number): void;
}

/** An open link to a board: its IO plugin, and how to let the board go. */
export interface BoardLink {
  readonly io: BoardIo;
  close(): Promise<void>;
}

/** Opens the board's port and starts the handshake; rejects when the port does not open. */
export type OpenBoardLink = () => Promise<BoardLink>;

export interface FirmataLinkOptions {
  readonly path: string;
  /** StandardFirmata talks at 57600. */
  readonly baudRate: number;
  /** The serialport binding; the real one by default. */
  readonly binding?: BindingInterface | undefined;
}

type FirmataConstructor = new (transport: SerialPortStream) => BoardIo;

export function firmataLink(options: FirmataLinkOptions): OpenBoardLink {
  return async () => {
    // firmata-io ships no types; its module is `bindTransport` with the class as a property.
    const { Firmata } = createRequire(import.meta.url)("firmata-io") as { Firmata: FirmataConstructor };
    const port = new SerialPortStream({
      path: options.path,
      baudRate: options.baudRate,
      autoOpen: false,
      binding: hangupAwareBinding(options.binding ?? systemBinding),
    });
    await new Promise<void>((resolve, reject) =>
      port.open((error) => (error === null ? resolve() : reject(error))),
    );
    return { io: new Firmata(port), close: () => closePort(port) };
  };
}

/** Lets the last writes (everything off) reach the board, then closes; a port already gone is closed enough. */
function closePort(port: SerialPortStream): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) {
      resolve();
      return;
    }
    port.drain(() => port.close(() => resolve()));
  });
}
