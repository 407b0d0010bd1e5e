/** The glue every printer adapter composes: one lane, errors sorted and recorded, the state kept. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { type LogFields, silentLogger } from "../../../../device/logger.js";
import { PrinterError } from "../../../../device/ports/printer.js";
import { DeviceLink } from "../../../../drivers/printer/deviceLink.js";

function rig() {
  const warnings: [string, LogFields | undefined][] = [];
  const logger = {
    ...silentLogger,
    warn: (message: string, fields?: LogFields) => warnings.push([message, fields]),
  };
  return { link: new DeviceLink(logger, "disconnected"), warnings };
}

const unplugged = () => Object.assign(new Error("ENOENT: no such file or directory"), { code: "ENOENT" });

test("print: a success means ready; a failure is a PrinterError with its action, and leaves its state", async (t) => {
  const { link, warnings } = rig();
  await link.print("write to /dev/usb/lp0", async () => {});
  t.is(link.state(), "ready");
  const error = await t.throwsAsync(
    link.print("write to /dev/usb/lp0", async () => {
      throw unplugged();
    }),
    { instanceOf: PrinterError },
  );
  t.like(error, { code: "disconnected", retryable: true });
  t.true(error?.message.startsWith("write to /dev/usb/lp0: "));
  t.is(link.state(), "disconnected");
  t.deepEqual(
    warnings.map(([message]) => message),
    ["print failed"],
  );
});

test("jobs and checks take turns on one lane, in the order handed in", async (t) => {
  const { link } = rig();
  const order: string[] = [];
  let release = () => {};
  const first = link.print("job 1", async () => {
    order.push("job 1 starts");
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    order.push("job 1 ends");
  });
  const check = link.check("ask", async () => {
    order.push("check");
  });
  const second = link.print("job 2", async () => {
    order.push("job 2");
  });
  await new Promise((resolve) => setImmediate(resolve));
  t.deepEqual(order, ["job 1 starts"]);
  release();
  await Promise.all([first, check, second]);
  t.deepEqual(order, ["job 1 starts", "job 1 ends", "check", "job 2"]);
});

test("check never throws: a failed probe is recorded quietly and the state returned", async (t) => {
  const { link, warnings } = rig();
  await link.print("print", async () => {});
  const state = await link.check("connect to 192.0.2.1:9100", async () => {
    throw new PrinterError("no answer", "timeout", true);
  });
  t.is(state, "offline");
  t.deepEqual(warnings, [], "a check that fails is a debug line; the change of state is the news");
});

test("probeWritable: a path that is back makes a disconnected printer ready, never a failed one", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "device-link-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const { link } = rig();
  t.is(await link.check("open", () => link.probeWritable(join(dir, "absent"))), "disconnected");
  t.is(await link.check("open", () => link.probeWritable(dir)), "ready");
  await t.throwsAsync(
    link.print("write", async () => {
      throw new PrinterError("paper out", "paper_out", true);
    }),
  );
  t.is(await link.check("open", () => link.probeWritable(dir)), "paper_out");
});

test("startByAsking warns about a printer that is not ready at start and resolves anyway", async (t) => {
  const { link, warnings } = rig();
  await link.startByAsking("/dev/ttyUSB0", async () => "paper_out");
  await link.startByAsking("/dev/ttyUSB0", async () => "ready");
  t.deepEqual(warnings, [["printer not ready at start", { printer: "/dev/ttyUSB0", state: "paper_out" }]]);
});
