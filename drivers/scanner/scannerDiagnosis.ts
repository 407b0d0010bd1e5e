/**
 * `doctor`'s scanner check: opens the configured serial scanner for real (the same `SerialScanner`
 * the kiosk runs, one open attempt) and turns what went wrong into what to do about it.
 * Only for when no running kiosk holds the port: serialport locks it, so a second open would
 * only report the lock.
 */
import type { BindingInterface } from "@serialport/bindings-cpp";
import type { Config } from "../../device/config.js";
import { silentLogger } from "../../device/logger.js";
import type { Diagnosis } from "../../device/ports/diagnosis.js";
import { SerialScanner } from "./serialScanner.js";

const stableName = "name it by a path that survives replugging: ls -l /dev/serial/by-id/ (or a udev rule)";

export async function diagnoseScanner(
  config: Config["scanner"],
  deps: { readonly binding?: BindingInterface | undefined } = {},
): Promise<Diagnosis> {
  switch (config.kind) {
    case "none":
      return { verdict: "pass", detail: "none configured: codes are typed in" };
    case "keyboard":
      return { verdict: "pass", detail: "keyboard wedge: it types into the kiosk's screen, nothing to open" };
    case "serial":
      break;
  }
  const path = config.path ?? "";
  const scanner = new SerialScanner(
    { path, baudRate: config.baudRate, terminator: config.terminator, interByteTimeoutMs: 60 },
    { logger: silentLogger, binding: deps.binding },
  );
  // `start()` resolves after the first open attempt, whatever its outcome.
  await scanner.start();
  const error = scanner.lastError();
  await scanner.stop();
  if (error === undefined) {
    const advice = path.startsWith("/dev/serial/by-id/") ? "" : ` (tip: ${stableName})`;
    return { verdict: "pass", detail: `${path} opens at ${config.baudRate} baud${advice}` };
  }
  return { verdict: "fail", ...explain(path, error) };
}

function explain(path: string, error: Error): { detail: string; fix: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || /no such file/i.test(error.message)) {
    return {
      detail: `no device at ${path}`,
      fix: `plug the scanner in; ${stableName}, and set scanner.path`,
    };
  }
  if (code === "EACCES" || code === "EPERM" || /permission denied/i.test(error.message)) {
    return {
      detail: `permission denied on ${path}`,
      fix: "add the kiosk's user to the dialout group (usermod -aG dialout USER) or set GROUP in the udev rule",
    };
  }
  if (/lock/i.test(error.message) || code === "EAGAIN" || code === "EBUSY") {
    return {
      detail: `${path} is held by another program`,
      fix: "stop it (a second kiosk, a serial console, ModemManager) and run doctor again",
    };
  }
  return {
    detail: `${path}: ${error.message}`,
    fix: "check the cable, the scanner's USB-serial mode and scanner.*",
  };
}
