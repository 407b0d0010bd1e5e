/** A kiosk config file with no screen, printer or feedback: for tests that run `ticket-kiosk run`. */
import { writeFile } from "node:fs/promises";

export function writeHeadlessConfig(
  path: string,
  fields: {
    readonly dataDir: string;
    readonly device: Record<string, unknown>;
    readonly central: Record<string, unknown>;
    readonly scanner: Record<string, unknown>;
  },
): Promise<void> {
  return writeFile(
    path,
    JSON.stringify({
      ...fields,
      printer: { kind: "none" },
      feedback: { kind: "none" },
      ui: { kind: "none", confirm: "auto" },
    }),
  );
}
