/**
 * The one configuration of docs/protocol.md: a JSON file, then `TICKET_KIOSK_<PATH>` overrides, then
 * this schema. Every problem is reported at once with its path; unknown keys are errors. The result
 * is frozen and passed down explicitly.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { logLevels } from "./logger.js";
import { isLoopbackHost } from "./loopbackHost.js";
import { type PairedIdentity, readPairedIdentity } from "./pairedIdentity.js";
import { feedbackKinds, printerKinds, scannerKinds, slipEncodings } from "./ports/deviceKinds.js";

const nonEmpty = z.string().min(1);
/** Codes are printable ASCII after cleaning, so only such an affix can ever match. */
const affix = z
  .string()
  .min(1)
  .max(16)
  .regex(/^[\x20-\x7e]+$/, "printable ASCII only");
/** A digital pin of the IO board, or a line offset on the Pi's GPIO chip (BCM number). */
const pin = z.number().int().min(0).max(127);

/**
 * Cross-field rules run even when a sibling key is already wrong, so the first run reports every
 * problem; the checks themselves only compare strings, which is safe on unvalidated input, as long
 * as the section is an object at all (a missing section, or a list in its place, is reported as
 * such, not checked).
 */
function rule(message: string, key?: string) {
  const when = (payload: { value: unknown }) =>
    typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value);
  return { message, ...(key === undefined ? {} : { path: [key] }), when };
}

