/** The scanner's and the feedback's configuration keys: defaults, and every mistake reported with its path. */
import test from "ava";
import { ConfigError, parseConfig } from "../../device/config.js";

const base = { device: { id: "d1", storeId: "s1" }, central: { url: "https://c", token: "t" } };

function problems(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig({ ...base, ...raw }, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

test("defaults: no affixes, a 1.5 s debounce, the bell, gpiochip0, a 500 ms relay pulse, StandardFirmata's 57600", (t) => {
  const config = parseConfig(base);
  t.like(config.scanner, { stripPrefixes: [], stripSuffixes: [], debounceMs: 1500 });
  t.like(config.feedback, {
    kind: "bell",
    gpioChip: "gpiochip0",
    baudRate: 57_600,
    relayPulseMs: 500,
    relayActiveLow: false,
  });
  t.deepEqual(config.feedback.pins, { buttons: {} });
});

test("a johnny-five board with LEDs, buzzer, relay and buttons", (t) => {
  const config = parseConfig({
    ...base,
    scanner: { stripPrefixes: ["]Q1", "]C0"], stripSuffixes: ["/S"], debounceMs: 0 },
    feedback: {
      kind: "johnny-five",
      path: "/dev/serial/by-id/usb-Arduino__www.arduino.cc__0043_7573-if00",
      pins: {
        green: 7,
        red: 8,
        buzzer: 9,
        relay: 4,
        buttons: { confirm: 2, cancel: 3, plus: 12, minus: 13 },
      },
      relayPulseMs: 800,
      relayActiveLow: true,
    },
  });
  t.deepEqual(config.scanner.stripPrefixes, ["]Q1", "]C0"]);
  t.is(config.feedback.pins.buttons.minus, 13);
});

test("mistakes are reported together, each at its key", (t) => {
  t.deepEqual(
    problems({
      scanner: { stripPrefixes: ["\u0002"], debounceMs: -1 },
      feedback: { kind: "johnny-five", pins: { green: 7, red: 7, buttons: { confirm: 200 } } },
    }),
    [
      "scanner.stripPrefixes.0: printable ASCII only",
      "scanner.debounceMs: must be at least 0, is -1",
      "feedback.pins.buttons.confirm: must be at most 127, is 200",
      "feedback.path: feedback.path is required for johnny-five",
      "feedback.pins: each feedback pin must be a different pin",
    ],
  );
  t.deepEqual(problems({ feedback: { kind: "gpio", pins: { relay: 23, buttons: { confirm: 5 } } } }), [
    "feedback.pins: buttons need an IO board (feedback.kind johnny-five)",
  ]);
  t.deepEqual(problems({ feedback: { kind: "piezo" } }).length, 1);
});

test("single keys can be overridden from the environment", (t) => {
  const config = parseConfig(base, {
    TICKET_KIOSK_SCANNER_DEBOUNCE_MS: "250",
    TICKET_KIOSK_FEEDBACK_KIND: "gpio",
    TICKET_KIOSK_FEEDBACK_PINS_RELAY: "23",
    TICKET_KIOSK_FEEDBACK_RELAY_ACTIVE_LOW: "true",
  });
  t.is(config.scanner.debounceMs, 250);
  t.like(config.feedback, { kind: "gpio", relayActiveLow: true });
  t.is(config.feedback.pins.relay, 23);
});
