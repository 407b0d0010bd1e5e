/**
 * The device id and store a kiosk learned by pairing (docs/central.md, "Pairing a kiosk"), for a
 * config that names neither: the pairing answer carries both, and the kiosk keeps them in
 * `device.json` in its data directory, written whole (durableFile.ts) before its token. A file that
 * is there but unreadable or malformed is a fault to report, not a reason to pair again.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { issueLine } from "./schemaIssue.js";

export const pairedIdentitySchema = v.strictObject({
  deviceId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  storeId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
});
export type PairedIdentity = v.InferOutput<typeof pairedIdentitySchema>;

export function pairedIdentityFileOf(dataDir: string): string {
  return join(dataDir, "device.json");
}

/** The identity pairing kept, or undefined when the kiosk has not paired that way. */
export async function readPairedIdentity(dataDir: string): Promise<PairedIdentity | undefined> {
  const file = pairedIdentityFileOf(dataDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = v.safeParse(pairedIdentitySchema, JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${file} is not a device id and store: ${issueLine(parsed.issues[0])}`);
  return parsed.output;
}
