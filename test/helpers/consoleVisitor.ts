/**
 * The web console over real HTTP from a central service in this process on a real LevelDB, with a
 * clock the test moves: the example catalogue with a store whose name is markup, an hq account
 * (boss) and a store-a manager (mgr), and a client that keeps its cookies like a browser.
 */
import { readFile } from "node:fs/promises";
import { type Agent, request } from "undici";
import { CentralService } from "../../central/centralServer.js";
import { silentLogger } from "../../device/logger.js";
import { exampleCatalogue } from "./cliCentral.js";
import { tempDir } from "./fixtures.js";

export const hqPassword = "correct horse battery";
export const managerPassword = "manager of store a";

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** A client that keeps the cookies it is given, like a browser would. */
export class Visitor {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly base: string,
    private readonly dispatcher?: Agent,
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send("GET", path, undefined, headers);
  }

  async post(
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    return this.send("POST", path, new URLSearchParams(form).toString(), {
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
    });
  }

  /** The login form's token, then the form posted. */
  async login(name: string, password: string): Promise<Answer> {
    const form = await this.get("/login");
    return this.post("/login", { _csrf: hiddenToken(form.text), name, password });
  }

  private async send(
    method: "GET" | "POST",
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<Answer> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const answer = await request(`${this.base}${path}`, {
      method,
      headers: { ...headers, ...(cookie === "" ? {} : { cookie }) },
      ...(body === undefined ? {} : { body }),
      ...(this.dispatcher === undefined ? {} : { dispatcher: this.dispatcher }),
    });
    const setCookie = answer.headers["set-cookie"];
    for (const line of typeof setCookie === "string" ? [setCookie] : (setCookie ?? [])) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const value = pair.slice(at + 1);
      if (value === "" || line.includes("Max-Age=0")) this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
    return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
  }
}

export function hiddenToken(page: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (token === undefined) throw new Error(`no CSRF token on the page:\n${page}`);
  return token;
}

export async function startCentral(
  t: { teardown(fn: () => Promise<void>): void },
  tls?: { cert: string; key: string },
) {
  const dir = await tempDir("console-http-");
  let nowMs = Date.parse("2026-12-04T02:00:00.000Z");
  const service = new CentralService({ dataDir: dir.path, logger: silentLogger, now: () => new Date(nowMs) });
  t.teardown(async () => {
    await service.stop();
    await dir.remove();
  });
  const catalogue = JSON.parse(await readFile(exampleCatalogue, "utf8")) as {
    stores: { id: string; name: string }[];
  };
  catalogue.stores.push({ id: "store-x", name: "<b>新店</b>" });
  await service.importDocument(catalogue);
  await service.addConsoleUser({ name: "boss", role: "hq", storeIds: [], password: hqPassword });
  await service.addConsoleUser({
    name: "mgr",
    role: "manager",
    storeIds: ["store-a"],
    password: managerPassword,
  });
  const { url } = await service.listen({ host: "127.0.0.1", port: 0, ...(tls === undefined ? {} : { tls }) });
  return { url, service, advance: (ms: number) => (nowMs += ms) };
}
