/**
 * Node 22's module compile cache (`NODE_COMPILE_CACHE`, which systemd/ticket-kiosk.service sets;
 * https://nodejs.org/api/module.html#module-compile-cache): a start reads the code it loads already
 * compiled instead of compiling it again. Node writes the cache when the process exits, and a kiosk
 * rarely exits gently (a power cut, the watchdog's kill), so it is written once everything a start
 * loads is loaded: the central client comes last. On Node 20, which has no compile cache, and
 * without the variable, nothing happens.
 */
import nodeModule from "node:module";

export function flushCompileCache(): void {
  (nodeModule as { flushCompileCache?: () => void }).flushCompileCache?.();
}
