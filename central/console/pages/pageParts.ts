/**
 * Steps the console's pages share: a form's text field, a notice
 * above a page, and a POST that runs one audited data operation and shows the page again with what
 * it said (refusals with their HTTP status, the rest 200).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Audit } from "../data/viewer.js";
import { type Html, html } from "../html.js";
import type { PageContext, Visitor } from "./pageContext.js";

export function formField(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
}

export function notice(ok: boolean, text: string): Html {
  return ok
    ? html`<p class="ok" role="status">${text}</p>`
    : html`<p class="problem" role="alert">${text}</p>`;
}

/** Shows a page again with a notice above it. */
export type Rerender = (
  request: FastifyRequest,
  reply: FastifyReply,
  v: Visitor,
  status: number,
  top: Html,
) => Promise<FastifyReply>;

export function postChange<O extends { readonly kind: string }>(
  app: FastifyInstance,
  context: PageContext,
  path: string,
  change: {
    /** The outcomes that are refusals, with their status. */
    readonly refused: Readonly<Partial<Record<O["kind"], number>>>;
    run(v: Visitor, request: FastifyRequest): Promise<{ readonly outcome: O; readonly audit: Audit }>;
    say(v: Visitor, outcome: O): string;
  },
  rerender: Rerender,
): void {
  app.post(path, async (request, reply) => {
    const v = await context.visitor(request);
    const { outcome, audit } = await change.run(v, request);
    await context.audit(v, audit, request);
    const status: number | undefined = change.refused[outcome.kind as O["kind"]];
    return rerender(request, reply, v, status ?? 200, notice(status === undefined, change.say(v, outcome)));
  });
}
