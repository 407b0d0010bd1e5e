/**
 * Data-format versions of the LevelDB stores (docs/reliability.md, "Format versions"). Each store
 * keeps its format under the `format` key of its `meta` sublevel; a store without one was written
 * before formats were recorded and is format 1. A program opens a store of its own format or older,
 * migrating an older one first, and refuses a newer one: an older program reading a layout it does
 * not know could misread it, and its next write could overwrite what it did not understand.
 */

/** Exit status of a command that met a store written by a newer program (main.ts, centralCli.ts). */
export const newerStoreExitStatus = 3;

export class StoreFormatError extends Error {
  override readonly name = "StoreFormatError";
  readonly code = "STORE_FORMAT_NEWER";

  constructor(
    readonly store: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `${store} was written by a newer ticket-kiosk (data format ${found}; this program reads formats up to ${supported}): run that version or newer, nothing was changed`,
    );
  }
}

export function isStoreFormatError(error: unknown): error is StoreFormatError {
  return (error as { code?: string } | undefined)?.code === "STORE_FORMAT_NEWER";
}

/** The format a store's `meta` value says, 1 when it says none; a newer one than `supported` throws. */
export function storeFormat(store: string, stored: unknown, supported: number): number {
  const found = stored === undefined ? 1 : Number(stored);
  if (!Number.isInteger(found) || found < 1)
    throw new Error(`${store} has an unreadable format version ${JSON.stringify(stored)}`);
  if (found > supported) throw new StoreFormatError(store, found, supported);
  return found;
}
