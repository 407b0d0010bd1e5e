/**
 * serialport 13's two parts the drivers use: the stream and the binding detected for this system.
 * Imported here rather than through the `serialport` package, which also loads its ten parsers and
 * its mock binding: ~100 ms more module loading at every start of a kiosk with a serial device
 * (docs/performance.md, "Cold start, second round"). The binding is the one `serialport`'s own
 * `SerialPort` class detects, with its ports' polls mended (`pollWaitsKept.ts`).
 */
import { autoDetect, type BindingInterface } from "@serialport/bindings-cpp";
import { pollWaitsKept } from "./pollWaitsKept.js";

export { SerialPortStream } from "@serialport/stream";

export const systemBinding: BindingInterface = pollWaitsKept(autoDetect());
