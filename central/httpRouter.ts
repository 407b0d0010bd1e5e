/**
 * A small JSON router over node:http: routes by method and path pattern (`/v1/tickets/:code`),
 * bounded bodies, one error shape `{ "error": { "code", "message" } }`, and one log line per
 * request. Failure cases handled: unknown path (404), known path with another method (405 with
 * `Allow`), a body over the limit (413, read to its end so the client sees the answer, cut off
 * when it goes on far beyond), a body that is not JSON or fails its schema (400), a path segment
 * that is not valid percent-encoding (400), a request its `admit` gate refuses (a 429 of the rate
 * limit, with its headers), and anything a handler throws (500, logged, no detail leaked). Tokens never reach the log: only the matched pattern and the fields a handler notes are
 * logged, never headers.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import * as v from "valibot";
import type { LogFields, Logger } from "../device/logger.js";
import { issueLine, listForObject, type SchemaIssue } from "../device/schemaIssue.js";

export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: OutgoingHttpHeaders = {},
  ) {
    super(message);
  }
}

export interface Call {
  readonly request: IncomingMessage;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  /** The body as text, within the router's limit. */
  text(): Promise<string>;
  /** The body as JSON checked by `schema`. */
  json<T>(schema: v.GenericSchema<unknown, T>): Promise<T>;
  /** Adds fields to this request's log line (who asked, never a secret). */
  note(fields: LogFields): void;
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

export interface Route {
  readonly method: "GET" | "POST";
  readonly pattern: string;
  /** This route's body limit, when it is not the router's (a catalogue import). */
  readonly maxBodyBytes?: number;
  handle(call: Call): Promise<Reply>;
}

export interface RouterOptions {
  readonly routes: readonly Route[];
  readonly maxBodyBytes: number;
  readonly logger: Logger;
  /** Refuses a request before its handler runs (a rate limit), or lets it through. */
  readonly admit?: (request: IncomingMessage) => HttpError | undefined;
  /**
   * The refusal for an error that is no fault of the request or the code but a cause to answer
   * later (the store out of reach): answered with it and logged as a warning, not as a 500.
   */
  readonly refusalOf?: (error: unknown) => HttpError | undefined;
}

/** A body this many times over the limit is not read to its end: the connection is cut. */
const drainFactor = 16;

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** The request listener; it never rejects, whatever a handler does. */
export function createRouter(
  options: RouterOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  // Each pattern split once, not on every request.
  const routes = options.routes.map((route) => ({ route, parts: route.pattern.split("/") }));
  return async (request, response) => {
    const started = performance.now();
    const logFields: Record<string, unknown> = {};
    let pattern = "(none)";
    let reply: Reply;
    let headers: OutgoingHttpHeaders = {};
    try {
      const url = new URL(request.url ?? "/", "http://central.invalid");
      const path = url.pathname.split("/");
      const matched = routes.flatMap(({ route, parts }) => {
        const params = matchPath(parts, path);
        return params === undefined ? [] : [{ route, params }];
      });
      const hit = matched.find(({ route }) => route.method === request.method);
      if (hit === undefined) {
        if (matched.length === 0) throw new HttpError(404, "not_found", "no such resource");
        const allow = [...new Set(matched.map(({ route }) => route.method))].join(", ");
        throw new HttpError(405, "method_not_allowed", `use ${allow}`, { allow });
      }
      pattern = hit.route.pattern;
      const refused = options.admit?.(request);
      if (refused !== undefined) throw refused;
      const maxBodyBytes = hit.route.maxBodyBytes ?? options.maxBodyBytes;
      reply = await hit.route.handle(makeCall(request, url, hit.params, maxBodyBytes, logFields));
    } catch (error) {
      const refusal = error instanceof HttpError ? error : options.refusalOf?.(error);
      if (refusal !== undefined) {
        if (refusal !== error) {
          options.logger.warn("request refused for now", {
            event: "refused",
            route: pattern,
            why: String(error),
          });
        }
        reply = { status: refusal.status, body: errorBody(refusal.code, refusal.message) };
        headers = refusal.headers;
      } else {
        options.logger.error("request failed", { event: "error", route: pattern, error });
        reply = { status: 500, body: errorBody("internal", "internal error") };
      }
    }
    sendJson(response, reply.status, reply.body, headers);
    options.logger.info("request", {
      event: "request",
      method: request.method,
      route: pattern,
      status: reply.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...logFields,
    });
  };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders,
): void {
  if (response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  response.end(text);
}

/**
 * A pattern's parts (`/v1/tickets/:code` split at `/`) against a path's → `{ code }`, or undefined
 * when it does not match.
 */
function matchPath(want: readonly string[], have: readonly string[]): Record<string, string> | undefined {
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index] ?? "";
    if (part.startsWith(":")) {
      if (actual === "") return undefined;
      params[part.slice(1)] = decodeSegment(actual);
    } else if (part !== actual) return undefined;
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "bad_path", "a path segment is not valid percent-encoding");
  }
}

function makeCall(
  request: IncomingMessage,
  url: URL,
  params: Record<string, string>,
  maxBodyBytes: number,
  logFields: Record<string, unknown>,
): Call {
  let body: Promise<Buffer> | undefined;
  const text = async (): Promise<string> => {
    body ??= readBody(request, maxBodyBytes);
    return (await body).toString("utf8");
  };
  return {
    request,
    url,
    params,
    text,
    async json<T>(schema: v.GenericSchema<unknown, T>): Promise<T> {
      let value: unknown;
      try {
        value = JSON.parse(await text());
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(400, "bad_json", "the body is not JSON");
      }
      if (Array.isArray(value)) throw new HttpError(400, "invalid_body", listForObject);
      const parsed = v.safeParse(schema, value);
      if (!parsed.success) throw new HttpError(400, "invalid_body", describeIssues(parsed.issues));
      return parsed.output;
    },
    note(fields) {
      Object.assign(logFields, fields);
    },
  };
}

function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  // Made only when needed: an error captures a stack trace, too dear for every request.
  const tooLarge = () =>
    new HttpError(413, "body_too_large", `the body is over ${maxBytes} bytes`, { connection: "close" });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size > maxBytes * drainFactor) {
        request.destroy();
        reject(tooLarge());
      }
    });
    request.on("end", () => (size > maxBytes ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    request.on("error", reject);
  });
}

function describeIssues(issues: readonly SchemaIssue[]): string {
  const shown = issues.slice(0, 5).map(issueLine);
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join("; ")}; and ${more} more` : shown.join("; ");
}
