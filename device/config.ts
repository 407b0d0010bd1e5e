/**
 * The one configuration of docs/protocol.md: a JSON file, then `TICKET_KIOSK_<PATH>` overrides, then
 * this schema. Every problem is reported at once with its path; unknown keys are errors. The result
 * is frozen and passed down explicitly.
 */
import { readFile } from "node:fs/promises";
import * as v from "valibot";
import { logLevels } from "./logger.js";
import { isLoopbackHost } from "./loopbackHost.js";
import { type PairedIdentity, readPairedIdentity } from "./pairedIdentity.js";
import { feedbackKinds, printerKinds, scannerKinds, slipEncodings } from "./ports/deviceKinds.js";
import { issueKeys, issueText, listForObject } from "./schemaIssue.js";

const nonEmpty = v.pipe(v.string(), v.minLength(1));
/** Codes are printable ASCII after cleaning, so only such an affix can ever match. */
const affix = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(16),
  v.regex(/^[\x20-\x7e]+$/, "printable ASCII only"),
);
/** A whole number from `min` to `max`. */
const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
/** A digital pin of the IO board, or a line offset on the Pi's GPIO chip (BCM number). */
const pin = int(0, 127);

/**
 * A rule across a section's keys, reported at `key` (or at the section). It runs even when another
 * key of the section is wrong, so the first run reports every problem, but only once the keys it
 * reads are valid (valibot's `partialCheck`), and not at all when the section is not an object.
 */
function rule<Section>(
  keys: readonly (keyof Section & string)[],
  holds: (section: Section) => boolean,
  message: string,
  key?: keyof Section & string,
): v.BaseValidation<Section, Section, v.BaseIssue<unknown>> {
  const check = v.partialCheck(
    keys.map((read) => [read]) as unknown as [[string]],
    (section) => holds(section as Section),
    message,
  );
  return (key === undefined ? check : v.forward(check, [key] as never)) as never;
}

/** `key` of a section must be given when the section's `kind` is one of `kinds`. */
function requiredFor<Section extends { readonly kind: string }>(
  kinds: readonly Section["kind"][],
  key: keyof Section & string,
  message: string,
): v.BaseValidation<Section, Section, v.BaseIssue<unknown>> {
  return rule<Section>(["kind", key], (s) => !kinds.includes(s.kind) || s[key] !== undefined, message, key);
}

/** A section of the file: its keys, its rules across them, and every default when it is left out. */
function section<const Entries extends v.ObjectEntries>(
  entries: Entries,
  ...rules: v.BaseValidation<
    v.InferOutput<v.StrictObjectSchema<Entries, undefined>>,
    v.InferOutput<v.StrictObjectSchema<Entries, undefined>>,
    v.BaseIssue<unknown>
  >[]
) {
  // `{}` is the section's input with every key left out, which TypeScript cannot see through the generic.
  return v.optional(v.pipe(v.strictObject(entries), ...rules), {} as never);
}

