/**
 * The kiosk's PIN key (device/pinVerifier.ts), from `central.pinKeyFile`: by default `pin.key` in the
 * data folder, written once by whoever installs the kiosk beside its token, mode 0600, readable by
 * the kiosk's user alone. Read on demand, so a key installed later works without a restart. The key
 * never reaches a log: a failure names the file and what is wrong with it, nothing of its content.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "./config.js";
import { parsePinKey } from "./pinVerifier.js";

export type PinKeyRead =
  | { readonly kind: "key"; readonly key: Buffer; readonly file: string }
  | { readonly kind: "missing" | "unreadable" | "malformed"; readonly file: string };

export function pinKeyFileOf(config: Pick<Config, "dataDir" | "central">): string {
  return config.central.pinKeyFile ?? join(config.dataDir, "pin.key");
}

export async function readPinKey(file: string): Promise<PinKeyRead> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return { kind: (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable", file };
  }
  const key = parsePinKey(text);
  return key === undefined ? { kind: "malformed", file } : { kind: "key", key, file };
}
