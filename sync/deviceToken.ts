/**
 * The device token, from the config itself or from `central.tokenFile` (what pairing or an installer
 * writes, readable only by the kiosk's user; default `device.token` in `dataDir`). Read on demand, so a replaced file takes effect after a 401.
 */
import { readFile } from "node:fs/promises";
import type { Config } from "../device/config.js";
import { tokenFileOf } from "../device/pairingFiles.js";

/** Why the token file gave no token: it is not there, it cannot be read, or it holds nothing. */
export class TokenFileError extends Error {
  override readonly name = "TokenFileError";
  constructor(
    readonly file: string,
    readonly problem: "missing" | "unreadable" | "empty",
    options?: { cause?: unknown },
  ) {
    super(
      problem === "missing"
        ? `the device token file ${file} is missing`
        : problem === "empty"
          ? `the device token file ${file} is empty`
          : `the device token file ${file} cannot be read: ${(options?.cause as Error | undefined)?.message ?? "?"}`,
      options,
    );
  }
}

export async function readDeviceToken(config: Pick<Config, "dataDir" | "central">): Promise<string> {
  if (config.central.token !== undefined) return config.central.token;
  const file = tokenFileOf(config);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new TokenFileError(file, missing ? "missing" : "unreadable", { cause: error });
  }
  const token = text.trim();
  if (token === "") throw new TokenFileError(file, "empty");
  return token;
}
