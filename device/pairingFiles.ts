/**
 * Where a kiosk keeps what pairing gives it (docs/central.md, "Pairing a kiosk"): the places its
 * config names, else the defaults in `dataDir`: `device.token`, `pin.key` (pinKeyFile.ts) and,
 * when the central service gave a CA to trust, `central-ca.pem`; and `device.json` when the config
 * names no device id or store (pairedIdentity.ts). Each is written whole or not at all
 * (durableFile.ts), mode 0600, readable by the kiosk's user alone.
 */
import { access, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Config, PairableConfig } from "./config.js";
import { writeFileDurably } from "./durableFile.js";
import { pairedIdentityFileOf } from "./pairedIdentity.js";
import { pinKeyFileOf } from "./pinKeyFile.js";
import type { PairAnswer } from "./ports/pairingWire.js";

type Places = Pick<Config, "dataDir" | "central">;

export function tokenFileOf(config: Places): string {
  return config.central.tokenFile ?? join(config.dataDir, "device.token");
}

/** The CA file pairing writes when the config names none. */
export function pairedCaFileOf(config: Places): string {
  return config.central.caFile ?? join(config.dataDir, "central-ca.pem");
}

/** The CA file to trust: the config's, or the one pairing wrote; undefined for the public CAs. */
export async function trustedCaFileOf(config: Places): Promise<string | undefined> {
  if (config.central.caFile !== undefined) return config.central.caFile;
  const paired = pairedCaFileOf(config);
  try {
    await access(paired);
    return paired;
  } catch {
    return undefined;
  }
}

/**
 * Writes the token, its PIN key, the CA if any and the identity if the config lacks it; the files
 * written, token last (it says "paired").
 */
export async function writePairing(
  config: Places & Pick<PairableConfig, "device">,
  answer: PairAnswer,
): Promise<string[]> {
  const { deviceId, storeId } = answer;
  const unnamed = config.device.id === undefined || config.device.storeId === undefined;
  const files: [string, string][] = [
    ...(unnamed
      ? [
          [pairedIdentityFileOf(config.dataDir), `${JSON.stringify({ deviceId, storeId })}\n`] as [
            string,
            string,
          ],
        ]
      : []),
    ...(answer.caCertificate === undefined
      ? []
      : [[pairedCaFileOf(config), answer.caCertificate] as [string, string]]),
    [pinKeyFileOf(config), `${answer.pinKey}\n`],
    [tokenFileOf(config), `${answer.token}\n`],
  ];
  for (const [file, text] of files) {
    await mkdir(dirname(file), { recursive: true });
    await writeFileDurably(file, text, 0o600);
  }
  return files.map(([file]) => file);
}
