/**
 * Pairing over HTTPS (docs/central.md, "Pairing a kiosk"): a central service given `--tls-ca`
 * answers its CA with the token, and the kiosk writes it (0600, `central-ca.pem` in `dataDir`
 * when the config names no `central.caFile`) and from then on trusts that CA alone for the central
 * service: `ticket-kiosk run`, without the trust it paired with, syncs over HTTPS.
 * NODE_EXTRA_CA_CERTS stands for a certificate the kiosk already trusts at pairing time.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { SocketCentralAdmin } from "../../../central/adminClient.js";
import { pairingText } from "../../../device/ports/pairingWire.js";
import { startCentral } from "../../helpers/centralHarness.js";
import { runCli, startCli } from "../../helpers/cliProcess.js";
import { tempDir } from "../../helpers/fixtures.js";
import { makeTestCertificates } from "../../helpers/testCertificates.js";

test("a central with --tls-ca answers its CA; the paired kiosk writes it 0600 and then syncs trusting it alone", async (t) => {
  const dir = await tempDir("tk-pair-tls-");
  t.teardown(dir.remove);
  const certificates = await makeTestCertificates(dir.path);
  const ca = await readFile(certificates.caFile, "utf8");
  const central = await startCentral(t, { listen: { tls: { ...certificates.tls, ca } } });
  const made = await new SocketCentralAdmin(central.service.socketPath ?? "").createPairingCode(
    "kiosk-tls",
    "store-a",
  );
  if (!made.ok) return t.fail("store-a is known");

  const dataDir = join(dir.path, "kiosk");
  const config = join(dir.path, "kiosk.json");
  await writeFile(
    config,
    JSON.stringify({
      dataDir,
      device: { id: "kiosk-tls", storeId: "store-a", mode: "self-service" },
      central: { url: central.url, timeoutMs: 5000, syncIntervalMs: 500 },
      ui: { kind: "none", confirm: "auto" },
    }),
  );
  const paired = await runCli(["pair", "--config", config, "--code", pairingText(made.code, central.url)], {
    NODE_EXTRA_CA_CERTS: certificates.caFile,
  });
  t.is(paired.code, 0, paired.stderr);
  const caCopy = join(dataDir, "central-ca.pem");
  t.true(paired.stdout.includes(caCopy));
  t.is(await readFile(caCopy, "utf8"), ca);
  t.is(((await stat(caCopy)).mode & 0o777).toString(8), "600");

  const kiosk = startCli(["run", "--config", config], { NODE_EXTRA_CA_CERTS: "" });
  t.teardown(async () => {
    await kiosk.kill("SIGKILL");
  });
  await kiosk.waitForLog((line) => line.event === "sync", 30_000);
  t.false(
    kiosk.logs.some((line) => line.event === "pairing"),
    "paired already: no pairing screen",
  );
});
