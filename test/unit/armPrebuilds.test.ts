/**
 * Nothing compiles on the Pi (issue 6, "ARM"): every production package with native code ships a
 * prebuilt binary that node-gyp-build, the loader those packages use, picks for a Raspberry Pi:
 * 64-bit Raspberry Pi OS (linux-arm64, ARMv8) and 32-bit (linux-arm, ARMv7 for the Pi 2 to 5 and
 * ARMv6 for the Pi 1 and Zero). The choice is node-gyp-build's own, run with the target's
 * architecture, and the chosen file must be an ELF object for that machine.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import test from "ava";

const projectDir = fileURLToPath(new URL("../../../", import.meta.url));

interface Target {
  readonly name: string;
  readonly arch: "arm64" | "arm";
  readonly armVersion: string;
  /** ELF e_machine and class: AArch64 is 183, 64-bit (2); ARM is 40, 32-bit (1). */
  readonly machine: number;
  readonly elfClass: number;
}

const targets: readonly Target[] = [
  {
    name: "64-bit Raspberry Pi OS (Pi 3, 4, 5, Zero 2 W)",
    arch: "arm64",
    armVersion: "8",
    machine: 183,
    elfClass: 2,
  },
  {
    name: "32-bit Raspberry Pi OS, ARMv7 (Pi 2 to 5)",
    arch: "arm",
    armVersion: "7",
    machine: 40,
    elfClass: 1,
  },
  {
    name: "32-bit Raspberry Pi OS, ARMv6 (Pi 1, Zero)",
    arch: "arm",
    armVersion: "6",
    machine: 40,
    elfClass: 1,
  },
];

/** Production packages (neither `dev` nor `devOptional` in the lockfile, as install.sh picks them) with native code (a binding.gyp). */
function nativeProductionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(projectDir, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== "" && entry.dev !== true && entry.devOptional !== true)
    .map(([path]) => join(projectDir, path))
    .filter((dir) => existsSync(join(dir, "binding.gyp")));
}

/** The binary node-gyp-build would load from each package on `target`, as it decides. */
async function chosenBinaries(packages: readonly string[], target: Target): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "-e",
      "const load = require('node-gyp-build'); for (const dir of process.argv.slice(1)) console.log(load.resolve(dir));",
      ...packages,
    ],
    {
      cwd: projectDir,
      // node-gyp-build reads the target from these at load; PREBUILDS_ONLY ignores a local build/.
      env: {
        ...process.env,
        npm_config_platform: "linux",
        npm_config_arch: target.arch,
        ARM_VERSION: target.armVersion,
        LIBC: "glibc",
        PREBUILDS_ONLY: "1",
      },
    },
  );
  return stdout.trim().split("\n");
}

async function elfHeader(file: string): Promise<{ elfClass: number; machine: number }> {
  const handle = await open(file, "r");
  try {
    const { buffer } = await handle.read(Buffer.alloc(20), 0, 20, 0);
    if (buffer.toString("latin1", 0, 4) !== "\x7fELF") throw new Error(`${file} is not an ELF object`);
    return { elfClass: buffer[4] ?? 0, machine: buffer.readUInt16LE(18) };
  } finally {
    await handle.close();
  }
}

const packages = nativeProductionPackages();

test("the native production packages are found: the LevelDB binding and the serialport binding", (t) => {
  const names = packages.map((dir) => dir.slice(dir.lastIndexOf("node_modules/") + "node_modules/".length));
  t.log(`native production packages: ${names.join(", ")}`);
  t.true(names.includes("classic-level"));
  t.true(names.includes("@serialport/bindings-cpp"));
});

for (const target of targets) {
  test(`each has a prebuilt binary for ${target.name}`, async (t) => {
    const chosen = await chosenBinaries(packages, target);
    t.is(chosen.length, packages.length);
    for (const [index, file] of chosen.entries()) {
      const dir = packages[index] ?? "";
      t.true(file.startsWith(join(dir, "prebuilds", `linux-${target.arch}`)), `${dir}: ${file}`);
      t.deepEqual(await elfHeader(file), { elfClass: target.elfClass, machine: target.machine }, file);
      t.log(file.slice(projectDir.length));
    }
  });
}
