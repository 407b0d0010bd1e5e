/**
 * 店員 from the web console's data operations (central/console/data/clerkAdmin.ts) reaching a real
 * kiosk (journal on disk, the real HTTP client and sync loop) against the real central service: a
 * clerk disabled in the console can no longer log in on the kiosk after its next sync, enabled
 * again can; a PIN set in the console replaces the old one there.
 */
import test from "ava";
import { setClerkEnabled, setClerkPin } from "../../central/console/data/clerkAdmin.js";
import { startCentral } from "../helpers/centralHarness.js";
import { type KioskRig, startKioskRig } from "../helpers/kioskRig.js";

const hq = { role: "hq" } as const;

/** Two sync passes that end after now: the second began after now, so it fetched the clerks anew. */
async function twoSyncsLater(rig: KioskRig): Promise<void> {
  const now = new Date().toISOString();
  rig.kiosk.syncNow();
  const first = await rig.waitForStatus((status) => (status.lastSyncAt ?? "") > now);
  rig.kiosk.syncNow();
  await rig.waitForStatus((status) => (status.lastSyncAt ?? "") > (first.lastSyncAt ?? ""));
}

test("a clerk disabled in the console cannot log in on the kiosk after its next clerk sync; enabled, can again", async (t) => {
  const central = await startCentral(t, { clock: () => new Date() });
  const { token, pinKey } = await central.deviceFor("kiosk-1", "store-a");
  const rig = await startKioskRig(t, { centralUrl: central.url, token, pinKey, deviceId: "kiosk-1" });
  await twoSyncsLater(rig);
  const office = rig.kiosk.backOffice();
  if (office === undefined) return t.fail("no back office");
  t.like(await office.login("1357"), { ok: true, clerk: { id: "c2" } });
  office.logout();

  const store = await central.service.consoleData();
  const disabled = await setClerkEnabled(store, {
    viewer: hq,
    actor: "hq-bob",
    clerkId: "c2",
    enabled: false,
  });
  t.deepEqual(disabled, {
    outcome: { kind: "disabled" },
    audit: { action: "clerk.disable", target: "c2", detail: "disabled by hq-bob" },
  });
  await twoSyncsLater(rig);
  t.like(await office.login("1357"), { ok: false });

  const enabled = await setClerkEnabled(store, { viewer: hq, actor: "hq-bob", clerkId: "c2", enabled: true });
  t.deepEqual(enabled.outcome, { kind: "enabled" });
  await twoSyncsLater(rig);
  t.like(await office.login("1357"), { ok: true, clerk: { id: "c2" } });
  office.logout();

  const pinSet = await setClerkPin(store, { viewer: hq, actor: "hq-bob", clerkId: "c1", pin: "975310" });
  t.deepEqual(pinSet.outcome, { kind: "pin_set" });
  await twoSyncsLater(rig);
  t.like(await office.login("975310"), { ok: true, clerk: { id: "c1", role: "supervisor" } });
});
