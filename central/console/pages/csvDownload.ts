/** A CSV export as the browser saves it: a streamed attachment, never cached. */
import type { Readable } from "node:stream";
import type { FastifyReply } from "fastify";

export function sendCsv(reply: FastifyReply, fileName: string, csv: Readable): FastifyReply {
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${fileName}"`)
    .header("cache-control", "no-store")
    .send(csv);
}
