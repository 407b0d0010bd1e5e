/**
 * Pairing before the kiosk starts (device/kioskPairing.ts; docs/central.md, "Pairing a kiosk"),
 * wired to real parts: the configured scanner, the central service over undici with the config's
 * trust, and the pairing screen when the kiosk has one (headless, the log says the same). Also
 * `ticket-kiosk pair --config FILE --code CODE`, the same exchange from a shell.
 */
import type { Writable } from "node:stream";
import type { PairableConfig } from "./config.js";
import {
  type PairingDisplay,
  type PairingExchange,
  type PairingOutcome,
  type PairingState,
  pairWithScan,
} from "./kioskPairing.js";
import type { Logger } from "./logger.js";
import type { Scanner } from "./ports/scanner.js";

async function pairingExchange(config: PairableConfig, version: string): Promise<PairingExchange> {
  const { centralDispatcher } = await import("../sync/centralTrust.js");
  const { UndiciPairingExchange } = await import("../sync/undiciPairingExchange.js");
  return new UndiciPairingExchange({
    dispatcher: await centralDispatcher(config),
    timeoutMs: config.central.timeoutMs,
    userAgent: `ticket-kiosk/${version}`,
  });
}

/** Each state as a log line: the headless kiosk's only screen, and the record of a screened one. */
function logState(logger: Logger, state: PairingState): void {
  const { kind, ...detail } = state;
  if (state.kind === "waiting" || state.kind === "working" || state.kind === "paired")
    logger.info("pairing", { event: "pairing", state: kind, ...detail });
  else logger.warn("pairing", { event: "pairing", state: kind, ...detail });
}

/**
 * Shows the pairing screen and exchanges each scan until one pairs; a scan while one is being
 * exchanged is ignored (the screen says 設定中). `onQuit`: Ctrl+C on the screen.
 */
export async function pairBeforeStart(
  config: PairableConfig,
  deps: { readonly logger: Logger; readonly version: string; readonly onQuit: () => void },
): Promise<void> {
  const logger = deps.logger.child("pairing");
  const exchange = await pairingExchange(config, deps.version);
  const { createScanner } = await import("../drivers/scanner/createScanner.js");
  const headlessKeys = config.ui.kind === "none" && config.scanner.kind === "keyboard";
  const scanner: Scanner = await createScanner(config.scanner, {
    logger: logger.child("scanner"),
    // The code as `central pair` prints it may be typed on the kiosk's keyboard too.
    manualEntry: true,
    ...(headlessKeys ? { input: process.stdin } : {}),
  });
  const display = await pairingDisplay(config, scanner, deps.onQuit);
  const show = (state: PairingState) => {
    logState(logger, state);
    display.show(state);
  };
  await display.start();
  try {
    await scanner.start();
    show({ kind: "waiting" });
    await new Promise<void>((resolve) => {
      let busy = false;
      scanner.on("scan", ({ code }) => {
        if (busy) return;
        busy = true;
        show({ kind: "working" });
        void pairWithScan(config, code, exchange)
          .catch((error: unknown): PairingOutcome => {
            logger.error("pairing failed", { error });
            return { kind: "unreachable", detail: (error as Error).message };
          })
          .then((outcome) => {
            busy = false;
            show(outcome);
            if (outcome.kind === "paired") resolve();
          });
      });
    });
  } finally {
    await scanner.stop();
    await display.stop();
  }
}

async function pairingDisplay(
  config: PairableConfig,
  scanner: Scanner,
  onQuit: () => void,
): Promise<PairingDisplay> {
  if (config.ui.kind !== "blessed") return { start() {}, show() {}, stop() {} };
  const { PairingScreen } = await import("../ui/pairingScreen.js");
  const keyInput = scanner as Partial<{ feedKey(ch: string, atMs: number): void }>;
  const screen = new PairingScreen({
    locale: config.device.locale,
    identity: { deviceId: config.device.id, storeId: config.device.storeId, centralUrl: config.central.url },
    ...(typeof keyInput.feedKey === "function" ? { keyInput: keyInput as Required<typeof keyInput> } : {}),
  });
  screen.on("quit", onQuit);
  return screen;
}

/** `ticket-kiosk pair`: 0 paired (the files written listed), 1 refused or unreachable, 2 not a code. */
export async function pairCommand(
  config: PairableConfig,
  code: string,
  io: { readonly stdout: Writable; readonly stderr: Writable; readonly version: string },
): Promise<number> {
  const outcome = await pairWithScan(config, code, await pairingExchange(config, io.version));
  if (outcome.kind === "paired") {
    io.stdout.write(
      `paired as device ${outcome.deviceId} of store ${outcome.storeId}; wrote:\n${outcome.files.map((file) => `  ${file}\n`).join("")}`,
    );
    return 0;
  }
  const { pairingView } = await import("../ui/pairingPresenter.js");
  const identity = {
    deviceId: config.device.id,
    storeId: config.device.storeId,
    centralUrl: config.central.url,
  };
  io.stderr.write(`ticket-kiosk pair: ${pairingView(outcome, "en", identity).message}\n`);
  return outcome.kind === "not_pairing" ? 2 : 1;
}
