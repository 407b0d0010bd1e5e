/**
 * `ticket-kiosk demo` (what `npm start` runs): the reference central service in this process on
 * loopback with the demo catalogue, and a kiosk talking to it — the UI in this terminal, the
 * keyboard as scanner, slips written to files. Everything lives in one folder (`demo-data/`), so a
 * restart keeps what was redeemed and `--reset` starts over. The central service's web console is
 * there too, with an hq account made for the demo: its address and password are on the login
 * screen (and on stdout, headless).
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CentralService } from "../central/centralServer.js";
import { demoCatalogue, demoCodes } from "../central/demoCatalogue.js";
import { backOfficeCatalogues } from "../ui/backOfficeMessages.js";
import { catalogues } from "../ui/messages.js";
import { demoHintText } from "../ui/presenters.js";
import { parseConfig } from "./config.js";
import { Kiosk } from "./kiosk.js";
import { fileLogger, JsonLogger, type Logger } from "./logger.js";

export const demoDevice = { id: "demo-kiosk-01", storeId: "store-a", storeName: "台北信義店" } as const;

/** The demo's web console account: demo data on loopback, so its password is shown, not secret. */
const demoConsoleAccount = { account: "demo", password: "demo-console" } as const;

export interface DemoIo {
  readonly version: string;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  /** Called when the UI asks to quit. */
  readonly onQuit: () => void;
}

/** The demo cannot run: no terminal to draw in. */
export class DemoUsageError extends Error {
  override readonly name = "UsageError";
}

export async function runDemo(args: string[], io: DemoIo): Promise<{ stop(): Promise<string[]> }> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: "string", default: "demo-data" },
      headless: { type: "boolean", default: false },
      reset: { type: "boolean", default: false },
      locale: { type: "string", default: "zh-TW" },
    },
    strict: true,
  });
  const headless = values.headless;
  if (!headless && !(io.stdout.isTTY && io.stdin.isTTY)) {
    throw new DemoUsageError("the demo draws its screen in a terminal: run it in one, or add --headless");
  }
  const dataDir = resolve(values.data);
  if (values.reset) await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  // With a screen, the terminal belongs to the UI: logs go to a file beside the demo data.
  const logger: Logger = headless ? new JsonLogger(io.stderr) : fileLogger(join(dataDir, "kiosk.log"));

  const central = new CentralService({ dataDir: join(dataDir, "central"), logger: logger.child("central") });
  const { url } = await central.listen({ host: "127.0.0.1", port: 0 });
  const catalogue = demoCatalogue(new Date());
  const imported = await central.importDocument(catalogue);
  if (!imported.ok)
    throw new Error(`the demo catalogue does not import: ${JSON.stringify(imported.problems)}`);
  const consoleHint = { url, ...demoConsoleAccount };
  if ((await (await central.consoleData()).consoleStore().getAccount(consoleHint.account)) === undefined) {
    await central.addConsoleUser({
      name: consoleHint.account,
      role: "hq",
      storeIds: [],
      password: consoleHint.password,
    });
  }
  const token = await central.issueToken(demoDevice.id, demoDevice.storeId);
  if (!token.ok) throw new Error(`no token for the demo store ${demoDevice.storeId}`);
  // The PIN key where the kiosk looks for it, as an installer leaves it (device/pinKeyFile.ts).
  await mkdir(join(dataDir, "kiosk"), { recursive: true });
  await writeFile(join(dataDir, "kiosk", "pin.key"), `${token.pinKey}\n`, { mode: 0o600 });

  const config = parseConfig({
    dataDir: join(dataDir, "kiosk"),
    device: { ...demoDevice, locale: values.locale },
    central: { url, token: token.token, timeoutMs: 1500, syncIntervalMs: 5000 },
    scanner: { kind: "keyboard" },
    printer: { kind: "file", dir: join(dataDir, "slips"), paperWidthMm: 58 },
    feedback: { kind: headless ? "none" : "bell" },
    ui: headless ? { kind: "none", confirm: "auto" } : { kind: "blessed", confirm: "ask" },
  });
  // The login screen shows the demo store's clerks and their PINs, so a newcomer can log in.
  const storeClerks = catalogue.clerks.filter((clerk) => clerk.storeIds.includes(demoDevice.storeId));
  const pinHints = storeClerks.map(({ pin, name, role }) => ({ pin, name, role }));
  // Headless, nobody logs in: the demo's redeeming clerk is recorded on every redemption.
  const standingClerkId = headless ? storeClerks.find((clerk) => clerk.role === "redeem")?.id : undefined;
  const kiosk = new Kiosk(config, {
    logger,
    version: io.version,
    hints: demoCodes,
    pinHints,
    consoleHint,
    ...(standingClerkId === undefined ? {} : { standingClerkId }),
  });
  kiosk.on("quit", io.onQuit);
  try {
    await kiosk.start();
  } catch (error) {
    await kiosk.stop();
    await central.stop();
    throw error;
  }
  if (headless) {
    const en = catalogues.en;
    io.stdout.write(
      `ticket-kiosk demo (headless): type a code and press Enter to redeem one unit; slips go to ${join(dataDir, "slips")}\n` +
        `demo codes: ${kiosk
          .codeHints()
          .map((d) => `${d.code} (${demoHintText(en, d, "en")})`)
          .join(", ")}\n` +
        `${backOfficeCatalogues.en.login.demoConsole(url, consoleHint.account, consoleHint.password)}\n`,
    );
    // The input is all there is to do: once it ends, what it asked for is finished and the demo exits.
    io.stdin.once("end", io.onQuit);
  }
  return {
    async stop() {
      const failed = await kiosk.stop();
      await central.stop();
      return failed;
    },
  };
}
