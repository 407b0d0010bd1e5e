/**
 * Pairing a kiosk by scanning (docs/central.md, "Pairing a kiosk"): a kiosk whose config gives no
 * usable device token waits for the pairing QR code, exchanges its one-time code at the central
 * service for the token, its PIN key and maybe a CA, writes them (pairingFiles.ts) and starts.
 *
 * Every scan ends in one closed outcome, each with its own words on the screen:
 * - `not_pairing`: a ticket or another QR code: nothing is sent.
 * - `other_central`: the code was made by a central service this kiosk does not sync with
 *   (`central.url`): nothing is sent, so the code stays good for the kiosk it was meant for.
 * - `unreachable`: no answer, a TLS failure, a server error or the rate limit: the code may still
 *   be good, so scanning it again retries.
 * - `refused`: used, expired or unknown (the central does not say which): make a new one.
 * - `wrong_device`: the code was made for another device or store than this kiosk's config names.
 *   It is spent by then, and nothing is written: the token would be refused (`scope_mismatch`).
 * - `paired`: the files written, token last, so a cut mid-way leaves a kiosk that still pairs. A
 *   config that names no device id and store takes the answer's, kept in `device.json`
 *   (pairedIdentity.ts): then nothing but the device's name is typed, in the back office.
 */
import { readFile } from "node:fs/promises";
import type { PairableConfig } from "./config.js";
import { tokenFileOf, writePairing } from "./pairingFiles.js";
import { type PairAnswer, parsePairingScan } from "./ports/pairingWire.js";

/** The exchange of a code at `url` (`POST /v1/pair`): sync/undiciPairingExchange.ts. */
export interface PairingExchange {
  pair(url: string, code: string): Promise<ExchangeResult>;
}

export type ExchangeResult =
  | { readonly kind: "paired"; readonly answer: PairAnswer }
  | { readonly kind: "refused" }
  | { readonly kind: "unreachable"; readonly detail: string };

export type PairingOutcome =
  | {
      readonly kind: "paired";
      readonly files: readonly string[];
      readonly deviceId: string;
      readonly storeId: string;
    }
  | { readonly kind: "not_pairing" }
  | { readonly kind: "other_central"; readonly url: string }
  | { readonly kind: "unreachable"; readonly detail: string }
  | { readonly kind: "refused" }
  | { readonly kind: "wrong_device"; readonly deviceId: string; readonly storeId: string };

/** What the pairing screen shows: waiting for a scan, exchanging one, or how the last one ended. */
export type PairingState = { readonly kind: "waiting" } | { readonly kind: "working" } | PairingOutcome;

/** The screen (or log) that shows the pairing: ui/pairingScreen.ts. */
export interface PairingDisplay {
  start(): Promise<void> | void;
  show(state: PairingState): void;
  stop(): Promise<void> | void;
}

type PairingConfig = Pick<PairableConfig, "dataDir" | "central" | "device">;

/**
 * Whether the kiosk must pair before it starts: its config names no token (neither
 * `central.token` nor `central.tokenFile`) and the default token file is not there or holds
 * nothing. A `central.tokenFile` the config names is an installer's to fill: while it is missing
 * the kiosk runs and says so (`token_missing`), as before pairing existed. A file that cannot be
 * read is a fault to report, not a reason to pair.
 */
export async function needsPairing(config: PairingConfig): Promise<boolean> {
  if (config.central.token !== undefined || config.central.tokenFile !== undefined) return false;
  try {
    return (await readFile(tokenFileOf(config), "utf8")).trim() === "";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/** One scan (or `--code`): the whole QR text or the bare code. */
export async function pairWithScan(
  config: PairingConfig,
  scanned: string,
  exchange: PairingExchange,
): Promise<PairingOutcome> {
  const scan = parsePairingScan(scanned);
  if (scan.kind === "not_pairing") return scan;
  const url = scan.url ?? config.central.url;
  if (new URL(url).origin !== new URL(config.central.url).origin) return { kind: "other_central", url };
  const result = await exchange.pair(config.central.url, scan.code);
  if (result.kind !== "paired") return result;
  const { deviceId, storeId } = result.answer;
  const { id, storeId: configuredStore } = config.device;
  if ((id !== undefined && deviceId !== id) || (configuredStore !== undefined && storeId !== configuredStore))
    return { kind: "wrong_device", deviceId, storeId };
  return { kind: "paired", files: await writePairing(config, result.answer), deviceId, storeId };
}
