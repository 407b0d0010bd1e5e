/**
 * `POST /v1/pair` (docs/central.md, "Pairing a kiosk") with undici, trusting what the kiosk's
 * config trusts (centralTrust.ts): a kiosk that does not trust the central service's certificate
 * yet sends its code nowhere. 403 `pairing_refused` is the code's end; anything else that is not
 * a good answer (no answer, a timeout, TLS, 429, 5xx, an answer that is not the contract) leaves
 * the code as it was, so scanning it again retries.
 */
import { type Dispatcher, request } from "undici";
import * as v from "valibot";
import type { ExchangeResult, PairingExchange } from "../device/kioskPairing.js";
import { pairAnswerSchema, pairingRefusedCode } from "../device/ports/pairingWire.js";
import { errorBody, transportError } from "./undiciCentralApi.js";

export interface UndiciPairingExchangeOptions {
  readonly dispatcher: Dispatcher | undefined;
  readonly timeoutMs: number;
  readonly userAgent: string;
}

export class UndiciPairingExchange implements PairingExchange {
  constructor(private readonly options: UndiciPairingExchangeOptions) {}

  async pair(url: string, code: string): Promise<ExchangeResult> {
    const { dispatcher, timeoutMs, userAgent } = this.options;
    let status: number;
    let text: string;
    try {
      const response = await request(new URL("/v1/pair", url), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "user-agent": userAgent },
        body: JSON.stringify({ code }),
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        ...(dispatcher === undefined ? {} : { dispatcher }),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      return { kind: "unreachable", detail: transportError(error, "POST", "/v1/pair").message };
    }
    if (status === 403 && errorBody(text)?.code === pairingRefusedCode) return { kind: "refused" };
    const answer = status === 200 ? v.safeParse(pairAnswerSchema, parseJson(text)) : undefined;
    if (answer?.success === true) return { kind: "paired", answer: answer.output };
    const problem = errorBody(text)?.message;
    return {
      kind: "unreachable",
      detail: `POST /v1/pair: HTTP ${status}${problem === undefined ? "" : ` (${problem.slice(0, 200)})`}`,
    };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
