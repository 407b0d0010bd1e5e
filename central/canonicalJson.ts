/**
 * JSON with object keys sorted at every level, so two values that mean the same thing serialise to
 * the same string whatever order their keys were built or parsed in. Used to tell "the same
 * redemption sent again" from "another body under a reused id", and an unchanged import from a
 * changed one.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested !== null && typeof nested === "object" && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}