export const configSchema = v.pipe(
  v.strictObject({
    dataDir: v.optional(nonEmpty, "/var/lib/ticket-kiosk"),
    device: v.strictObject({
      /** Both may be left out on a kiosk paired by scanning: the pairing answer names them (pairedIdentity.ts). */
      id: v.optional(v.pipe(nonEmpty, v.maxLength(64))),
      storeId: v.optional(v.pipe(nonEmpty, v.maxLength(64))),
      storeName: v.optional(v.pipe(v.string(), v.maxLength(100)), ""),
      mode: v.optional(v.picklist(["counter", "self-service"]), "counter"),
      locale: v.optional(v.picklist(["zh-TW", "en"]), "zh-TW"),
      timeZone: v.optional(
        v.pipe(nonEmpty, v.check(isTimeZone, "not a time zone known to this system (e.g. Asia/Taipei)")),
        "Asia/Taipei",
      ),
      /** Self-service: the most units a customer may redeem in one confirmation (a merchant's cap). */
      selfServiceMaxUnits: v.optional(int(1, 1000), 2),
      /** How long after a redemption a supervisor may void it; keep it equal to the central service's. */
      voidWindowHours: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(8760)), 24),
    }),
    central: v.pipe(
      v.strictObject({
        url: v.pipe(v.string(), v.url("not a URL"), v.regex(/^https?:/i, "an http:// or https:// URL")),
        token: v.optional(nonEmpty),
        /** Default `device.token` in `dataDir`: where pairing writes it (docs/central.md, "Pairing a kiosk"). */
        tokenFile: v.optional(nonEmpty),
        /** The PIN key made with the token (device/pinKeyFile.ts); default `pin.key` in `dataDir`. */
        pinKeyFile: v.optional(nonEmpty),
        timeoutMs: v.optional(int(100, 30_000), 1500),
        syncIntervalMs: v.optional(int(200, 3_600_000), 15_000),
        /**
         * A PEM file of the CA that signed the central service's certificate (a private CA). Left
         * out, `central-ca.pem` in `dataDir` when pairing wrote one, else the public CAs.
         */
        caFile: v.optional(nonEmpty),
        /** Plain HTTP to a central service beyond this machine: the token travels in clear. */
        allowInsecure: v.optional(v.boolean(), false),
      }),
      // Neither: the token file's default place, which pairing fills (device/kioskPairing.ts).
      rule(
        ["token", "tokenFile"],
        (c) => c.token === undefined || c.tokenFile === undefined,
        "give at most one of central.token and central.tokenFile",
      ),
      rule(
        ["url", "allowInsecure"],
        (c) => c.allowInsecure === true || !isPlainHttpBeyondLoopback(c.url),
        "plain http:// sends the device token and customer data in clear: use https:// (docs/deploy.md), or set central.allowInsecure to true for a network you trust",
        "url",
      ),
    ),
    scanner: section(
      {
        kind: v.optional(v.picklist(scannerKinds), "keyboard"),
        /**
         * A name that survives unplugging and re-enumeration: `/dev/serial/by-id/usb-…-if00` or a
         * udev rule's name (`/dev/ticket-scanner`), not `/dev/ttyACM0`, which may change on replug.
         */
        path: v.optional(nonEmpty),
        baudRate: v.optional(int(1200, 921_600), 9600),
        terminator: v.optional(v.picklist(["cr", "lf", "crlf", "none"]), "cr"),
        interByteTimeoutMs: v.optional(int(5, 2000), 60),
        /** Cut from the start / end of every code, e.g. AIM symbology ids `]Q1` (QR), `]C0` (Code 128). */
        stripPrefixes: v.optional(v.pipe(v.array(affix), v.maxLength(16)), []),
        stripSuffixes: v.optional(v.pipe(v.array(affix), v.maxLength(16)), []),
        /** The same code again within this window is one scan (0: every read counts). */
        debounceMs: v.optional(int(0, 60_000), 1500),
      },
      requiredFor(["serial"], "path", "scanner.path is required for a serial scanner"),
    ),
    printer: section(
      {
        kind: v.optional(v.picklist(printerKinds), "none"),
        path: v.optional(nonEmpty),
        host: v.optional(nonEmpty),
        port: v.optional(int(1, 65_535), 9100),
        dir: v.optional(nonEmpty),
        baudRate: v.optional(int(1200, 921_600), 9600),
        encoding: v.optional(v.picklist(slipEncodings), "big5"),
        paperWidthMm: v.optional(v.picklist([58, 80], "58 or 80 (mm)"), 80),
        /** Wait for each DLE EOT status answer (serial, tcp); 0 never asks, for printers that cannot. */
        statusTimeoutMs: v.optional(int(0, 10_000), 1000),
      },
      requiredFor(["serial", "usb-lp"], "path", "printer.path is required for serial and usb-lp printers"),
      requiredFor(["tcp"], "host", "printer.host is required for a tcp printer"),
      requiredFor(["file"], "dir", "printer.dir is required for a file printer"),
    ),
    feedback: section(
      {
        kind: v.optional(v.picklist(feedbackKinds), "bell"),
        /** johnny-five: the IO board's serial port (a stable name, as for the scanner), running StandardFirmata. */
        path: v.optional(nonEmpty),
        baudRate: v.optional(int(1200, 921_600), 57_600),
        /** gpio: the chip of the Pi's 40-pin header, as `gpiodetect` lists it. */
        gpioChip: v.optional(nonEmpty, "gpiochip0"),
        /** Board pins (johnny-five) or header line offsets, i.e. BCM numbers (gpio); absent = not fitted. */
        pins: v.optional(
          v.strictObject({
            green: v.optional(pin),
            red: v.optional(pin),
            buzzer: v.optional(pin),
            relay: v.optional(pin),
            /** Push buttons to ground (johnny-five only): they act as Enter, Esc, + and -. */
            buttons: v.optional(
              v.strictObject({
                confirm: v.optional(pin),
                cancel: v.optional(pin),
                plus: v.optional(pin),
                minus: v.optional(pin),
              }),
              {},
            ),
          }),
          {},
        ),
        relayPulseMs: v.optional(int(50, 30_000), 500),
        /** Relay modules that switch on a low input (most opto-isolated boards). */
        relayActiveLow: v.optional(v.boolean(), false),
      },
      requiredFor(["johnny-five"], "path", "feedback.path is required for johnny-five"),
      rule(
        ["pins"],
        (f) => {
          const used = feedbackPins(f.pins);
          return new Set(used).size === used.length;
        },
        "each feedback pin must be a different pin",
        "pins",
      ),
      rule(
        ["kind", "pins"],
        (f) => f.kind !== "gpio" || feedbackPins(f.pins?.buttons).length === 0,
        "buttons need an IO board (feedback.kind johnny-five)",
        "pins",
      ),
    ),
    ui: section(
      {
        kind: v.optional(v.picklist(["blessed", "none"]), "blessed"),
        confirm: v.optional(v.picklist(["ask", "auto"]), "ask"),
        resultTimeoutMs: v.optional(int(500, 120_000), 4000),
        /**
         * Self-service: a ticket left on the confirm screen this long goes back to the scan screen,
         * and the supervisor login screen closes. The one name for this wait, in config and code.
         */
        idleTimeoutMs: v.optional(int(3000, 600_000), 30_000),
        /** Self-service: a supervisor who opened the counter menu is logged out after this long without a key. */
        clerkIdleTimeoutMs: v.optional(int(10_000, 3_600_000), 120_000),
      },
      rule(
        ["kind", "confirm"],
        (u) => u.kind !== "none" || u.confirm === "auto",
        "a kiosk without a screen cannot ask: set ui.confirm to auto",
        "confirm",
      ),
    ),
    offline: section({
      policy: v.optional(v.picklist(["allow", "refuse"]), "allow"),
      maxUnitsPerRedemption: v.optional(int(1, 1000), 2),
      maxSnapshotAgeMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 24 * 60),
      /** With an unsynchronised clock, redeem offline at all (within the rule of redemptionService.ts)? */
      allowUnsyncedClock: v.optional(v.boolean(), true),
    }),
    statusPort: v.optional(int(0, 65_535), 0),
    logFile: v.optional(nonEmpty),
    logLevel: v.optional(v.picklist(logLevels), "info"),
  }),
  v.readonly(),
);

