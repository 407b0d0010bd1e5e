/** The store's clerks as the central service lists them, from PINs in clear (a test knows them). */
import type { Journal } from "../../device/journal.js";
import { hashPin } from "../../device/pinHash.js";
import type { Clerk } from "../../sync/wire.js";

export type ClerkWithPin = Omit<Clerk, "pinHash" | "updatedAt"> & { readonly pin: string };

export async function storeHashedClerks(
  journal: Pick<Journal, "storeClerks">,
  clerks: readonly ClerkWithPin[],
): Promise<void> {
  await journal.storeClerks(
    await Promise.all(
      clerks.map(async ({ pin, ...clerk }) => ({
        ...clerk,
        pinHash: await hashPin(pin),
        updatedAt: "2026-11-01T00:00:00Z",
      })),
    ),
  );
}
