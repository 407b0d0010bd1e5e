/**
 * `POST /v1/pair` on a real central service (central/pairingRoutes.ts): a code made through the
 * admin socket (as `central pair` makes it while the service runs) answers a working device token
 * and its PIN key once; a used, unknown or malformed code gets the one closed refusal, and an
 * address past its bucket is answered 429 before any code is looked at.
 */
import test from "ava";
import { SocketCentralAdmin } from "../../../central/adminClient.js";
import { pairingRateLimits } from "../../../central/pairingRoutes.js";
import { parsePinKey } from "../../../device/pinVerifier.js";
import { pairingRefusedCode } from "../../../device/ports/pairingWire.js";
import { call, startCentral } from "../../helpers/centralHarness.js";

async function codeFor(socketPath: string | undefined, deviceId: string): Promise<string> {
  const made = await new SocketCentralAdmin(socketPath ?? "").createPairingCode(deviceId, "store-a");
  if (!made.ok) throw new Error("store-a is known");
  return made.code;
}

test("a pairing code answers its device's token, PIN key and scope once; then, and for any other code, one refusal", async (t) => {
  const central = await startCentral(t);
  const code = await codeFor(central.service.socketPath, "kiosk-7");
  const paired = await call(central.url, "/v1/pair", { body: { code: code.toLowerCase() } });
  t.is(paired.status, 200);
  t.like(paired.body, { deviceId: "kiosk-7", storeId: "store-a" });
  t.truthy(parsePinKey(String(paired.body.pinKey)));
  t.false("caCertificate" in paired.body, "plain HTTP has no CA to give");
  const tickets = await call(central.url, "/v1/tickets", { token: String(paired.body.token) });
  t.is(tickets.status, 200, "the token works");

  const refusals = await Promise.all(
    [code, "0000-0000-0000-0000", "not a code"].map((tried) =>
      call(central.url, "/v1/pair", { body: { code: tried } }),
    ),
  );
  for (const refusal of refusals) {
    t.is(refusal.status, 403);
    t.deepEqual(refusal.body, {
      error: {
        code: pairingRefusedCode,
        message: "this pairing code is used, expired or unknown: make a new one (ticket-kiosk central pair)",
      },
    });
  }
  t.false(central.logText().includes(code), "the code never reaches the log");
  t.false(central.logText().includes(String(paired.body.token)), "nor the token");
});

test("an address that tries codes faster than its bucket refills is answered 429 with Retry-After", async (t) => {
  const central = await startCentral(t);
  const startedMs = performance.now();
  const tryCode = (code: string) => call(central.url, "/v1/pair", { body: { code } });
  const statuses: number[] = [];
  while (statuses.at(-1) !== 429) statuses.push((await tryCode("0000-0000-0000-0000")).status);
  // The bucket holds rateBurst and earns one back per 6 s: a slow machine may have earned some.
  const earned = Math.floor(((performance.now() - startedMs) / 1000) * pairingRateLimits.ratePerSecond);
  t.true(statuses.length - 1 >= pairingRateLimits.rateBurst);
  t.true(statuses.length - 1 <= pairingRateLimits.rateBurst + earned);
  t.true(statuses.slice(0, -1).every((status) => status === 403));
  const good = await codeFor(central.service.socketPath, "kiosk-8");
  const refused = await tryCode(good);
  t.is(refused.status, 429, "not even a good code is looked at");
});
