/**
 * The kiosk's Node flags are one definition, `ExecStart=` of systemd/ticket-kiosk.service, which the
 * benchmarks read (bench/kioskNodeFlags.ts): a figure is measured with the flags a kiosk runs with.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import test from "ava";
import {
  commandNodeFlags,
  kioskNodeFlags,
  kioskRuntime,
  unitEnvironment,
  unitNodeFlags,
} from "../../../bench/kioskNodeFlags.js";

test("the flags are the words between node and the script in ExecStart=", (t) => {
  const unit = "[Service]\nType=notify\nExecStart=/usr/bin/node --a=1 --b /opt/x/main.js run --config f\n";
  t.deepEqual(unitNodeFlags(unit), ["--a=1", "--b"]);
  t.deepEqual(unitNodeFlags("ExecStart=/usr/bin/node /opt/x/main.js run --flag\n"), []);
  t.deepEqual(unitNodeFlags("ExecStart=/usr/bin/env --x\n"), [], "not node: no flags");
});

test("the kiosk unit's flags keep V8's young generation small, its old generation's growth short and WebAssembly on its baseline tier, and this Node takes them", async (t) => {
  t.deepEqual(kioskNodeFlags, [
    "--max-semi-space-size=1",
    "--heap-growing-percent=50",
    "--no-wasm-tier-up",
    "--no-wasm-dynamic-tiering",
  ]);
  t.deepEqual(kioskRuntime.args, kioskNodeFlags, "the benchmarks start ticket-kiosk with them");
  // A flag this Node does not know stops it with "bad option": the unit would never start.
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [
    ...kioskNodeFlags,
    "-e",
    "console.log('up')",
  ]);
  t.is(stdout, "up\n");
  t.is(stderr, "");
});

test("the kiosk on the attached display (console-session, the console drop-in's ExecStart) runs with the unit's flags", async (t) => {
  const session = await readFile(new URL("../../../../systemd/console-session", import.meta.url), "utf8");
  const exec = /^exec (\/usr\/bin\/node .*)$/m.exec(session)?.[1];
  t.truthy(exec, "console-session starts node");
  t.deepEqual(commandNodeFlags(exec ?? ""), kioskNodeFlags);
});

test("the unit's Environment= words, with systemd's %C as the benchmarks' cache folder; the kiosk runs with its compile cache", (t) => {
  const unit = "[Service]\nEnvironment=A=1 NODE_COMPILE_CACHE=%C/tk/compile\nEnvironment=B=two\n";
  t.deepEqual(unitEnvironment(unit, "/tmp/c"), { A: "1", NODE_COMPILE_CACHE: "/tmp/c/tk/compile", B: "two" });
  t.regex(kioskRuntime.env.NODE_COMPILE_CACHE ?? "", /ticket-kiosk-bench\/cache\/ticket-kiosk\/compile$/);
});
