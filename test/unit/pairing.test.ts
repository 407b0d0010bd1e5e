/**
 * The pairing QR text (device/ports/pairingWire.ts) read back as the kiosk reads a scan, and the
 * pairing screen's words for each outcome (ui/pairingPresenter.ts) in both locales.
 */
import test from "ava";
import { ConfigError, parseConfig } from "../../device/config.js";
import type { PairingState } from "../../device/kioskPairing.js";
import { pairingText, parsePairingScan } from "../../device/ports/pairingWire.js";
import { pairingView } from "../../ui/pairingPresenter.js";

const code = "ABCDEFGHJKMNPQRS";

test("the QR text round-trips with and without a URL; a bare code is taken grouped or not, in any case", (t) => {
  t.deepEqual(parsePairingScan(pairingText(code, "https://central.example:8787")), {
    kind: "code",
    code,
    url: "https://central.example:8787",
  });
  t.deepEqual(parsePairingScan(pairingText(code, undefined)), { kind: "code", code });
  t.deepEqual(parsePairingScan("abcd-efgh-jkmn-pqrs"), { kind: "code", code });
  t.deepEqual(parsePairingScan(` ${code} `), { kind: "code", code });
});

test("anything else is not a pairing: a ticket, a code of the wrong length or letters, an unknown version, a bad URL", (t) => {
  for (const text of [
    "QK7R-2M9X-TB4A",
    "ABCDEFGHJKMNPQRI",
    `TKPAIR2 https://central.example ${code}`,
    `TKPAIR1 ftp://central.example ${code}`,
    `TKPAIR1 https://central.example ${code} extra`,
    "TKPAIR1",
    "",
  ])
    t.deepEqual(parsePairingScan(text), { kind: "not_pairing" }, text);
});

test("the pairing screen: its title in both locales and one message per outcome, errors in the error tone", (t) => {
  const identity = { deviceId: "kiosk-1", storeId: "store-a", centralUrl: "https://central.example" };
  const waiting = pairingView({ kind: "waiting" }, "zh-TW", identity);
  t.is(waiting.title, "設定裝置：請掃描後台的設定 QR code");
  t.is(waiting.kiosk, "本機：裝置 kiosk-1，門市 store-a");
  t.is(
    pairingView({ kind: "waiting" }, "en", identity).title,
    "Set up this kiosk: scan the set-up QR code from the back office",
  );
  const states: PairingState[] = [
    { kind: "not_pairing" },
    { kind: "other_central", url: "https://other.example" },
    { kind: "unreachable", detail: "POST /v1/pair: ECONNREFUSED" },
    { kind: "refused" },
    { kind: "wrong_device", deviceId: "kiosk-9", storeId: "store-b" },
  ];
  for (const locale of ["zh-TW", "en"] as const) {
    const messages = states.map((state) => pairingView(state, locale, identity));
    t.true(messages.every((view) => view.tone === "error"));
    t.is(
      new Set(messages.map((view) => view.message)).size,
      states.length,
      "each outcome says its own thing",
    );
  }
  t.is(
    pairingView({ kind: "refused" }, "zh-TW", identity).message,
    "設定碼已使用、已過期或無效：請在後台產生新的設定碼後再掃描。",
  );
  t.regex(pairingView(states[2] as PairingState, "zh-TW", identity).message, /ECONNREFUSED/);
  t.is(
    pairingView({ kind: "paired", files: [], deviceId: "k1", storeId: "store-a" }, "en", identity).tone,
    "ok",
  );
});

test("a config may name no token at all (pairing fills device.token in dataDir), but not both a token and a file", (t) => {
  const base = { device: { id: "k1", storeId: "store-a" }, central: { url: "http://127.0.0.1:8787" } };
  t.is(parseConfig(base).central.token, undefined);
  const both = { ...base, central: { ...base.central, token: "t", tokenFile: "/etc/t" } };
  const error = t.throws(() => parseConfig(both), { instanceOf: ConfigError });
  t.deepEqual(
    error?.problems.map((problem) => problem.message),
    ["give at most one of central.token and central.tokenFile"],
  );
});