export const configSchema = z
  .strictObject({
    dataDir: nonEmpty.default("/var/lib/ticket-kiosk"),
    device: z.strictObject({
      /** Both may be left out on a kiosk paired by scanning: the pairing answer names them (pairedIdentity.ts). */
      id: nonEmpty.max(64).optional(),
      storeId: nonEmpty.max(64).optional(),
      storeName: z.string().max(100).default(""),
      mode: z.enum(["counter", "self-service"]).default("counter"),
      locale: z.enum(["zh-TW", "en"]).default("zh-TW"),
      timeZone: nonEmpty
        .default("Asia/Taipei")
        .refine(isTimeZone, "not a time zone known to this system (e.g. Asia/Taipei)"),
      /** Self-service: the most units a customer may redeem in one confirmation (a merchant's cap). */
      selfServiceMaxUnits: z.number().int().min(1).max(1000).default(2),
      /** How long after a redemption a supervisor may void it; keep it equal to the central service's. */
      voidWindowHours: z.number().min(0).max(8760).default(24),
    }),
    central: z
      .strictObject({
        url: z.url({ protocol: /^https?$/ }),
        token: nonEmpty.optional(),
        /** Default `device.token` in `dataDir`: where pairing writes it (docs/central.md, "Pairing a kiosk"). */
        tokenFile: nonEmpty.optional(),
        /** The PIN key made with the token (device/pinKeyFile.ts); default `pin.key` in `dataDir`. */
        pinKeyFile: nonEmpty.optional(),
        timeoutMs: z.number().int().min(100).max(30_000).default(1500),
        syncIntervalMs: z.number().int().min(200).max(3_600_000).default(15_000),
        /**
         * A PEM file of the CA that signed the central service's certificate (a private CA). Left
         * out, `central-ca.pem` in `dataDir` when pairing wrote one, else the public CAs.
         */
        caFile: nonEmpty.optional(),
        /** Plain HTTP to a central service beyond this machine: the token travels in clear. */
        allowInsecure: z.boolean().default(false),
      })
      .refine(
        // Neither: the token file's default place, which pairing fills (device/kioskPairing.ts).
        (c) => c.token === undefined || c.tokenFile === undefined,
        rule("give at most one of central.token and central.tokenFile"),
      )
      .refine(
        (c) => c.allowInsecure === true || !isPlainHttpBeyondLoopback(c.url),
        rule(
          "plain http:// sends the device token and customer data in clear: use https:// (docs/deploy.md), or set central.allowInsecure to true for a network you trust",
          "url",
        ),
      ),
    scanner: z
      .strictObject({
        kind: z.enum(scannerKinds).default("keyboard"),
        /**
         * A name that survives unplugging and re-enumeration: `/dev/serial/by-id/usb-…-if00` or a
         * udev rule's name (`/dev/ticket-scanner`), not `/dev/ttyACM0`, which may change on replug.
         */
        path: nonEmpty.optional(),
        baudRate: z.number().int().min(1200).max(921_600).default(9600),
        terminator: z.enum(["cr", "lf", "crlf", "none"]).default("cr"),
        interByteTimeoutMs: z.number().int().min(5).max(2000).default(60),
        /** Cut from the start / end of every code, e.g. AIM symbology ids `]Q1` (QR), `]C0` (Code 128). */
        stripPrefixes: z.array(affix).max(16).default([]),
        stripSuffixes: z.array(affix).max(16).default([]),
        /** The same code again within this window is one scan (0: every read counts). */
        debounceMs: z.number().int().min(0).max(60_000).default(1500),
      })
      .prefault({})
      .refine(
        (s) => s.kind !== "serial" || s.path !== undefined,
        rule("scanner.path is required for a serial scanner", "path"),
      ),
    printer: z
      .strictObject({
        kind: z.enum(printerKinds).default("none"),
        path: nonEmpty.optional(),
        host: nonEmpty.optional(),
        port: z.number().int().min(1).max(65_535).default(9100),
        dir: nonEmpty.optional(),
        baudRate: z.number().int().min(1200).max(921_600).default(9600),
        encoding: z.enum(slipEncodings).default("big5"),
        paperWidthMm: z.union([z.literal(58), z.literal(80)], { error: "58 or 80 (mm)" }).default(80),
        /** Wait for each DLE EOT status answer (serial, tcp); 0 never asks, for printers that cannot. */
        statusTimeoutMs: z.number().int().min(0).max(10_000).default(1000),
      })
      .prefault({})
      .refine(
        (p) => !["serial", "usb-lp"].includes(p.kind) || p.path !== undefined,
        rule("printer.path is required for serial and usb-lp printers", "path"),
      )
      .refine(
        (p) => p.kind !== "tcp" || p.host !== undefined,
        rule("printer.host is required for a tcp printer", "host"),
      )
      .refine(
        (p) => p.kind !== "file" || p.dir !== undefined,
        rule("printer.dir is required for a file printer", "dir"),
      ),
    feedback: z
      .strictObject({
        kind: z.enum(feedbackKinds).default("bell"),
        /** johnny-five: the IO board's serial port (a stable name, as for the scanner), running StandardFirmata. */
        path: nonEmpty.optional(),
        baudRate: z.number().int().min(1200).max(921_600).default(57_600),
        /** gpio: the chip of the Pi's 40-pin header, as `gpiodetect` lists it. */
        gpioChip: nonEmpty.default("gpiochip0"),
        /** Board pins (johnny-five) or header line offsets, i.e. BCM numbers (gpio); absent = not fitted. */
        pins: z
          .strictObject({
            green: pin.optional(),
            red: pin.optional(),
            buzzer: pin.optional(),
            relay: pin.optional(),
            /** Push buttons to ground (johnny-five only): they act as Enter, Esc, + and -. */
            buttons: z
              .strictObject({
                confirm: pin.optional(),
                cancel: pin.optional(),
                plus: pin.optional(),
                minus: pin.optional(),
              })
              .prefault({}),
          })
          .prefault({}),
        relayPulseMs: z.number().int().min(50).max(30_000).default(500),
        /** Relay modules that switch on a low input (most opto-isolated boards). */
        relayActiveLow: z.boolean().default(false),
      })
      .prefault({})
      .refine(
        (f) => f.kind !== "johnny-five" || f.path !== undefined,
        rule("feedback.path is required for johnny-five", "path"),
      )
      .refine(
        (f) => {
          const used = feedbackPins(f.pins);
          return new Set(used).size === used.length;
        },
        rule("each feedback pin must be a different pin", "pins"),
      )
      .refine(
        (f) => f.kind !== "gpio" || feedbackPins(f.pins?.buttons).length === 0,
        rule("buttons need an IO board (feedback.kind johnny-five)", "pins"),
      ),
    ui: z
      .strictObject({
        kind: z.enum(["blessed", "none"]).default("blessed"),
        confirm: z.enum(["ask", "auto"]).default("ask"),
        resultTimeoutMs: z.number().int().min(500).max(120_000).default(4000),
        /**
         * Self-service: a ticket left on the confirm screen this long goes back to the scan screen,
         * and the supervisor login screen closes. The one name for this wait, in config and code.
         */
        idleTimeoutMs: z.number().int().min(3000).max(600_000).default(30_000),
        /** Self-service: a supervisor who opened the counter menu is logged out after this long without a key. */
        clerkIdleTimeoutMs: z.number().int().min(10_000).max(3_600_000).default(120_000),
      })
      .prefault({})
      .refine(
        (u) => u.kind !== "none" || u.confirm === "auto",
        rule("a kiosk without a screen cannot ask: set ui.confirm to auto", "confirm"),
      ),
    offline: z
      .strictObject({
        policy: z.enum(["allow", "refuse"]).default("allow"),
        maxUnitsPerRedemption: z.number().int().min(1).max(1000).default(2),
        maxSnapshotAgeMinutes: z
          .number()
          .int()
          .min(1)
          .default(24 * 60),
        /** With an unsynchronised clock, redeem offline at all (within the rule of redemptionService.ts)? */
        allowUnsyncedClock: z.boolean().default(true),
      })
      .prefault({}),
    statusPort: z.number().int().min(0).max(65_535).default(0),
    logFile: nonEmpty.optional(),
    logLevel: z.enum(logLevels).default("info"),
  })
  .readonly();

/** The config as its file and environment give it: the device id and store may be left to pairing. */
export type PairableConfig = z.infer<typeof configSchema>;
/** The config a kiosk runs with: its device id and store known, from the file or from pairing. */
export type Config = PairableConfig & {
  readonly device: PairableConfig["device"] & { readonly id: string; readonly storeId: string };
};
export type ConfigInput = z.input<typeof configSchema>;

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

/** Every settable key of the schema, found by walking its object shapes. */
function leaves(schema: z.ZodType, path: readonly string[] = []): Leaf[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      leaves(child, [...path, key]),
    );
  }
  const kind =
    inner instanceof z.ZodNumber || inner instanceof z.ZodUnion
      ? "number"
      : inner instanceof z.ZodBoolean
        ? "boolean"
        : inner instanceof z.ZodArray
          ? "list"
          : "string";
  return [{ path, kind }];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodReadonly
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
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
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push({ path: formatPath(issue.path), message: describeIssue(issue) });
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(source, problems);
  return deepFreeze(result.data);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown key(s): ${issue.keys.join(", ")}`;
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) return "required";
  return issue.message;
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
