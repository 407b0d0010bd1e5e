/**
 * 裝置 from the web console's data operations (central/console/data/deviceAdmin.ts) on the real
 * central service over HTTP: the address a heartbeat came from is kept, and a token revoked in the
 * console is refused on its very next request, as the protocol refuses a revoked token (403
 * `token_revoked`, central/bearerAuth.ts).
 */
import test from "ava";
import { changeDevice, listDevices } from "../../central/console/data/deviceAdmin.js";
import { call, startCentral } from "../helpers/centralHarness.js";
import { consoleHeartbeat } from "../helpers/consoleDataContract.js";

test("a heartbeat's address is kept; a token revoked in the console is refused at once", async (t) => {
  const central = await startCentral(t);
  const token = await central.tokenFor("kiosk-1", "store-a");
  const body = consoleHeartbeat;
  t.is((await call(central.url, "/v1/heartbeat", { token, body })).status, 200);
  const store = await central.service.consoleData();
  const hq = { role: "hq" } as const;
  t.like((await listDevices(store, hq))[0], { deviceId: "kiosk-1", address: "127.0.0.1" });
  t.is((await call(central.url, "/v1/tickets", { token })).status, 200);
  const revoked = await changeDevice(store, {
    viewer: hq,
    actor: "hq-bob",
    deviceId: "kiosk-1",
    change: { kind: "revoke" },
  });
  t.deepEqual(revoked.outcome, { kind: "revoked", tokens: 1 });
  const refused = await call(central.url, "/v1/tickets", { token });
  t.is(refused.status, 403);
  t.like(refused.body, { error: { code: "token_revoked" } });
});
