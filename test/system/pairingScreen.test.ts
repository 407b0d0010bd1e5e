/**
 * The pairing screen in a real terminal (tmux): `ticket-kiosk run` with no device token shows
 * 設定裝置：請掃描後台的設定 QR code; a keyboard (wedge) scanner typing a ticket's code is told it
 * is not a set-up code; typing the pairing QR's text pairs the kiosk, which then shows its own
 * screen, synced with the central service.
 */
import test from "ava";
import { SocketCentralAdmin } from "../../central/adminClient.js";
import { pairingText } from "../../device/ports/pairingWire.js";
import { startCentral } from "../helpers/centralHarness.js";
import { startKioskInTmux, waitForFirstSync } from "./kioskInTmux.js";

test("no token: the pairing screen; a ticket is not a set-up code; the QR's text pairs and the kiosk starts", async (t) => {
  const central = await startCentral(t);
  const { terminal } = await startKioskInTmux(t, central, { deviceId: "kiosk-1", unpaired: true });
  await terminal.waitFor("設定裝置：請掃描後台的設定 QR code");
  await terminal.waitFor("本機：裝置 kiosk-1，門市 store-a");

  await terminal.type("TK-FIVE");
  await terminal.keys("Enter");
  await terminal.waitFor("這不是設定用的 QR code");

  const made = await new SocketCentralAdmin(central.service.socketPath ?? "").createPairingCode(
    "kiosk-1",
    "store-a",
  );
  if (!made.ok) return t.fail("store-a is known");
  await terminal.type(pairingText(made.code, central.url));
  await terminal.keys("Enter");
  await waitForFirstSync(terminal);
  t.false((await terminal.screen()).includes("設定裝置"), "the pairing screen is gone");
});
