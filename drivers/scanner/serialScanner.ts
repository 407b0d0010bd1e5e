/**
 * A USB-serial / RS-232 QR scanner over serialport 13 (docs/hardware.md "Serial scanners").
 *
 * Failure cases handled:
 * - Device absent at start (unplugged, wrong path, port locked by another process): `start()`
 *   resolves anyway with state "disconnected" and keeps trying with capped exponential backoff.
 * - Unplugged while running: serialport closes the port with a `DisconnectedError` (a hung-up
 *   tty reads end of file, which `hangupAwareBinding` turns into an I/O error first); the partial
 *   frame is dropped, state goes "disconnected" and reconnection starts. Replugged: "connected".
 * - No terminator (`terminator: "none"`): a frame ends after `interByteTimeoutMs` of silence.
 * - A terminator that never comes (noise, a half-sent code): with a terminator configured, a
 *   partial frame left silent for `staleFrameMs` is dropped, so it cannot glue itself onto the
 *   next code.
 * - `stop()` while an open is in flight: the late port is closed, never adopted.
 * Bytes are cleaned by `CodeFramer`; the first failure of a streak is a warning, the retries that
 * follow are debug lines, so an unplugged scanner does not flood the journal.
 */

import { EventEmitter } from "node:events";
import type { BindingInterface } from "@serialport/bindings-cpp";
import type { Config } from "../../device/config.js";
import { maskCode } from "../../device/domain.js";
import type { Logger } from "../../device/logger.js";
import type { ReconnectPolicy } from "../../device/ports/reconnect.js";
import type { Scanner, ScannerEvents, ScannerState } from "../../device/ports/scanner.js";
import { ReconnectingLink } from "../reconnectingLink.js";
import { SerialPortStream, systemBinding } from "../serialPort.js";
import { type AffixRules, CodeFramer, type FramingCounters } from "./codeFraming.js";
import { hangupAwareBinding } from "./hangupAwareBinding.js";

export const defaultReconnect: ReconnectPolicy = { initialMs: 250, factor: 1.5, maxMs: 10_000 };

/** Longer than any pause inside one code, shorter than reaching for the next ticket. */
export const defaultStaleFrameMs = 1000;

export interface SerialScannerOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly terminator: Config["scanner"]["terminator"];
  readonly interByteTimeoutMs: number;
  readonly staleFrameMs?: number | undefined;
  readonly maxCodeBytes?: number | undefined;
  readonly strip?: AffixRules | undefined;
  readonly reconnect?: ReconnectPolicy | undefined;
}

export interface SerialScannerDeps {
  readonly logger: Logger;
  /** The serialport binding; the real one by default, `MockBinding` in tests. */
  readonly binding?: BindingInterface | undefined;
}

export class SerialScanner extends EventEmitter<ScannerEvents> implements Scanner {
  readonly kind = "serial";
  private readonly framer: CodeFramer;
  private current: ScannerState = "disconnected";
  private running = false;
  /** Bumped by `stop()`, so an open that finishes afterwards knows it is not wanted. */
  private generation = 0;
  private port: SerialPortStream | undefined;
  private readonly reconnect: ReconnectingLink;
  /** Why the port is not open: the last failed open or the unplug; cleared on connect. */
  private lastFailure: Error | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: SerialScannerOptions,
    private readonly deps: SerialScannerDeps,
  ) {
    super();
    this.framer = new CodeFramer({ maxBytes: options.maxCodeBytes, strip: options.strip });
    this.reconnect = new ReconnectingLink(options.reconnect ?? defaultReconnect, () => this.connect());
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.reconnect.start();
    await this.connect();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    this.reconnect.stop();
    this.endSilence();
    this.framer.discardPartial();
    const port = this.port;
    this.port = undefined;
    if (port !== undefined) await closeQuietly(port);
    this.setState("disconnected");
  }

  state(): ScannerState {
    return this.current;
  }

  /** Why the scanner is disconnected (ENOENT, EACCES, a lock held by another process…), for `doctor`. */
  lastError(): Error | undefined {
    return this.lastFailure;
  }

  /** How the bytes read so far were framed: for the status endpoint and diagnostics. */
  framingCounters(): FramingCounters {
    return this.framer.counters();
  }

  /** One open attempt; on failure, the reconnecting link schedules the next. Never rejects. */
  private async connect(): Promise<void> {
    const generation = this.generation;
    const { path, baudRate } = this.options;
    let port: SerialPortStream;
    try {
      port = new SerialPortStream({
        path,
        baudRate,
        autoOpen: false,
        binding: hangupAwareBinding(this.deps.binding ?? systemBinding),
      });
      await openPort(port);
    } catch (error) {
      if (generation !== this.generation) return;
      this.lastFailure = error instanceof Error ? error : new Error(String(error));
      const { first, retryInMs } = this.reconnect.failed();
      const fields = { path, error, retryInMs };
      if (first) this.deps.logger.warn("scanner unavailable, retrying", fields);
      else this.deps.logger.debug("scanner still unavailable", fields);
      return;
    }
    if (generation !== this.generation) {
      await closeQuietly(port);
      return;
    }
    this.port = port;
    this.reconnect.succeeded();
    this.lastFailure = undefined;
    port.on("data", (chunk: Buffer) => this.onBytes(port, chunk));
    port.on("close", (error: Error | null) => this.onLost(port, error));
    // Kept for the port's whole life: an 'error' with no listener would crash the process.
    port.on("error", (error: Error) => {
      this.deps.logger.warn("scanner port error", { path, error });
      if (!port.isOpen) this.onLost(port, error);
    });
    this.deps.logger.info("scanner connected", { path, baudRate });
    this.setState("connected");
  }

  private onLost(port: SerialPortStream, error: Error | null): void {
    if (port !== this.port) return;
    this.port = undefined;
    this.lastFailure = error ?? new Error("the port closed");
    this.endSilence();
    this.framer.discardPartial();
    this.deps.logger.warn("scanner disconnected", { path: this.options.path, error });
    this.setState("disconnected");
    this.reconnect.failed();
  }

  private onBytes(port: SerialPortStream, chunk: Buffer): void {
    if (port !== this.port) return;
    this.endSilence();
    for (const code of this.framer.push(chunk)) this.emitScan(code);
    if (!this.framer.pending) return;
    const terminated = this.options.terminator !== "none";
    const silenceMs = terminated
      ? (this.options.staleFrameMs ?? defaultStaleFrameMs)
      : this.options.interByteTimeoutMs;
    this.silenceTimer = setTimeout(() => {
      this.silenceTimer = undefined;
      if (terminated) {
        this.framer.discardPartial();
        this.deps.logger.debug("scanner dropped an unterminated frame", { path: this.options.path });
        return;
      }
      const code = this.framer.endFrame();
      if (code !== undefined) this.emitScan(code);
    }, silenceMs);
  }

  private endSilence(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = undefined;
  }

  private emitScan(code: string): void {
    this.deps.logger.debug("scan", { code: maskCode(code) });
    this.emit("scan", { code, source: "scan" });
  }

  private setState(state: ScannerState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit("state", state);
  }
}

function openPort(port: SerialPortStream): Promise<void> {
  return new Promise((resolve, reject) => {
    port.open((error) => (error === null ? resolve() : reject(error)));
  });
}

/** Closes a port we are done with; a port already gone is closed enough. */
function closeQuietly(port: SerialPortStream): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) {
      resolve();
      return;
    }
    port.close(() => resolve());
  });
}
