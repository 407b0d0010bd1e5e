/**
 * The one configuration of PRODUCT.md §4: a JSON file, then `TICKET_KIOSK_<PATH>` overrides, then
 * this schema. Every problem is reported at once with its path; unknown keys are errors. The result
 * is frozen and passed down explicitly.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { printerKinds } from "../drivers/printer/printer.js";
import { scannerKinds } from "../drivers/scanner/scanner.js";

const nonEmpty = z.string().min(1);

/**
 * Cross-field rules run even when a sibling key is already wrong, so the first run reports every
 * problem; the checks themselves only compare strings, which is safe on unvalidated input.
 */
function rule(message: string, key?: string) {
  return { message, ...(key === undefined ? {} : { path: [key] }), when: () => true };
}

export const configSchema = z
  .strictObject({
    dataDir: nonEmpty.default("/var/lib/ticket-kiosk"),
    device: z.strictObject({
      id: nonEmpty.max(64),
      storeId: nonEmpty.max(64),
      storeName: z.string().max(100).default(""),
      mode: z.enum(["counter", "self-service"]).default("counter"),
      locale: z.enum(["zh-TW", "en"]).default("zh-TW"),
      timeZone: nonEmpty
        .default("Asia/Taipei")
        .refine(isTimeZone, "not a time zone known to this system (e.g. Asia/Taipei)"),
    }),
    central: z
      .strictObject({
        url: z.url({ protocol: /^https?$/ }),
        token: nonEmpty.optional(),
        tokenFile: nonEmpty.optional(),
        timeoutMs: z.number().int().min(100).max(30_000).default(1500),
        syncIntervalMs: z.number().int().min(200).max(3_600_000).default(15_000),
      })
      .refine(
        (c) => (c.token === undefined) !== (c.tokenFile === undefined),
        rule("give exactly one of central.token and central.tokenFile"),
      ),
    scanner: z
      .strictObject({
        kind: z.enum(scannerKinds).default("keyboard"),
        path: nonEmpty.optional(),
        baudRate: z.number().int().min(1200).max(921_600).default(9600),
        terminator: z.enum(["cr", "lf", "crlf", "none"]).default("cr"),
        interByteTimeoutMs: z.number().int().min(5).max(2000).default(60),
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
        encoding: z.enum(["big5", "raster"]).default("big5"),
        paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
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
        kind: z.enum(["johnny-five", "bell", "none"]).default("bell"),
      })
      .prefault({}),
    ui: z
      .strictObject({
        kind: z.enum(["blessed", "none"]).default("blessed"),
        confirm: z.enum(["ask", "auto"]).default("ask"),
        resultTimeoutMs: z.number().int().min(500).max(120_000).default(4000),
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
      })
      .prefault({}),
    statusPort: z.number().int().min(0).max(65_535).default(0),
    logFile: nonEmpty.optional(),
  })
  .readonly();

export type Config = z.infer<typeof configSchema>;
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

type Leaf = { readonly path: readonly string[]; readonly kind: "string" | "number" | "boolean" };

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

function parseEnvValue(value: string, kind: Leaf["kind"]): string | number | boolean | undefined {
  if (kind === "string") return value;
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

/** Validates an already-parsed document with the environment's overrides applied. */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = {}, source = "config"): Config {
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

/** Reads, parses and validates a config file. Throws `ConfigError` listing every problem. */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    throw new ConfigError(file, [{ path: "(file)", message: reason }]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [{ path: "(file)", message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return parseConfig(raw, env, file);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
