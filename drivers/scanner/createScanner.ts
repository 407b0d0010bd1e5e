/** The scanner factory: picks the adapter by `scanner.kind` and debounces whatever it picked. */

import type { Readable } from "node:stream";
import type { BindingInterface } from "@serialport/bindings-cpp";
import type { Config } from "../../device/config.js";
import type { Logger } from "../../device/logger.js";
import { CodeDebouncer, type CodeDebouncerOptions } from "./codeDebouncer.js";
import { DebouncedScanner } from "./debouncedScanner.js";
import { KeyboardScanner } from "./keyboardScanner.js";
import { NoneScanner } from "./noneScanner.js";
import type { Scanner } from "./scanner.js";
import { SerialScanner } from "./serialScanner.js";

export interface ScannerDeps {
  readonly logger: Logger;
  /** serialport binding for a serial scanner; the real one by default. */
  readonly binding?: BindingInterface | undefined;
  /** Lines to read as scans when no UI feeds keys (headless keyboard scanner). */
  readonly input?: Readable | undefined;
  readonly debounce?: CodeDebouncerOptions | undefined;
}

export function createScanner(config: Config["scanner"], deps: ScannerDeps): DebouncedScanner {
  const logger = deps.logger.child("scanner");
  return new DebouncedScanner(pick(config, { ...deps, logger }), new CodeDebouncer(deps.debounce));
}

function pick(config: Config["scanner"], deps: ScannerDeps): Scanner {
  switch (config.kind) {
    case "serial":
      // The schema requires a path for a serial scanner; a config built around it is a bug.
      if (config.path === undefined) throw new TypeError("scanner.path is required for a serial scanner");
      return new SerialScanner(
        {
          path: config.path,
          baudRate: config.baudRate,
          terminator: config.terminator,
          interByteTimeoutMs: config.interByteTimeoutMs,
        },
        { logger: deps.logger, binding: deps.binding },
      );
    case "keyboard":
      return new KeyboardScanner({ logger: deps.logger, input: deps.input });
    case "none":
      return new NoneScanner();
  }
}
