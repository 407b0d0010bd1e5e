/**
 * Files that survive a power cut whole or not at all: written to a temporary name, synced, renamed
 * over the target, and the folder synced so the rename itself is on disk (ext4 on an SD card may
 * otherwise lose it). A reader never sees half a file.
 */
import { open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `mode` applies to a file it creates: 0600 keeps a secret (a device token) to the kiosk's user. */
export async function writeFileDurably(path: string, data: string | Buffer, mode = 0o666): Promise<void> {
  const temporary = `${path}.tmp`;
  await unlink(temporary).catch(() => undefined); // a leftover keeps its old mode; start afresh
  const handle = await open(temporary, "w", mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  await syncFolder(dirname(path));
}

/** Removes a file for good; one already gone is fine. */
export async function removeFileDurably(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  await syncFolder(dirname(path));
}
