/**
 * A store's day in its time zone as UTC instants: what 日結 counts, on the kiosk (journalViews.ts)
 * and in the central's console (central/console/data/dayReconciliation.ts) alike, so both close the
 * same day at the same instant.
 */

/** The UTC instants where a day starts and ends in a time zone, and its name (YYYY-MM-DD). */
export function storeDay(at: Date, timeZone: string): { day: string; from: Date; to: Date } {
  const parts = partsOf(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }),
    at,
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const midnight = (y: number, m: number, d: number) => {
    const guess = Date.UTC(y, m - 1, d);
    return new Date(guess - offsetMs(new Date(guess), timeZone));
  };
  const [y, m, d] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  return { day, from: midnight(y, m, d), to: midnight(y, m, d + 1) };
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(at: Date, timeZone: string): number {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const wall = partsOf(format, at);
  const asUtc = Date.UTC(
    Number(wall.year),
    Number(wall.month) - 1,
    Number(wall.day),
    Number(wall.hour),
    Number(wall.minute),
    Number(wall.second),
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

function partsOf(format: Intl.DateTimeFormat, at: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
}
