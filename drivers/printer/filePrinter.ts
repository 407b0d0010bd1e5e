/**
 * The `file` printer (development, demo, tests): each job becomes `<dir>/<job.id>.bin` (the exact
 * ESC/POS bytes, e.g. for `cat slip.bin > /dev/usb/lp0`), `<dir>/<job.id>.txt` (the readable
 * rendering) and `<dir>/<job.id>.svg` (a picture of the slip, when the job has one: slips are drawn
 * for it, `keepsPicture`). Each file is written durably (`device/durableFile.ts`), so a reader never sees
 * half a slip; the `.bin` goes last, so a `.bin` always has its `.txt` (and `.svg`) beside it.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFileDurably } from "../../device/durableFile.js";
import type { Logger } from "../../device/logger.js";
import { type Printer, PrinterError, type PrinterState, type PrintJob } from "../../device/ports/printer.js";
import { DeviceLink } from "./deviceLink.js";
import { toPrinterError } from "./printerErrors.js";

export interface FilePrinterOptions {
  readonly dir: string;
  readonly logger: Logger;
}

/** Job ids name files: no separators, no leading dot, so an id cannot climb out of `dir`. */
const safeJobId = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

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
    const base = join(this.options.dir, job.id);
    return this.link.print(`write ${base}.bin`, async () => {
      // Made again for every job: the folder may have been removed (a cleaned demo-data dir).
      await mkdir(this.options.dir, { recursive: true });
      await writeFileDurably(`${base}.txt`, job.slip.text);
      if (job.slip.svg !== undefined) await writeFileDurably(`${base}.svg`, job.slip.svg);
      await writeFileDurably(`${base}.bin`, job.slip.bytes);
    });
  }

  state(): PrinterState {
    return this.link.state();
  }

  /** A folder has no paper to run out of: only whether it is there and writable. */
  checkState(): Promise<PrinterState> {
    return this.link.check(`open ${this.options.dir}`, () => this.link.probeWritable(this.options.dir));
  }
}
