/**
 * The scanner factory: picks the adapter by `scanner.kind`, adds the terminal's keys and debounces
 * the lot (see `DebouncedScanner`). The serial adapter is imported only for a serial scanner, so a
 * kiosk without one never loads serialport (docs/performance.md, "Cold start, second round").
 */

import type { Readable } from "node:stream";
import type { BindingInterface } from "@serialport/bindings-cpp";
import type { Config } from "../../device/config.js";
import type { Logger } from "../../device/logger.js";
import type { Scanner } from "../../device/ports/scanner.js";
import { CodeDebouncer } from "./codeDebouncer.js";
import type { AffixRules } from "./codeFraming.js";
import { DebouncedScanner } from "./debouncedScanner.js";
import { KeyboardScanner } from "./keyboardScanner.js";
import { NoneScanner } from "./noneScanner.js";

export interface ScannerDeps {
  readonly logger: Logger;
  /** serialport binding for a serial scanner; the real one by default. */
  readonly binding?: BindingInterface | undefined;
  /** Lines to read as scans when no UI feeds keys (headless keyboard scanner). */
  readonly input?: Readable | undefined;
  /** Whether codes typed by hand count: `device.mode` is `counter`. True when absent. */
  readonly manualEntry?: boolean | undefined;
  /** The debounce clock (monotonic milliseconds); the window is `scanner.debounceMs`. */
  readonly now?: (() => number) | undefined;
}

export async function createScanner(config: Config["scanner"], deps: ScannerDeps): Promise<DebouncedScanner> {
  const logger = deps.logger.child("scanner");
  const strip: AffixRules = { prefixes: config.stripPrefixes, suffixes: config.stripSuffixes };
  const inner = await pick(config, strip, { ...deps, logger });
  return new DebouncedScanner(inner, {
    debouncer: new CodeDebouncer({ windowMs: config.debounceMs, now: deps.now }),
    keys: inner instanceof KeyboardScanner ? inner : new KeyboardScanner({ logger, strip }),
    manualEntry: deps.manualEntry ?? true,
    logger,
  });
}

async function pick(config: Config["scanner"], strip: AffixRules, deps: ScannerDeps): Promise<Scanner> {
  switch (config.kind) {
    case "serial": {
      // The schema requires a path for a serial scanner; a config built around it is a bug.
      if (config.path === undefined) throw new TypeError("scanner.path is required for a serial scanner");
      const { SerialScanner } = await import("./serialScanner.js");
      return new SerialScanner(
        {
          path: config.path,
          baudRate: config.baudRate,
          terminator: config.terminator,
          interByteTimeoutMs: config.interByteTimeoutMs,
          strip,
        },
        { logger: deps.logger, binding: deps.binding },
      );
    }
    case "keyboard":
      return new KeyboardScanner({ logger: deps.logger, input: deps.input, strip });
    case "none":
      return new NoneScanner();
  }
}
