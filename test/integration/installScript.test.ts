/**
 * systemd/install.sh run for real into a throwaway root (issue 6): a minimal Debian /etc stands in
 * for the image; useradd and systemctl work on it through their own `--root`. Checked file by file,
 * run twice (the second run changes nothing), upgraded with the operator's edits and the journal in
 * place, then uninstalled, which keeps the journal and the config. Needs root, as on a Pi (sudo).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { lstat, mkdir, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { loadConfig } from "../../device/config.js";
import { runCli } from "../helpers/cliProcess.js";
import { tempDir } from "../helpers/fixtures.js";

const projectDir = fileURLToPath(new URL("../../../", import.meta.url));
const script = join(projectDir, "systemd", "install.sh");
const source = (file: string) => readFile(join(projectDir, file), "utf8");
// useradd --root chroots and files are given to the service user: both need root.
const asRoot = process.getuid?.() === 0 ? test : test.skip;

/** /etc of a fresh Debian image, as far as install.sh reads it (no gpio group: it must make one). */
async function debianRoot(): Promise<{ path: string; remove: () => Promise<void> }> {
  const root = await tempDir("tk-root-");
  await mkdir(join(root.path, "etc"));
  const files: Record<string, string> = {
    passwd: "root:x:0:0:root:/root:/bin/bash\n",
    group: "root:x:0:\nlp:x:7:\ndialout:x:20:\nvideo:x:44:\nrender:x:105:\ninput:x:104:\n",
    shadow: "root:*:19000:0:99999:7:::\n",
    gshadow: "root:*::\nlp:*::\ndialout:*::\nvideo:*::\nrender:*::\ninput:*::\n",
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(root.path, "etc", name), text);
  return root;
}

function install(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", [script, ...args], { maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

/** Every path under `root` with its type, mode, owner and content hash or link target. */
async function snapshot(root: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const walk = async (relative: string): Promise<void> => {
    const path = join(root, relative);
    const stat = await lstat(path);
    const mode = (stat.mode & 0o7777).toString(8);
    const owner = `${stat.uid}:${stat.gid}`;
    if (stat.isSymbolicLink()) {
      result.set(relative, `link ${await readlink(path)}`);
    } else if (stat.isDirectory()) {
      result.set(relative, `dir ${mode} ${owner}`);
      for (const name of await readdir(path)) await walk(join(relative, name));
    } else {
      const hash = createHash("sha256")
        .update(await readFile(path))
        .digest("hex");
      result.set(relative, `file ${mode} ${owner} ${hash}`);
    }
  };
  await walk(".");
  return result;
}

function userEntry(passwd: string, name: string) {
  const fields =
    passwd
      .split("\n")
      .find((line) => line.startsWith(`${name}:`))
      ?.split(":") ?? [];
  return { uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5], shell: fields[6] };
}

function groupMembers(group: string, name: string): string[] {
  return (
    group
      .split("\n")
      .find((line) => line.startsWith(`${name}:`))
      ?.split(":")[3]
      ?.split(",") ?? []
  );
}

