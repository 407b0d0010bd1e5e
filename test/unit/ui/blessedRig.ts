/**
 * The kiosk's screen as the composition root wires it (session, keyboard scanner, back office), on
 * a fake terminal: PassThrough streams with a TTY's size, read back through `screen.lines`.
 */
import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import type { ExecutionContext } from "ava";
import type { ClerkSession } from "../../../device/backOffice.js";
import type { Ticket } from "../../../device/domain.js";
import { KioskSession, type Redeemer } from "../../../device/kioskSession.js";
import type { KioskStatus } from "../../../device/kioskStatus.js";
import { silentLogger } from "../../../device/logger.js";
import type { DecisionResult, Inspection, RedeemRequest } from "../../../device/redemptionService.js";
import { KeyboardScanner } from "../../../drivers/scanner/keyboardScanner.js";
import { BlessedUi, type KeyInput } from "../../../ui/blessedUi.js";
import type { Locale } from "../../../ui/messages.js";
import { FakeBackOffice, supervisor } from "../../helpers/fakeBackOffice.js";
import { makeStatus, makeTicket } from "../../helpers/fixtures.js";

export const code = "QK7R-2M9X-TB4A";
export const hostile = makeTicket({
  code: "EVIL-0001",
  productName: "\x1b[31mRED\x1b[0m {red-fg}tag{/red-fg} \x1b]0;pwned\x07名稱",
  customer: { name: "{bold}王小明", phone: "0912345678" },
});

/** A redeemer with canned answers: the session's only dependency. */
export class StubRedeemer implements Redeemer {
  readonly redeemed: RedeemRequest[] = [];
  readonly tickets = new Map<string, Ticket>([
    [code, makeTicket()],
    [hostile.code, hostile],
    ["OLD-0001", makeTicket({ code: "OLD-0001" })],
    ["SLOW-0001", makeTicket({ code: "SLOW-0001" })],
    ["AB12", makeTicket({ code: "AB12" })],
  ]);
  readonly inspected: string[] = [];

  async inspect(scanned: string): Promise<Inspection> {
    this.inspected.push(scanned);
    const ticket = this.tickets.get(scanned);
    if (ticket === undefined)
      return { code: scanned, outcome: "not_found", ticket: undefined, remaining: undefined };
    if (scanned === "OLD-0001") return { code: scanned, outcome: "expired", ticket, remaining: 5 };
    if (scanned === "SLOW-0001") await new Promise((resolve) => setTimeout(resolve, 1500));
    return { code: scanned, outcome: "ok", ticket, remaining: 5 };
  }

  async redeem(request: RedeemRequest): Promise<DecisionResult> {
    this.redeemed.push(request);
    const ticket = this.tickets.get(request.code);
    return {
      outcome: "ok",
      code: request.code,
      quantity: request.quantity,
      ticket,
      remaining: 5 - request.quantity,
      redemption: { id: "1a2b3c4d-5e6f-4a00-8b00-000000000001" } as DecisionResult["redemption"],
      offline: false,
    };
  }
}

export function kioskStatus(): KioskStatus {
  return makeStatus({ now: "2026-11-27T06:05:09Z" });
}

/** The kiosk as the composition root wires it, on an 80×24 fake terminal. */
export interface KioskOptions {
  readonly locale?: Locale;
  /** Instead of a keyboard scanner; `none` for a kiosk whose scanner is serial. */
  readonly keyInput?: KeyInput | "none";
  /** Who is logged in when the screen starts (a supervisor by default); null: nobody. */
  readonly clerk?: ClerkSession | null;
  readonly mode?: "counter" | "self-service";
  readonly columns?: number;
  readonly rows?: number;
}

export async function kiosk(
  t: ExecutionContext,
  {
    locale = "zh-TW",
    keyInput,
    clerk = supervisor,
    mode = "counter",
    columns = 80,
    rows = 24,
  }: KioskOptions = {},
) {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: false,
    setRawMode(mode: boolean) {
      input.isRaw = mode;
      return input;
    },
  });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns, rows });
  let written = "";
  output.on("data", (chunk: Buffer) => {
    written += chunk.toString("utf8");
  });
  const redeemer = new StubRedeemer();
  const backOffice = new FakeBackOffice();
  if (clerk !== null) backOffice.signIn(clerk);
  const session = new KioskSession({
    redeemer,
    confirm: "ask",
    resultTimeoutMs: 60_000,
    clerkId: () => backOffice.currentClerk()?.id,
    requireClerk: mode === "counter",
    ...(mode === "self-service" ? { maxUnits: 3, idleTimeoutMs: 60_000 } : {}),
  });
  session.on("error", (error) => t.fail(String(error)));
  const scanner = new KeyboardScanner({ logger: silentLogger });
  scanner.on("scan", (scanned) => session.submitCode(scanned));
  let current = kioskStatus();
  const status = Object.assign(new EventEmitter<{ change: [] }>(), { current: () => current });
  const ui = new BlessedUi({
    session,
    backOffice,
    mode,
    status,
    ...(keyInput === "none" ? {} : { keyInput: keyInput ?? scanner }),
    locale,
    timeZone: "Asia/Taipei",
    hints: () => [{ code, hint: { "zh-TW": "深層按摩，剩 5 次", en: "massage, 5 left" } }],
    input,
    output,
    terminal: "xterm-256color",
    now: () => new Date("2026-11-27T06:05:09Z"),
  });
  await ui.start();
  t.teardown(async () => {
    await ui.stop();
    session.stop();
  });
  const screenText = () => ui.snapshot().join("\n");
  /** Waits until the screen shows what `pattern` matches. */
  const shows = async (pattern: RegExp | string) => {
    const deadline = Date.now() + 2000;
    const found = () =>
      typeof pattern === "string" ? screenText().includes(pattern) : pattern.test(screenText());
    while (!found()) {
      if (Date.now() > deadline) throw new Error(`screen never showed ${pattern}:\n${screenText()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  /** Keys typed one by one, slower than a scanner. */
  const type = async (keys: string) => {
    for (const key of keys) {
      input.write(key);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
  };
  const setStatus = (change: Partial<KioskStatus>) => {
    current = { ...current, ...change };
    status.emit("change");
  };
  return {
    ui,
    input,
    session,
    redeemer,
    backOffice,
    screenText,
    shows,
    type,
    setStatus,
    written: () => written,
  };
}
