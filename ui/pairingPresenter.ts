/**
 * The pairing screen as a view (device/kioskPairing.ts): its title, the kiosk's own identity, and
 * one message for the state, with a tone. Pure, so it is tested without a terminal.
 */
import type { PairingState } from "../device/kioskPairing.js";
import type { Locale } from "./messages.js";
import { pairingMessages } from "./pairingMessages.js";

export interface PairingView {
  readonly title: string;
  readonly kiosk: string;
  readonly message: string;
  readonly tone: "info" | "ok" | "error";
}

export interface PairingIdentity {
  /** Undefined when the config names none: the pairing answer will. */
  readonly deviceId: string | undefined;
  readonly storeId: string | undefined;
  /** The central service this kiosk syncs with (`central.url`). */
  readonly centralUrl: string;
}

export function pairingView(state: PairingState, locale: Locale, identity: PairingIdentity): PairingView {
  const text = pairingMessages[locale];
  const view = (message: string, tone: PairingView["tone"]): PairingView => ({
    title: text.title,
    kiosk:
      identity.deviceId === undefined || identity.storeId === undefined
        ? text.thisKioskUnnamed
        : text.thisKiosk(identity.deviceId, identity.storeId),
    message,
    tone,
  });
  switch (state.kind) {
    case "waiting":
      return view(text.waiting, "info");
    case "working":
      return view(text.working, "info");
    case "paired":
      return view(text.paired, "ok");
    case "not_pairing":
      return view(text.notPairing, "error");
    case "other_central":
      return view(text.otherCentral(state.url, identity.centralUrl), "error");
    case "unreachable":
      return view(text.unreachable(state.detail), "error");
    case "refused":
      return view(text.refused, "error");
    case "wrong_device":
      return view(text.wrongDevice(state.deviceId, state.storeId), "error");
  }
}