asRoot(
  "install.sh into a throwaway root: each file in place, a second run changes nothing, an upgrade keeps edits and the journal, --uninstall keeps the data",
  async (t) => {
    const root = await debianRoot();
    t.teardown(root.remove);
    const at = (path: string) => join(root.path, path);

    const first = await install(["--root", root.path, "--scanner-usb", "1A86:7523"]);
    t.is(first.code, 0, first.stderr);
    for (const step of [
      "systemctl daemon-reload",
      "udevadm trigger",
      "systemctl restart ticket-kiosk.service",
    ]) {
      t.regex(
        first.stdout,
        new RegExp(`skipped \\(--root\\): ${step}`),
        "live-system steps are listed, not run",
      );
    }

    // The user, in the groups for serial devices, the USB printer and GPIO (made, as Debian has none).
    const passwd = await readFile(at("etc/passwd"), "utf8");
    const group = await readFile(at("etc/group"), "utf8");
    const kiosk = userEntry(passwd, "ticket-kiosk");
    t.like(kiosk, { home: "/var/lib/ticket-kiosk", shell: "/usr/sbin/nologin" });
    t.true(kiosk.uid > 0 && kiosk.uid < 1000, "a system user");
    for (const name of ["dialout", "lp", "gpio", "video", "render", "input"]) {
      t.deepEqual(groupMembers(group, name), ["ticket-kiosk"], name);
    }

    const files = await snapshot(root.path);
    const owner = `0:0`;
    const kioskGroup = `0:${kiosk.gid}`;
    for (const [installed, from] of [
      ["usr/local/lib/systemd/system/ticket-kiosk.service", "systemd/ticket-kiosk.service"],
      ["usr/local/lib/systemd/system/ticket-kiosk-central.service", "systemd/ticket-kiosk-central.service"],
      ["usr/local/lib/systemd/system/ticket-kiosk.service.d/console.conf", "systemd/console.conf"],
      ["etc/pam.d/ticket-kiosk", "systemd/ticket-kiosk.pam"],
      ["opt/ticket-kiosk/package.json", "package.json"],
      ["opt/ticket-kiosk/systemd/foot.ini", "systemd/foot.ini"],
    ] as const) {
      t.is(await readFile(at(installed), "utf8"), await source(from), installed);
      t.regex(files.get(installed) ?? "", new RegExp(`^file 644 ${owner} `), installed);
    }
    t.regex(files.get("opt/ticket-kiosk/systemd/console-session") ?? "", /^file 755 0:0 /);
    t.regex(files.get("opt/ticket-kiosk/dist/device/main.js") ?? "", /^file 755 0:0 /);
    t.false(files.has("opt/ticket-kiosk/dist/test"), "no tests in the app");
    t.is(
      await readFile(at("usr/local/bin/ticket-kiosk"), "utf8"),
      await source("systemd/ticket-kiosk-command"),
    );
    t.regex(files.get("usr/local/bin/ticket-kiosk") ?? "", /^file 755 0:0 /, "a command on PATH");
    t.is(
      files.get("etc/systemd/system/multi-user.target.wants/ticket-kiosk.service"),
      "link /usr/local/lib/systemd/system/ticket-kiosk.service",
      "enabled at boot",
    );
    t.false(files.has("etc/systemd/system/multi-user.target.wants/ticket-kiosk-central.service"));

    // The production dependencies and nothing of the toolchain.
    const { dependencies, devDependencies } = JSON.parse(await source("package.json")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const name of Object.keys(dependencies))
      t.true(files.has(`opt/ticket-kiosk/node_modules/${name}`), name);
    for (const name of ["typescript", "ava", "@biomejs/biome"]) {
      t.true(name in devDependencies);
      t.false(files.has(`opt/ticket-kiosk/node_modules/${name}`), name);
    }

    // Config: from the template without its comment lines, readable by the service's group only,
    // and accepted by the kiosk's own loader.
    const template = await source("systemd/config.jsonc");
    t.is(
      await readFile(at("etc/ticket-kiosk/config.json"), "utf8"),
      template
        .split("\n")
        .filter((line) => !line.trimStart().startsWith("//"))
        .join("\n"),
    );
    t.regex(files.get("etc/ticket-kiosk/config.json") ?? "", new RegExp(`^file 640 ${kioskGroup} `));
    t.is(files.get("etc/ticket-kiosk"), `dir 750 ${kioskGroup}`);
    const config = await loadConfig(at("etc/ticket-kiosk/config.json"), {});
    t.like(config, {
      dataDir: "/var/lib/ticket-kiosk",
      scanner: { kind: "serial", path: "/dev/ticket-scanner" },
      printer: { kind: "usb-lp", path: "/dev/ticket-printer" },
      ui: { kind: "blessed" },
    });
    t.is(files.get("var/lib/ticket-kiosk"), `dir 750 ${kiosk.uid}:${kiosk.gid}`, "the journal's directory");

    const rules = await readFile(at("etc/udev/rules.d/99-ticket-kiosk.rules"), "utf8");
    t.regex(rules, /ATTRS\{idVendor\}=="1a86", ATTRS\{idProduct\}=="7523", SYMLINK\+="ticket-scanner"/);
    t.regex(
      rules,
      /"@PRINTER_VENDOR@".*SYMLINK\+="ticket-printer"/,
      "no printer ids given: the placeholder stays",
    );

    // The installed app runs on its own node_modules: its LevelDB binding opens a journal.
    const main = at("opt/ticket-kiosk/dist/device/main.js");
    const probe = await tempDir("tk-root-probe-");
    t.teardown(probe.remove);
    const probeConfig = join(probe.path, "config.json");
    await writeFile(
      probeConfig,
      JSON.stringify({
        dataDir: probe.path,
        device: { id: "k", storeId: "s" },
        central: { url: "http://127.0.0.1:9", token: "x" },
      }),
    );
    const exported = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [main, "journal", "export", "--config", probeConfig],
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : 1, stdout, stderr }),
      );
    });
    t.is(exported.code, 0, exported.stderr);
    t.is(
      (await runCli(["--version"])).stdout,
      await new Promise<string>((resolve) => {
        execFile(process.execPath, [main, "--version"], (_error, stdout) => resolve(stdout));
      }),
    );

    // Run it again: nothing changes.
    const second = await install(["--root", root.path, "--scanner-usb", "1A86:7523"]);
    t.is(second.code, 0, second.stderr);
    t.false(second.stdout.includes("wrote /etc/ticket-kiosk/config.json"), "the config is not written again");
    t.deepEqual(
      [...(await snapshot(root.path))].filter(([path, entry]) => files.get(path) !== entry),
      [],
      "the second run changed nothing",
    );

    // An upgrade of a kiosk in service, which also drops the screen: the operator's config and the
    // journal stay as they are; new printer ids join the scanner's.
    const editedConfig = (await readFile(at("etc/ticket-kiosk/config.json"), "utf8")).replace(
      "kiosk-01",
      "kiosk-07",
    );
    await writeFile(at("etc/ticket-kiosk/config.json"), editedConfig);
    await mkdir(at("var/lib/ticket-kiosk/journal"));
    await writeFile(at("var/lib/ticket-kiosk/journal/000005.log"), "redemptions");
    const upgrade = await install(["--root", root.path, "--printer-usb", "0416:5011", "--no-console"]);
    t.is(upgrade.code, 0, upgrade.stderr);
    t.is(await readFile(at("etc/ticket-kiosk/config.json"), "utf8"), editedConfig);
    t.is(await readFile(at("var/lib/ticket-kiosk/journal/000005.log"), "utf8"), "redemptions");
    const upgraded = await snapshot(root.path);
    t.false(
      upgraded.has("usr/local/lib/systemd/system/ticket-kiosk.service.d"),
      "the screen drop-in is gone",
    );
    t.false(upgraded.has("etc/pam.d/ticket-kiosk"));
    const upgradedRules = await readFile(at("etc/udev/rules.d/99-ticket-kiosk.rules"), "utf8");
    t.regex(upgradedRules, /"1a86", ATTRS\{idProduct\}=="7523", SYMLINK\+="ticket-scanner"/);
    t.regex(upgradedRules, /"0416", ATTRS\{idProduct\}=="5011", SYMLINK\+="ticket-printer"/);
    t.false(upgradedRules.includes("@"), "no placeholder left");

    const removed = await install(["--root", root.path, "--uninstall"]);
    t.is(removed.code, 0, removed.stderr);
    const left = await snapshot(root.path);
    for (const gone of [
      "opt/ticket-kiosk",
      "usr/local/lib/systemd/system/ticket-kiosk.service",
      "usr/local/lib/systemd/system/ticket-kiosk.service.d",
      "etc/systemd/system/multi-user.target.wants/ticket-kiosk.service",
      "etc/udev/rules.d/99-ticket-kiosk.rules",
      "etc/pam.d/ticket-kiosk",
      "usr/local/bin/ticket-kiosk",
    ]) {
      t.false(left.has(gone), gone);
    }
    t.is(
      await readFile(at("var/lib/ticket-kiosk/journal/000005.log"), "utf8"),
      "redemptions",
      "the journal stays",
    );
    t.is(await readFile(at("etc/ticket-kiosk/config.json"), "utf8"), editedConfig, "the config stays");
    t.true(
      (await readFile(at("etc/passwd"), "utf8")).includes("ticket-kiosk:"),
      "the user owning them stays",
    );
  },
);

