import test from "ava";
import { databaseUser } from "../../../central/store/databaseUrl.js";
import { explainConnectError } from "../../../central/store/pgConnectError.js";
import { describeLocation } from "../../../central/store/storeLocation.js";

const postgres = (url: string) => describeLocation({ kind: "postgres", url });

test("a database URL is shown with its password masked, libpq's Unix socket form included", (t) => {
  t.is(
    postgres("postgres://central:s3cret@db.example:5432/ticket_kiosk"),
    "postgres://central:***@db.example:5432/ticket_kiosk",
  );
  t.is(
    postgres("postgres://central@127.0.0.1:5432/ticket_kiosk"),
    "postgres://central@127.0.0.1:5432/ticket_kiosk",
  );
  t.is(
    postgres("postgres://central:s3cret@/ticket_kiosk?host=/var/run/postgresql"),
    "postgres://central:***@/ticket_kiosk?host=/var/run/postgresql",
  );
  t.is(
    postgres("postgresql:///ticket_kiosk?host=/var/run/postgresql"),
    "postgresql:///ticket_kiosk?host=/var/run/postgresql",
  );
  t.is(describeLocation({ kind: "level", dataDir: "/var/lib/ticket-central" }), "/var/lib/ticket-central");
});

test("the user a database URL names", (t) => {
  t.is(databaseUser("postgres://central:s3cret@db.example/ticket_kiosk"), "central");
  t.is(databaseUser("postgres://caf%C3%A9@/ticket_kiosk?host=/run/postgresql"), "café");
  t.is(databaseUser("postgres:///ticket_kiosk?host=/run/postgresql"), undefined);
});

test("peer authentication refused over the socket: run as that user, or use TCP with a password", (t) => {
  const refused = Object.assign(new Error('Peer authentication failed for user "central"'), {
    code: "28000",
  });
  const explained = explainConnectError(refused, "postgres://central@/ticket_kiosk?host=/var/run/postgresql");
  t.true(explained instanceof Error);
  t.is(
    (explained as Error).message,
    'PostgreSQL refused user "central" of postgres://central@/ticket_kiosk?host=/var/run/postgresql: Peer authentication failed for user "central". Over its Unix socket PostgreSQL lets in only the operating system\'s user of the same name (peer authentication): run the command as that user, or connect over TCP (postgres://USER@127.0.0.1:5432/DATABASE) with a password (docs/central.md, "On PostgreSQL")',
  );
  t.is((explained as Error).cause, refused);
});

test("an error that is not about getting in passes through as it came", (t) => {
  const other = Object.assign(new Error('relation "tickets" does not exist'), { code: "42P01" });
  t.is(explainConnectError(other, "postgres://central@127.0.0.1/ticket_kiosk"), other);
});
