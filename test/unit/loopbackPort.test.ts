/**
 * The fixed ports tests give their child processes (test/helpers/loopbackPort.ts): below the
 * kernel's ephemeral range, never the same twice while claimed, and never one a program holds;
 * their folder is left behind by no run.
 */
import { once } from "node:events";
import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

test("the claims' folder goes with its last claim and comes back with the next", async (t) => {
  const parent = await mkdtemp(join(tmpdir(), "port-claims-"));
  t.teardown(() => rm(parent, { recursive: true, force: true }));
  const claims = join(parent, "claims");
  const first = await claimLoopbackPort(claims);
  const second = await claimLoopbackPort(claims);
  await first.release();
  await t.notThrowsAsync(access(claims), "kept while a claim is in it");
  await second.release();
  await t.throwsAsync(access(claims), { code: "ENOENT" }, "gone with the last claim");
  const third = await claimLoopbackPort(claims);
  await t.notThrowsAsync(access(join(claims, String(third.port))), "claimed again in a folder made anew");
  await third.release();
});