/** The config as its file and environment give it: the device id and store may be left to pairing. */
export type PairableConfig = v.InferOutput<typeof configSchema>;
/** The config a kiosk runs with: its device id and store known, from the file or from pairing. */
export type Config = PairableConfig & {
  readonly device: PairableConfig["device"] & { readonly id: string; readonly storeId: string };
};
export type ConfigInput = v.InferInput<typeof configSchema>;

export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** A configuration that cannot be used; `main` prints every problem and exits with status 2. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `${source}: ${problems.length} problem(s)\n${problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`,
    );
  }
}

/** The pin numbers in a (possibly not yet validated) `feedback.pins` or `feedback.pins.buttons`. */
function feedbackPins(pins: unknown): number[] {
  if (typeof pins !== "object" || pins === null) return [];
  return Object.values(pins).flatMap((value) =>
    typeof value === "number" ? [value] : typeof value === "object" ? feedbackPins(value) : [],
  );
}

/** Checked on input that may not be a URL yet: anything unparsable is the url rule's to report. */
function isPlainHttpBeyondLoopback(url: unknown): boolean {
  if (typeof url !== "string" || !URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  return protocol === "http:" && !isLoopbackHost(hostname);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const envPrefix = "TICKET_KIOSK_";

/** `timeoutMs` → `TIMEOUT_MS`; the flat upper-case form `TIMEOUTMS` is accepted too. */
function envSegment(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

type Leaf = { readonly path: readonly string[]; readonly kind: "string" | "number" | "boolean" | "list" };

/** A schema as the walk below reads it: valibot's schemas are plain objects naming their type. */
interface SchemaShape {
  readonly type: string;
  readonly entries?: Readonly<Record<string, SchemaShape>>;
  readonly wrapped?: SchemaShape;
  readonly options?: readonly unknown[];
}

/** Every settable key of the schema, found by walking its object shapes (a pipe keeps its first schema's). */
function leaves(schema: SchemaShape, path: readonly string[] = []): Leaf[] {
  const inner = schema.wrapped ?? schema;
  if (inner.entries !== undefined) {
    return Object.entries(inner.entries).flatMap(([key, child]) => leaves(child, [...path, key]));
  }
  const kind =
    inner.type === "number" || (inner.type === "picklist" && typeof inner.options?.[0] === "number")
      ? "number"
      : inner.type === "boolean"
        ? "boolean"
        : inner.type === "array"
          ? "list"
          : "string";
  return [{ path, kind }];
}

/** The sections given as lists: valibot would read a list's (absent) keys, so they are found first. */
function listsForSections(raw: unknown, schema: SchemaShape, path: readonly string[] = []): string[][] {
  const inner = schema.wrapped ?? schema;
  if (inner.entries === undefined || typeof raw !== "object" || raw === null) return [];
  if (Array.isArray(raw)) return [[...path]];
  const section = raw as Record<string, unknown>;
  return Object.entries(inner.entries).flatMap(([key, child]) =>
    listsForSections(section[key], child, [...path, key]),
  );
}

const envLeaves = new Map<string, Leaf>(
  leaves(configSchema).flatMap((leaf) => {
    const names = [leaf.path.map(envSegment).join("_"), leaf.path.map((k) => k.toUpperCase()).join("_")];
    return names.map((name) => [`${envPrefix}${name}`, leaf] as const);
  }),
);

function applyEnv(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  problems: ConfigProblem[],
): Record<string, unknown> {
  const result = structuredClone(raw);
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(envPrefix) || value === undefined) continue;
    const leaf = envLeaves.get(name);
    if (leaf === undefined) {
      problems.push({ path: `env ${name}`, message: "no such configuration key" });
      continue;
    }
    const parsed = parseEnvValue(value, leaf.kind);
    if (parsed === undefined) {
      problems.push({
        path: `env ${name}`,
        message: `expected a ${leaf.kind}, got ${JSON.stringify(value)}`,
      });
      continue;
    }
    setPath(result, leaf.path, parsed);
  }
  return result;
}

/** A list is a JSON array (`["]Q1","]C0"]`) or comma-separated (`]Q1,]C0`). */
function parseEnvValue(value: string, kind: Leaf["kind"]): string | number | boolean | unknown[] | undefined {
  if (kind === "string") return value;
  if (kind === "list") {
    if (!value.trimStart().startsWith("[")) return value === "" ? [] : value.split(",");
    try {
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  if (kind === "boolean") return value === "true" ? true : value === "false" ? false : undefined;
  const number = Number(value);
  return value.trim() !== "" && Number.isFinite(number) ? number : undefined;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map(String).join(".");
}

/**
 * Validates an already-parsed document with the environment's overrides applied; the device id and
 * store come from it or else from `paired` (what pairing kept), and are required from one of them.
 */
export function parseConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv = {},
  source = "config",
  paired?: PairedIdentity,
): Config {
  const config = parsePairableConfig(raw, env, source);
  const id = config.device.id ?? paired?.deviceId;
  const storeId = config.device.storeId ?? paired?.storeId;
  if (id === undefined || storeId === undefined) {
    const message = 'required, unless the kiosk is paired by scanning (docs/central.md, "Pairing a kiosk")';
    throw new ConfigError(source, [
      ...(id === undefined ? [{ path: "device.id", message }] : []),
      ...(storeId === undefined ? [{ path: "device.storeId", message }] : []),
    ]);
  }
  return deepFreeze({ ...config, device: { ...config.device, id, storeId } });
}

/** As `parseConfig`, with the device id and store left as the document gives them. */
export function parsePairableConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv = {},
  source = "config",
): PairableConfig {
  const problems: ConfigProblem[] = [];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, [{ path: "(root)", message: "expected a JSON object" }]);
  }
  const merged = applyEnv(raw as Record<string, unknown>, env, problems);
  const lists = listsForSections(merged, configSchema).map(formatPath);
  for (const path of lists) problems.push({ path, message: listForObject });
  const result = v.safeParse(configSchema, merged);
  if (!result.success) {
    for (const issue of result.issues) {
      const path = formatPath(issueKeys(issue));
      // What is under a section given as a list was said with it.
      if (lists.some((list) => path === list || path.startsWith(`${list}.`))) continue;
      problems.push({ path, message: issueText(issue) });
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(source, problems);
  return deepFreeze(result.output);
}

/**
 * Reads, parses and validates a config file, its device id and store from pairing when it names
 * none. Throws `ConfigError` listing every problem.
 */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  const raw = await readConfigFile(file);
  const pairable = parsePairableConfig(raw, env, file);
  const named = pairable.device.id !== undefined && pairable.device.storeId !== undefined;
  return parseConfig(raw, env, file, named ? undefined : await readPairedIdentity(pairable.dataDir));
}

/** The config file as it is, before the kiosk is paired: `ticket-kiosk run` and `pair` start here. */
export async function loadPairableConfig(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PairableConfig> {
  return parsePairableConfig(await readConfigFile(file), env, file);
}

async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    throw new ConfigError(file, [{ path: "(file)", message: reason }]);
  }
  let raw: unknown;
  try {
    // Windows editors (Notepad) start a UTF-8 file with a byte order mark, which JSON.parse refuses.
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ConfigError(file, [{ path: "(file)", message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return raw;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
