/** `doctor`'s scanner check: each way an open fails becomes what to do about it. */
import { randomUUID } from "node:crypto";
import type { BindingInterface } from "@serialport/bindings-cpp";
import test from "ava";
import { type Config, parseConfig } from "../../../../device/config.js";
import { diagnoseScanner } from "../../../../drivers/scanner/scannerDiagnosis.js";
import { MockSerialDevice } from "../../../helpers/mockSerialDevice.js";

function scannerConfig(scanner: Record<string, unknown>): Config["scanner"] {
  return parseConfig({
    device: { id: "d1", storeId: "s1" },
    central: { url: "https://c", token: "t" },
    scanner,
  }).scanner;
}

/** A binding whose every open fails with `error`. */
function failingBinding(error: Error): BindingInterface {
  return {
    list: async () => [],
    open: async () => {
      throw error;
    },
  };
}

test("a port that opens passes, with a tip when its name may change on replug", async (t) => {
  const device = new MockSerialDevice(`/dev/mock-${randomUUID()}`);
  device.plug();
  const diagnosis = await diagnoseScanner(
    scannerConfig({ kind: "serial", path: device.path, baudRate: 19_200 }),
    {
      binding: device,
    },
  );
  t.is(diagnosis.verdict, "pass");
  t.regex(diagnosis.detail, /opens at 19200 baud \(tip: name it by a path that survives replugging/);
  t.false(device.isOpen, "closed again");
});

test("each failure says what to do", async (t) => {
  const path = "/dev/serial/by-id/usb-scanner-if00";
  const cases: [Error, RegExp, RegExp][] = [
    [
      Object.assign(new Error("Error: No such file or directory, cannot open"), { code: "ENOENT" }),
      /^no device at /,
      /plug the scanner in/,
    ],
    [
      Object.assign(new Error("Error: Permission denied, cannot open"), { code: "EACCES" }),
      /^permission denied on /,
      /dialout/,
    ],
    [
      new Error("Error Resource temporarily unavailable Cannot lock port"),
      /is held by another program$/,
      /a second kiosk/,
    ],
    [new Error("Error: Input/output error"), /Input\/output error/, /check the cable/],
  ];
  for (const [error, detail, fix] of cases) {
    const diagnosis = await diagnoseScanner(scannerConfig({ kind: "serial", path }), {
      binding: failingBinding(error),
    });
    t.is(diagnosis.verdict, "fail");
    t.regex(diagnosis.detail, detail);
    t.regex(diagnosis.fix ?? "", fix);
  }
});

test("keyboard and none have nothing to open", async (t) => {
  t.like(await diagnoseScanner(scannerConfig({ kind: "keyboard" })), { verdict: "pass" });
  t.like(await diagnoseScanner(scannerConfig({ kind: "none" })), { verdict: "pass" });
});
