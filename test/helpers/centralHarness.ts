/**
 * A real CentralService on loopback over a real LevelDB in a temp dir, with a small catalogue, a
 * captured JSON log, and helpers to call it the way a kiosk does (global fetch).
 */
import { Writable } from "node:stream";
import type { ExecutionContext } from "ava";
import { CentralService, type ListenOptions } from "../../central/centralServer.js";
import type { ImportDocument, ImportTicket } from "../../central/importDocument.js";
import type { Redemption } from "../../device/domain.js";
import { JsonLogger } from "../../device/logger.js";
import { makeRedemption, tempDir } from "./fixtures.js";

export const now = new Date("2026-11-27T08:00:00.000Z");

const ticket = (code: string, fields: Partial<ImportTicket> = {}): ImportTicket => ({
  code,
  productName: "深層按摩 60 分鐘券",
  totalUnits: 5,
  redeemedUnits: 0,
  validFrom: "2026-11-01T00:00:00+08:00",
  validUntil: "2027-10-31T23:59:59+08:00",
  status: "active",
  ...fields,
});
const storeA = { storeIds: ["store-a"] };

/**
 * store-a has FIVE, ONE-LEFT, ANYWHERE and EXPIRED, supervisor c1 and redeem clerk c2; store-b has
 * B-ONLY and ANYWHERE, and supervisor c9.
 */
export function catalogue(): ImportDocument {
  return {
    stores: [
      { id: "store-a", name: "台北信義店" },
      { id: "store-b", name: "台中公益店" },
    ],
    clerks: [
      { id: "c1", name: "王小明", pin: "246810", role: "supervisor", storeIds: ["store-a"] },
      { id: "c2", name: "李小華", pin: "1357", role: "redeem", storeIds: ["store-a"] },
      { id: "c9", name: "林台中", pin: "999999", role: "supervisor", storeIds: ["store-b"] },
    ],
    orders: [
      {
        orderNumber: "#100231",
        createdAt: "2026-11-20T10:02:00+08:00",
        customer: { name: "陳怡君", phone: "0912345678" },
        tickets: [
          ticket("TK-FIVE", storeA),
          ticket("TK-ONE-LEFT", { totalUnits: 3, redeemedUnits: 2, ...storeA }),
          ticket("TK-ANYWHERE", { productName: "主題樂園一日票", variantName: "成人", totalUnits: 2 }),
        ],
      },
      {
        orderNumber: "#100232",
        createdAt: "2026-11-21T14:37:00+08:00",
        customer: { name: "林志豪", phone: "0928765432" },
        tickets: [
          ticket("TK-EXPIRED", { validUntil: "2026-11-26T23:59:59+08:00", ...storeA }),
          ticket("TK-B-ONLY", { storeIds: ["store-b"] }),
        ],
      },
    ],
  };
}

export interface Central {
  readonly service: CentralService;
  readonly url: string;
  readonly dataDir: string;
  /** Every log line so far, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Raw log text, to check what never appears in it. */
  logText(): string;
  tokenFor(deviceId: string, storeId: string): Promise<string>;
  /** A device token and the PIN key made with it. */
  deviceFor(deviceId: string, storeId: string): Promise<{ token: string; pinKey: string }>;
  adminToken(): Promise<string>;
  /** Stops the service and starts a new one on the same data directory. */
  restart(): Promise<Central>;
}

export async function startCentral(
  t: ExecutionContext,
  options: {
    importCatalogue?: boolean;
    clock?: () => Date;
    voidWindowHours?: number;
    /** HTTPS and limits, as `central --tls-cert … --max-connections …` gives them. */
    listen?: Pick<ListenOptions, "tls" | "limits">;
  } = {},
): Promise<Central> {
  const dir = await tempDir("central-");
  let current: CentralService | undefined;
  t.teardown(async () => {
    await current?.stop();
    await dir.remove();
  });
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString("utf8")
          .split("\n")
          .filter((line) => line !== ""),
      );
      done();
    },
  });
  const logger = new JsonLogger(sink, "central", "debug");
  const open = async (): Promise<Central> => {
    const service = new CentralService({
      dataDir: dir.path,
      logger,
      now: options.clock ?? (() => now),
      ...(options.voidWindowHours === undefined ? {} : { voidWindowHours: options.voidWindowHours }),
    });
    current = service;
    const { url } = await service.listen({ host: "127.0.0.1", port: 0, ...options.listen });
    const deviceFor = async (deviceId: string, storeId: string) => {
      const outcome = await service.issueToken(deviceId, storeId);
      if (!outcome.ok) throw new Error(`no store ${storeId}`);
      return { token: outcome.token, pinKey: outcome.pinKey };
    };
    return {
      service,
      url,
      dataDir: dir.path,
      get logs() {
        return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      },
      logText: () => lines.join("\n"),
      tokenFor: async (deviceId, storeId) => (await deviceFor(deviceId, storeId)).token,
      deviceFor,
      adminToken: () => service.issueAdminToken(),
      async restart() {
        await service.stop();
        return open();
      },
    };
  };
  const central = await open();
  if (options.importCatalogue ?? true) {
    const outcome = await central.service.importDocument(catalogue());
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  }
  return central;
}

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/** A JSON request as a kiosk makes it. */
export async function call<T = Record<string, unknown>>(
  url: string,
  path: string,
  options: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${url}${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export interface UploadResult {
  id: string;
  status: string;
  reason?: string;
  original?: string;
  ticket?: { code: string; redeemedUnits: number; totalUnits: number; updatedAt: string };
}

export async function upload(url: string, token: string, redemptions: Redemption[]): Promise<UploadResult[]> {
  const answer = await call<{ results: UploadResult[] }>(url, "/v1/redemptions", {
    token,
    body: { redemptions },
  });
  if (answer.status !== 200)
    throw new Error(`upload answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.results;
}

/** A redemption from `kiosk-1` of store-a unless overridden, redeemed now. */
export function redemption(overrides: Partial<Redemption> = {}): Redemption {
  return makeRedemption({ ticketCode: "TK-FIVE", redeemedAt: now.toISOString(), ...overrides });
}
