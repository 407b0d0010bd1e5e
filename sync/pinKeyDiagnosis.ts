/**
 * `ticket-kiosk doctor`'s word on the PIN key (device/pinKeyFile.ts): without it no clerk can log
 * in, and a key others can read is one a copied disk image or another local user gives away.
 */
import { stat } from "node:fs/promises";
import type { Config } from "../device/config.js";
import { pinKeyFileOf, readPinKey } from "../device/pinKeyFile.js";
import type { Diagnosis } from "../device/ports/diagnosis.js";

export async function diagnosePinKey(config: Pick<Config, "dataDir" | "central">): Promise<Diagnosis> {
  const read = await readPinKey(pinKeyFileOf(config));
  const install = `install the PIN key ticket-kiosk central token printed beside the token as ${read.file}, mode 0600`;
  if (read.kind !== "key") {
    const what = { missing: "is missing", unreadable: "cannot be read", malformed: "holds no PIN key" }[
      read.kind
    ];
    return { verdict: "fail", detail: `clerk login needs the PIN key: ${read.file} ${what}`, fix: install };
  }
  const mode = (await stat(read.file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    return {
      verdict: "warn",
      detail: `${read.file} is readable by others (mode ${mode.toString(8)})`,
      fix: `chmod 600 ${read.file}`,
    };
  }
  return { verdict: "pass", detail: `${read.file} holds a PIN key, mode 600` };
}
