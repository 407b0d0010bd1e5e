/**
 * Real-time status over two-way links (serial, tcp): Epson's `DLE EOT n` (10 04 n), answered by one
 * byte (docs/hardware.md "ESC/POS and Traditional Chinese"):
 * - n = 1, printer status: bit 3 offline;
 * - n = 2, offline cause: bit 2 cover open, bit 5 stopped at paper end, bit 6 error;
 * - n = 4, roll paper sensor: bits 5–6 paper end (bits 2–3 near end, which still prints).
 * Every answer has bits 1 and 4 set and bits 0 and 7 clear, which tells it from other bytes a printer
 * sends (XON/XOFF, Automatic Status Back blocks).
 *
 * Printers act on DLE EOT wherever it arrives, even inside another command's data, where the rest
 * of that command would then be misread: the adapters send queries only between jobs, inside the
 * same per-device lane as the jobs (`DeviceLink.exclusive`). A printer that does not answer within
 * the timeout counts as not answering (switched off, wrong cable, or no DLE EOT support: then
 * `printer.statusTimeoutMs: 0` turns the queries off).
 */
import { PrinterError } from "../../device/ports/printer.js";

const DLE = 0x10;
const EOT = 0x04;

export type StatusRequest = 1 | 2 | 4;

/** What the printer said, or that it said nothing in time. */
export type StatusAnswer = "ready" | "paper_out" | "cover_open" | "offline" | "no_answer";

export function statusQuery(n: StatusRequest): Buffer {
  return Buffer.from([DLE, EOT, n]);
}

export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/**
 * The status bytes out of what the printer sends, handed to whoever waits for one. A reply that
 * nobody waits for (a late answer to a query that timed out) stays until `clear()`, which each
 * query calls before it is sent.
 */
export class StatusReplies {
  private queued: number[] = [];
  private waiter: ((byte: number) => void) | undefined;

  feed(chunk: Buffer): void {
    for (const byte of chunk) {
      if (!isStatusByte(byte)) continue;
      if (this.waiter === undefined) this.queued = [...this.queued.slice(-7), byte];
      else this.waiter(byte);
    }
  }

  clear(): void {
    this.queued = [];
  }

  /** The next status byte, or undefined after `timeoutMs`. */
  next(timeoutMs: number): Promise<number | undefined> {
    const queued = this.queued.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.waiter = (byte) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(byte);
      };
    });
  }
}

/**
 * Asks as little as needed: n = 1 and n = 4 always (some printers report paper end only there),
 * n = 2 only when the printer says it is offline. The cover comes first: with the cover open the
 * paper sensor may read "end" too.
 */
export async function queryStatus(
  ask: (n: StatusRequest) => Promise<number | undefined>,
): Promise<StatusAnswer> {
  const printer = await ask(1);
  if (printer === undefined) return "no_answer";
  const paper = await ask(4);
  if (paper === undefined) return "no_answer";
  const paperEnd = (paper & 0x60) !== 0;
  if ((printer & 0x08) === 0) return paperEnd ? "paper_out" : "ready";
  const cause = await ask(2);
  if (cause === undefined) return "no_answer";
  if ((cause & 0x04) !== 0) return "cover_open";
  if ((cause & 0x20) !== 0 || paperEnd) return "paper_out";
  return "offline";
}

/** The error `print` throws, without sending anything, when the answer is not `ready`. */
export function notReadyError(
  answer: Exclude<StatusAnswer, "ready">,
  where: string,
  timeoutMs: number,
): PrinterError {
  switch (answer) {
    case "paper_out":
      return new PrinterError(`${where} is out of paper`, "paper_out", true);
    case "cover_open":
      return new PrinterError(`${where} has its cover open`, "cover_open", true);
    case "offline":
      return new PrinterError(`${where} says it is offline`, "offline", true);
    case "no_answer":
      return new PrinterError(
        `${where} did not answer DLE EOT within ${timeoutMs} ms (a printer that cannot: printer.statusTimeoutMs 0)`,
        "timeout",
        true,
      );
  }
}

/** The state an answer shows: a printer that does not answer is `offline`. */
export function stateOf(answer: StatusAnswer): "ready" | "paper_out" | "cover_open" | "offline" {
  return answer === "no_answer" ? "offline" : answer;
}
