/**
 * What the pairing screen says (device/kioskPairing.ts; docs/central.md, "Pairing a kiosk"), in
 * zh-TW and English: one line per outcome of a scan, each saying what to do next.
 */
import type { Locale } from "./messages.js";

export interface PairingMessages {
  readonly title: string;
  /** The kiosk's own device and store, from its config. */
  readonly thisKiosk: (deviceId: string, storeId: string) => string;
  /** A config that names no device: the code made in the back office names it. */
  readonly thisKioskUnnamed: string;
  readonly waiting: string;
  readonly working: string;
  readonly paired: string;
  readonly notPairing: string;
  readonly otherCentral: (url: string, own: string) => string;
  readonly unreachable: (detail: string) => string;
  readonly refused: string;
  readonly wrongDevice: (deviceId: string, storeId: string) => string;
}

export const pairingMessages: Readonly<Record<Locale, PairingMessages>> = {
  "zh-TW": {
    title: "設定裝置：請掃描後台的設定 QR code",
    thisKiosk: (deviceId, storeId) => `本機：裝置 ${deviceId}，門市 ${storeId}`,
    thisKioskUnnamed: "本機：尚未指定裝置與門市，由設定碼決定",
    waiting: "在後台「裝置」按「新增裝置」，或執行 ticket-kiosk central pair，再用掃碼槍掃描顯示的 QR code。",
    working: "設定中，請稍候…",
    paired: "設定完成，啟動中…",
    notPairing: "這不是設定用的 QR code：請掃描後台顯示的設定 QR code。",
    otherCentral: (url, own) =>
      `這個設定碼來自另一台後台（${url}），本機連線的是 ${own}：請在本機的後台產生設定碼。`,
    unreachable: (detail) => `無法連線到後台，請確認網路後再掃一次。（${detail}）`,
    refused: "設定碼已使用、已過期或無效：請在後台產生新的設定碼後再掃描。",
    wrongDevice: (deviceId, storeId) =>
      `這個設定碼是給門市 ${storeId} 的裝置 ${deviceId}，與本機設定不符：請為本機產生新的設定碼。`,
  },
  en: {
    title: "Set up this kiosk: scan the set-up QR code from the back office",
    thisKiosk: (deviceId, storeId) => `This kiosk: device ${deviceId}, store ${storeId}`,
    thisKioskUnnamed: "This kiosk: no device or store named yet; the set-up code names them",
    waiting:
      'In the back office\'s Devices page choose "Add device", or run ticket-kiosk central pair, then scan the QR code it shows.',
    working: "Setting up, please wait…",
    paired: "Set up: starting…",
    notPairing: "That is not a set-up QR code: scan the set-up QR code the back office shows.",
    otherCentral: (url, own) =>
      `That code is from another central service (${url}); this kiosk syncs with ${own}: make a code there.`,
    unreachable: (detail) =>
      `The central service cannot be reached: check the network and scan again. (${detail})`,
    refused: "That set-up code is used, expired or unknown: make a new one in the back office and scan it.",
    wrongDevice: (deviceId, storeId) =>
      `That code was made for device ${deviceId} of store ${storeId}, not this kiosk: make one for this kiosk.`,
  },
};
