/**
 * The link between kiosk and central service over TLS (docs/security.md, "Transport"): a real
 * CentralService serving HTTPS with a certificate of a private CA made at test time, and real
 * kiosks syncing with it through undici. A kiosk that trusts the CA syncs and redeems online; one
 * that does not stays offline and says why, and `doctor` says what to do.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { Agent, request } from "undici";
import { startCentral } from "../../helpers/centralHarness.js";
import { runCli } from "../../helpers/cliProcess.js";
import { tempDir } from "../../helpers/fixtures.js";
import { startKioskRig } from "../../helpers/kioskRig.js";
import { makeTestCertificates, type TestCertificates } from "../../helpers/testCertificates.js";

async function httpsCentral(t: Parameters<typeof startCentral>[0]) {
  const dir = await tempDir("tk-tls-");
  t.teardown(dir.remove);
  const certificates: TestCertificates = await makeTestCertificates(dir.path);
  const central = await startCentral(t, { listen: { tls: certificates.tls } });
  return { dir: dir.path, certificates, central, token: await central.tokenFor("kiosk-tls", "store-a") };
}

test("a kiosk that trusts the private CA syncs and redeems online over HTTPS with keep-alive", async (t) => {
  const { certificates, central, token } = await httpsCentral(t);
  t.regex(central.url, /^https:\/\/127\.0\.0\.1:\d+$/);

  const agent = new Agent({ connect: { ca: await readFile(certificates.caFile, "utf8") } });
  t.teardown(() => agent.close());
  const health = await request(`${central.url}/v1/health`, { dispatcher: agent });
  t.is(health.statusCode, 200);
  t.deepEqual(await health.body.json(), { ok: true });
  t.is(health.headers.connection, "keep-alive");
  t.is(health.headers["keep-alive"], "timeout=20", "kept past a kiosk's 15 s sync interval");

  const rig = await startKioskRig(t, {
    centralUrl: central.url,
    token,
    deviceId: "kiosk-tls",
    central: { caFile: certificates.caFile },
  });
  await rig.waitForStatus((status) => status.online && status.lastSyncAt !== null);
  const decision = await rig.redeem("TK-FIVE");
  t.like(decision, { outcome: "ok", offline: false, remaining: 4 });
});

for (const [name, trust] of [
  ["Node's public CAs", {}],
  ["another CA", { other: true }],
] as const) {
  test(`a kiosk trusting ${name} stays offline with a TLS reason and keeps running`, async (t) => {
    const { certificates, central, token } = await httpsCentral(t);
    const rig = await startKioskRig(t, {
      centralUrl: central.url,
      token,
      deviceId: "kiosk-tls",
      central: "other" in trust ? { caFile: certificates.otherCaFile } : {},
    });
    const status = await rig.waitForStatus((s) => s.offlineReason === "network");
    t.regex(
      status.offlineDetail ?? "",
      /TLS: the central service's certificate is signed by a CA this kiosk does not trust: set central\.caFile \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)\)/,
    );
    t.false(central.logText().includes('"event":"request"'), "no request reached the central service");
    t.true(rig.kiosk.status().ready, "a sync failure, not a crash");
  });
}

test("doctor names the untrusted certificate and the fix; an unreadable caFile is its own finding", async (t) => {
  const { dir, certificates, central, token } = await httpsCentral(t);
  const config = async (caFile: string | undefined) => {
    const file = join(dir, `kiosk-${caFile === undefined ? "none" : "ca"}.json`);
    await writeFile(
      file,
      JSON.stringify({
        dataDir: join(dir, "data"),
        device: { id: "kiosk-tls", storeId: "store-a" },
        central: { url: central.url, token, timeoutMs: 2000, ...(caFile === undefined ? {} : { caFile }) },
        scanner: { kind: "none" },
        feedback: { kind: "none" },
        ui: { kind: "none", confirm: "auto" },
      }),
    );
    return file;
  };
  const untrusted = await runCli(["doctor", "--config", await config(undefined)]);
  t.not(untrusted.code, 0);
  t.regex(
    untrusted.stdout,
    /TLS: the central service's certificate is signed by a CA this kiosk does not trust/,
  );
  t.regex(untrusted.stdout, /set central\.caFile to the PEM of the CA/);

  const missing = await runCli(["doctor", "--config", await config(join(dir, "no-such-ca.pem"))]);
  t.not(missing.code, 0);
  t.regex(missing.stdout, /central\.caFile .*no-such-ca\.pem: cannot be read/);

  const trusted = await runCli(["doctor", "--config", await config(certificates.caFile)]);
  t.regex(trusted.stdout, /answers in \d+ ms; the device token is accepted/);

  const plain = join(dir, "kiosk-plain.json");
  await writeFile(
    plain,
    JSON.stringify({
      device: { id: "kiosk-tls", storeId: "store-a" },
      central: { url: "http://central.example:8787", token },
    }),
  );
  const refused = await runCli(["doctor", "--config", plain]);
  t.is(refused.code, 2, "a config error");
  t.regex(refused.stderr, /central\.url: plain http:\/\/ sends the device token and customer data in clear/);
});
