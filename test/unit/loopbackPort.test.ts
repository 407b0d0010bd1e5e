/**
 * The fixed ports tests give their child processes (test/helpers/loopbackPort.ts): below the
 * kernel's ephemeral range, never the same twice while claimed, and never one a program holds.
 */
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import test from "ava";
import { claimLoopbackPort } from "../helpers/loopbackPort.js";

test("a claimed port is below the ephemeral range, not given twice, given again once released, skipped while held", async (t) => {
  const low = Number.parseInt(await readFile("/proc/sys/net/ipv4/ip_local_port_range", "utf8"), 10);
  const first = await claimLoopbackPort();
  const second = await claimLoopbackPort();
  t.true(first.port < low && second.port < low);
  t.not(first.port, second.port);

  await first.release();
  const again = await claimLoopbackPort();
  t.is(again.port, first.port, "a released port is free to claim");
  await again.release();

  // Another program listening on it: the next claim passes it by.
  const holder = createServer().listen(first.port, "127.0.0.1");
  await once(holder, "listening");
  t.teardown(() => holder.close());
  const third = await claimLoopbackPort();
  t.not(third.port, first.port);
  await Promise.all([second.release(), third.release()]);
});
