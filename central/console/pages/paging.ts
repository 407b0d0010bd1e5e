/**
 * Next and previous links for a list paged by key (data/keyedPage.ts): a page is asked for by the
 * key of the last row before it (`before`), so the way back is carried in the link: `trail`, the
 * keys the pages before this one were asked for. A trail is bounded; past that the way back starts
 * again at the first page.
 */
import { type Html, html } from "../html.js";
import type { LedgerPagesMessages } from "./ledgerPagesMessages.js";
import { type Query, queryString, resultsTarget, seqParam, textParam } from "./queryForm.js";

const maxTrail = 100;

export interface Trail {
  /** The key this page was asked for; undefined on the first page. */
  readonly before: number | undefined;
  /** The keys of the pages between the first and this one, oldest first. */
  readonly earlier: readonly number[];
}

export function trailParam(query: Query): Trail {
  const earlier = (textParam(query, "trail", 2000) ?? "")
    .split(".")
    .filter((key) => /^\d{1,15}$/.test(key))
    .map(Number)
    .slice(-maxTrail);
  return { before: seqParam(query, "before"), earlier };
}

/** A link to another page of a list: followed by htmx into the results, or as a plain link. */
export function pageLink(href: string, label: string, rel: string, attributes: Html | "" = ""): Html {
  return html`<a href="${href}" rel="${rel}" hx-get="${href}" ${resultsTarget}${attributes}>${label}</a>`;
}

export function pagingLinks(
  t: LedgerPagesMessages,
  path: string,
  fields: Readonly<Record<string, string | undefined>>,
  next: number | undefined,
  trail: Trail,
): Html {
  const link = (before: number | undefined, earlier: readonly number[], label: string, rel: string) => {
    const href = `${path}${queryString({ ...fields, before, trail: earlier.length === 0 ? undefined : earlier.join(".") })}`;
    return pageLink(href, label, rel);
  };
  const previous =
    trail.before === undefined
      ? ""
      : link(trail.earlier.at(-1), trail.earlier.slice(0, -1), t.previous, "prev");
  const following =
    next === undefined
      ? ""
      : link(next, trail.before === undefined ? [] : [...trail.earlier, trail.before], t.next, "next");
  return html`<p class="paging">${previous}${following}</p>`;
}
