/**
 * The device id and store a kiosk learned by pairing (docs/central.md, "Pairing a kiosk"), for a
 * config that names neither: the pairing answer carries both, and the kiosk keeps them in
 * `device.json` in its data directory, written whole (durableFile.ts) before its token. A file that
 * is there but unreadable or malformed is a fault to report, not a reason to pair again.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

export const pairedIdentitySchema = z.strictObject({
  deviceId: z.string().min(1).max(64),
  storeId: z.string().min(1).max(64),
});
export type PairedIdentity = z.infer<typeof pairedIdentitySchema>;

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
  const parsed = pairedIdentitySchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a device id and store: ${parsed.error.message}`);
  return parsed.data;
}
