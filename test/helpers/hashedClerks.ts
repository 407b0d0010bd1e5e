/**
 * The store's clerks as the central service lists them to a kiosk (device/pinVerifier.ts), from PINs
 * in clear (a test knows them), and the PIN key they are sealed with.
 */
import type { ClerkStore } from "../../device/clerkStore.js";
import { hashPin } from "../../device/pinHash.js";
import type { PinKeyRead } from "../../device/pinKeyFile.js";
import { newPinKey, parsePinKey, sealVerifier } from "../../device/pinVerifier.js";
import type { Clerk } from "../../device/ports/wire.js";

export type ClerkWithPin = Omit<Clerk, "pinVerifier" | "updatedAt"> & { readonly pin: string };

export interface TestPinKey {
  readonly text: string;
  readonly key: Buffer;
  /** The key as ClerkLogin reads it from its file. */
  readonly read: () => Promise<PinKeyRead>;
}

export function testPinKey(): TestPinKey {
  const text = newPinKey();
  const key = parsePinKey(text) ?? Buffer.alloc(0);
  return { text, key, read: () => Promise.resolve({ kind: "key", key, file: "/test/pin.key" }) };
}

export async function sealedClerks(key: Buffer, clerks: readonly ClerkWithPin[]): Promise<Clerk[]> {
  return Promise.all(
    clerks.map(async ({ pin, ...clerk }) => ({
      ...clerk,
      pinVerifier: sealVerifier(key, clerk.id, await hashPin(pin)),
      updatedAt: "2026-11-01T00:00:00Z",
    })),
  );
}

export async function storeHashedClerks(
  journal: Pick<ClerkStore, "storeClerks">,
  key: Buffer,
  clerks: readonly ClerkWithPin[],
): Promise<void> {
  await journal.storeClerks(await sealedClerks(key, clerks));
}
