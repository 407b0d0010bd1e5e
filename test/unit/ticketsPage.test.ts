/**
 * A page of tickets from the central service is checked a slice at a time (undiciCentralApi.ts
 * `fetchTickets`), so a download leaves the event loop to a scan between slices. Checked against a
 * real HTTP server on loopback: the page comes back whole and in order, and a bad ticket in its
 * last slice still refuses the whole page.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import test, { type ExecutionContext } from "ava";
import { CentralError } from "../../device/ports/centralApi.js";
import { UndiciCentralApi } from "../../sync/undiciCentralApi.js";
import { makeTicket } from "../helpers/fixtures.js";

const pageOf = (count: number) =>
  Array.from({ length: count }, (_, i) => makeTicket({ code: `TK-${String(i).padStart(5, "0")}` }));

/** A server on loopback that answers every request with `body` as JSON. */
async function serving(t: ExecutionContext, body: unknown): Promise<UndiciCentralApi> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return new UndiciCentralApi({ url: `http://127.0.0.1:${port}`, token: async () => "token" });
}

test("a page of 2,000 tickets comes back whole and in order", async (t) => {
  const tickets = pageOf(2000);
  const api = await serving(t, { tickets, cursor: "2000", hasMore: true, total: 5000 });
  const page = await api.fetchTickets(undefined, 2000, 5000);
  t.deepEqual(page, { tickets, cursor: "2000", hasMore: true, total: 5000 });
});

test("a bad ticket in a page's last slice refuses the whole page", async (t) => {
  const tickets = pageOf(2000);
  const api = await serving(t, {
    tickets: [...tickets.slice(0, 1999), { ...tickets[1999], redeemedUnits: -1 }],
    cursor: "2000",
    hasMore: false,
  });
  const error = await t.throwsAsync(api.fetchTickets(undefined, 2000, 5000), { instanceOf: CentralError });
  t.is(error?.kind, "invalid_response");
});

test("a page without its cursor is refused before any ticket is checked", async (t) => {
  const api = await serving(t, { tickets: pageOf(3), hasMore: false });
  const error = await t.throwsAsync(api.fetchTickets(undefined, 2000, 5000), { instanceOf: CentralError });
  t.is(error?.kind, "invalid_response");
});
