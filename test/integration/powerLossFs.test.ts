/**
 * The power-loss filesystem keeps what its model (docs/reliability.md, "What the filesystem treats
 * as durable") says survives a power cut, and nothing else: asserted on the mount and on the
 * backing folder it leaves behind.
 */
import { open, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { tempDir } from "../helpers/fixtures.js";
import { mountPowerLossFs } from "../helpers/powerLossFs.js";

async function fsync(path: string): Promise<void> {
  const handle = await open(path, "r");
  await handle.sync();
  await handle.close();
}

test("a cut keeps synced data and synced names, and drops every other write", async (t) => {
  const dir = await tempDir("tk-plfs-");
  const backing = join(dir.path, "durable");
  const disk = await mountPowerLossFs(backing, join(dir.path, "disk"));
  try {
    const at = (name: string) => join(disk.mountpoint, name);
    await writeFile(at("setup"), "old");
    await disk.syncAll();

    const log = await open(at("log"), "w");
    await log.write("synced|");
    await log.sync(); // its name becomes durable with it: it is new
    await log.write("unsynced");
    await log.close();
    await writeFile(at("never-synced"), "gone");
    await writeFile(at("renamed.tmp"), "new");
    await fsync(at("renamed.tmp"));
    await rename(at("renamed.tmp"), at("setup")); // no directory fsync: the rename is lost
    await unlink(at("log"));

    const cut = await disk.cut();
    t.deepEqual(await readdir(disk.mountpoint), ["log", "renamed.tmp", "setup"]);
    t.is(await readFile(at("log"), "utf8"), "synced|", "the unsynced tail and the unlink are lost");
    t.is(await readFile(at("setup"), "utf8"), "old");
    t.is(await readFile(at("renamed.tmp"), "utf8"), "new");
    t.deepEqual(cut, { files: 2, bytes: "unsynced".length + "gone".length });
    t.deepEqual(await readdir(backing), ["log", "renamed.tmp", "setup"]);
    t.is(await readFile(join(backing, "log"), "utf8"), "synced|");

    await rename(at("renamed.tmp"), at("setup"));
    await fsync(disk.mountpoint); // the directory: now the rename survives
    await disk.cut();
    t.deepEqual(await readdir(disk.mountpoint), ["log", "setup"]);
    t.is(await readFile(at("setup"), "utf8"), "new");
    t.is(await readFile(join(backing, "setup"), "utf8"), "new");
  } finally {
    await disk.unmount();
    await dir.remove();
  }
});
