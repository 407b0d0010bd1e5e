/**
 * Dates, clock times and ages as the screen shows them. Dates and times are in the store's time zone
 * (docs/domain.md §1: validity is judged there), whatever zone the device's system clock is set to; the
 * digits are assembled from parts so every locale shows the same unambiguous 2026-11-01 and 14:05.
 * An unknown time zone throws a RangeError: the UI's first draw fails, so `start()` reports it.
 */

type Part = "year" | "month" | "day" | "hour" | "minute" | "second";

function partsOf(
  at: Date,
  timeZone: string,
  fields: Intl.DateTimeFormatOptions,
): Partial<Record<Part, string>> {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone, hourCycle: "h23", ...fields });
  const parts: Partial<Record<Part, string>> = {};
  for (const { type, value } of format.formatToParts(at)) {
    if (
      type === "year" ||
      type === "month" ||
      type === "day" ||
      type === "hour" ||
      type === "minute" ||
      type === "second"
    ) {
      parts[type] = value;
    }
  }
  return parts;
}

/** 2026-11-01 */
export function formatDate(at: Date, timeZone: string): string {
  const { year, month, day } = partsOf(at, timeZone, { year: "numeric", month: "2-digit", day: "2-digit" });
  return `${year}-${month}-${day}`;
}

/** 14:05, or 14:05:09 with seconds. */
export function formatTime(at: Date, timeZone: string, withSeconds: boolean): string {
  const { hour, minute, second } = partsOf(at, timeZone, {
    hour: "2-digit",
    minute: "2-digit",
    ...(withSeconds ? { second: "2-digit" } : {}),
  });
  return withSeconds ? `${hour}:${minute}:${second}` : `${hour}:${minute}`;
}

/** An age in its largest whole unit: 45s, 5m, 3h, 2d. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 2 * 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** 11-27 14:05: a time in a list, where the year is nearly always this one. */
export function formatShortDateTime(at: Date, timeZone: string): string {
  return `${formatDate(at, timeZone).slice(5)} ${formatTime(at, timeZone, false)}`;
}

/** 2026-11-27 14:05:09 */
export function formatDateTime(at: Date, timeZone: string): string {
  return `${formatDate(at, timeZone)} ${formatTime(at, timeZone, true)}`;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const { year, month, day, hour, minute, second } = partsOf(at, timeZone, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const wall = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * A day typed as YYYY-MM-DD, as the instants it starts and ends in the store's time zone (a
 * search's date range is the store's days, whatever zone the device runs in); undefined when the
 * text is not such a date.
 */
export function parseDay(
  text: string,
  timeZone: string,
): { readonly start: Date; readonly end: Date } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const midnightUtc = Date.UTC(year, month - 1, day);
  const check = new Date(midnightUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  // The instant whose wall clock reads that midnight; asked twice, because the offset at the
  // first guess may differ from the offset at the answer (a DST change that day).
  const startOf = (wallMs: number) => {
    const guess = wallMs - zoneOffsetMs(new Date(wallMs), timeZone);
    return wallMs - zoneOffsetMs(new Date(guess), timeZone);
  };
  const start = startOf(midnightUtc);
  const next = startOf(midnightUtc + 86_400_000);
  return { start: new Date(start), end: new Date(next - 1) };
}
