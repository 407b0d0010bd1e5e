/**
 * How a schema's problems are said (valibot's issues): the keys that lead to each, and words a
 * person reads, the same for a config file, an import, a `journal import` and a refused request.
 */
import type * as v from "valibot";

export type SchemaIssue = v.BaseIssue<unknown>;

/** The keys from the document's root to the problem; array positions as numbers. */
export function issueKeys(issue: SchemaIssue): PropertyKey[] {
  return (issue.path ?? []).map((item) => item.key as PropertyKey);
}

export function issueText(issue: SchemaIssue): string {
  const { expected, received, requirement } = issue as SchemaIssue & { readonly requirement?: unknown };
  if (issue.kind === "schema" && received === "undefined") return "required";
  if (issue.type === "strict_object" && expected === "never") return "unknown key";
  // A schema's own words (`v.check(…, "…")`) stand; valibot's own start "Invalid …: Expected".
  if (!/^Invalid [\w ]+: Expected /.test(issue.message)) return issue.message;
  switch (issue.type) {
    case "min_length":
      return `must be at least ${requirement} long, is ${received}`;
    case "max_length":
      return `must be at most ${requirement} long, is ${received}`;
    case "min_value":
      return `must be at least ${requirement}, is ${received}`;
    case "max_value":
      return `must be at most ${requirement}, is ${received}`;
    case "regex":
      return `does not match ${expected}, received ${received}`;
    case "integer":
      return `must be a whole number, is ${received}`;
    case "picklist":
      return `expected one of ${expected?.replace(/^\((.*)\)$/, "$1")}, received ${received}`;
    default:
      return `expected ${said(expected)}, received ${said(received)}`;
  }
}

/** valibot names a JSON object and array by their classes. */
function said(type: string | null): string {
  return type === "Object" ? "an object" : type === "Array" ? "a list" : String(type);
}

/** valibot takes a list where an object is expected (it reads its keys); a document's top must be an object. */
export const listForObject = "expected an object, received a list";

/** `redemption.quantity: must be at least 1, is 0`: a problem on one line, for a message. */
export function issueLine(issue: SchemaIssue): string {
  const keys = issueKeys(issue);
  return keys.length === 0 ? issueText(issue) : `${keys.map(String).join(".")}: ${issueText(issue)}`;
}
