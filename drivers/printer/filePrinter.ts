/**
 * The `file` printer (development, demo, tests): each job becomes `<dir>/<job.id>.bin` (the exact
 * ESC/POS bytes, e.g. for `cat slip.bin > /dev/usb/lp0`) and `<dir>/<job.id>.txt` (the readable
 * rendering). Each file is written to a temporary name, synced and renamed, so a reader never sees
 * half a slip; the `.txt` goes first, so a `.bin` always has its `.txt` beside it.
 */
import { mkdir, open, rename } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../device/logger.js";
import { DeviceLink } from "./deviceLink.js";
import { type Printer, PrinterError, type PrinterState, type PrintJob } from "./printer.js";
import { toPrinterError } from "./printerErrors.js";

export interface FilePrinterOptions {
  readonly dir: string;
  readonly logger: Logger;
}

/** Job ids name files: no separators, no leading dot, so an id cannot climb out of `dir`. */
const safeJobId = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

export class FilePrinter implements Printer {
  readonly kind = "file";
  private readonly link: DeviceLink;

  constructor(private readonly options: FilePrinterOptions) {
    this.link = new DeviceLink(options.logger, "disconnected");
  }

  /** Creates the folder; a folder that cannot be made leaves the state `disconnected`. */
  async start(): Promise<void> {
    try {
      await mkdir(this.options.dir, { recursive: true });
      this.link.set("ready");
    } catch (error) {
      this.link.failed(toPrinterError(error, `create ${this.options.dir}`));
    }
  }

  async stop(): Promise<void> {}

  print(job: PrintJob): Promise<void> {
    if (!safeJobId.test(job.id)) {
      return Promise.reject(
        new PrinterError(`job id ${JSON.stringify(job.id)} cannot name a file`, "io", false),
      );
    }
    return this.link.exclusive(async () => {
      const base = join(this.options.dir, job.id);
      try {
        // Made again for every job: the folder may have been removed (a cleaned demo-data dir).
        await mkdir(this.options.dir, { recursive: true });
        await writeAtomically(`${base}.txt`, job.slip.text);
        await writeAtomically(`${base}.bin`, job.slip.bytes);
      } catch (error) {
        throw this.link.failed(toPrinterError(error, `write ${base}.bin`));
      }
      this.link.set("ready");
    });
  }

  state(): PrinterState {
    return this.link.state();
  }
}
