/**
 * A kiosk process that reprints one slip and exits, for the crash test of reprints: the real
 * composition root on a config file, `kiosk.reprint(id)` (what 補印 on the screen calls), then a
 * clean stop, asked by the supervisor 王小明. With `TK_CRASH_POINT=before-slip-queued` it dies inside the reprint instead.
 */
import { writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../../device/config.js";
import { Kiosk } from "../../device/kiosk.js";
import { JsonLogger } from "../../device/logger.js";

const { values } = parseArgs({ options: { config: { type: "string" }, id: { type: "string" } } });
const kiosk = new Kiosk(await loadConfig(values.config ?? ""), {
  logger: new JsonLogger(process.stderr, "reprint-kiosk", "warn"),
  version: "reprint-test",
});
await kiosk.start();
writeSync(1, `${await kiosk.reprint(values.id ?? "", "王小明")}\n`);
await kiosk.stop();
