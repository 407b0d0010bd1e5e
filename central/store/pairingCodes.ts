/**
 * Pairing codes as both adapters make and judge them (docs/central.md, "Pairing a kiosk"): a code
 * is random from the CSPRNG, and may be spent while it never was and its expiry is still ahead.
 */
import { randomInt } from "node:crypto";
import { pairingAlphabet, pairingCodeLength } from "../../device/ports/pairingWire.js";
import type { PairingCodeRecord } from "./ledgerStore.js";

export function newPairingCode(): string {
  const character = () => pairingAlphabet[randomInt(pairingAlphabet.length)];
  return Array.from({ length: pairingCodeLength }, character).join("");
}

export function isClaimable(record: PairingCodeRecord, at: Date): boolean {
  return record.usedAt === undefined && at.getTime() < Date.parse(record.expiresAt);
}
