/**
 * Node's errno codes sorted into `PrinterError`s. Retryable means the printer may come back by
 * itself (unplugged, switched off, network gone, busy); the rest need a person (permissions, a path
 * that is a directory) and are reported as final.
 */
import { PrinterError } from "../../device/ports/printer.js";

const gone = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "ENOENT",
  "ENODEV",
  "ENXIO",
  "EIO",
]);
const transient = new Set(["EAGAIN", "EBUSY", "ENOSPC"]);

export function toPrinterError(error: unknown, action: string): PrinterError {
  if (error instanceof PrinterError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  const reason = error instanceof Error ? error.message : String(error);
  const message = `${action}: ${reason}`;
  if (gone.has(code)) return new PrinterError(message, "disconnected", true, { cause: error });
  if (code === "ETIMEDOUT") return new PrinterError(message, "timeout", true, { cause: error });
  return new PrinterError(message, "io", transient.has(code), { cause: error });
}
