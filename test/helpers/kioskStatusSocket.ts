/** `GET /status` over a running kiosk's control socket (`<dataDir>/kiosk.sock`). */
import { request } from "node:http";
import { join } from "node:path";
import type { KioskStatus } from "../../device/kioskStatus.js";

export function kioskStatus(dataDir: string): Promise<KioskStatus> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: join(dataDir, "kiosk.sock"), path: "/status" }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve(JSON.parse(body) as KioskStatus));
    });
    req.on("error", reject);
    req.end();
  });
}
