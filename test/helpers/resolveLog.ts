/**
 * A module resolve hook (https://nodejs.org/api/module.html#customization-hooks) that appends each
 * bare package a process resolves to the file named by `RESOLVE_LOG`, one a line, in the order the
 * process asks for them. Writes are synchronous, so a line is on disk before the import resolves.
 */
import { appendFileSync } from "node:fs";

type NextResolve = (specifier: string, context: unknown) => Promise<unknown>;

export async function resolve(specifier: string, context: unknown, next: NextResolve): Promise<unknown> {
  const log = process.env.RESOLVE_LOG;
  if (
    log !== undefined &&
    !specifier.startsWith(".") &&
    !specifier.startsWith("node:") &&
    !specifier.includes(":/")
  )
    appendFileSync(log, `${specifier}\n`);
  return next(specifier, context);
}
