/**
 * A child of the cold-start benchmark: loads the modules `ticket-kiosk run` loads for a kiosk with a
 * serial scanner, a file printer and a bell before it is ready (the entry point's imports, the
 * composition root, the driver factories and their drivers; the HTTP client loads after ready, on
 * the first sync pass: device/lazyCentralApi.ts), with `--ui` also the blessed screen, and
 * prints how long that took in ms as JSON on stdout. Run in a fresh process, so nothing is cached.
 */
const startedAt = performance.now();
await import("../device/config.js");
await import("../device/logger.js");
await import("../device/systemdNotify.js");
await import("../device/kiosk.js");
await import("../drivers/printer/createPrinter.js");
await import("../drivers/printer/filePrinter.js");
await import("../drivers/scanner/createScanner.js");
await import("../drivers/scanner/serialScanner.js");
await import("../drivers/feedback/createFeedback.js");
if (process.argv.includes("--ui")) await import("../ui/blessedUi.js");
process.stdout.write(`${JSON.stringify({ moduleLoadMs: performance.now() - startedAt })}\n`);