asRoot(
  "--no-console --central: a headless kiosk that redeems per scan, and the central service enabled",
  async (t) => {
    const root = await debianRoot();
    t.teardown(root.remove);
    const headless = await install(["--root", root.path, "--no-console", "--central"]);
    t.is(headless.code, 0, headless.stderr);
    const files = await snapshot(root.path);
    t.false(files.has("usr/local/lib/systemd/system/ticket-kiosk.service.d"), "no screen drop-in");
    t.false(files.has("etc/pam.d/ticket-kiosk"));
    t.false(headless.stdout.includes("apt-get install cage"), "no screen packages");
    t.true(files.has("etc/systemd/system/multi-user.target.wants/ticket-kiosk-central.service"), "--central");
    t.regex(headless.stdout, /skipped \(--root\): systemctl restart ticket-kiosk-central.service/);
    const config = await loadConfig(join(root.path, "etc/ticket-kiosk/config.json"), {});
    t.like(config, { ui: { kind: "none", confirm: "auto" } });
  },
);

test("install.sh refuses bad options before touching anything", async (t) => {
  const root = await debianRoot();
  t.teardown(root.remove);
  for (const args of [["--scanner-usb", "1a86-7523"], ["--frobnicate"], ["--root", join(root.path, "etc")]]) {
    const result = await install(args[0] === "--root" ? args : ["--root", root.path, ...args]);
    t.is(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
  }
  t.deepEqual(await readdir(root.path), ["etc"]);
});
