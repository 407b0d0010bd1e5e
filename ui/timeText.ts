/**
 * Dates, clock times and ages as the screen shows them. Dates and times are in the store's time zone
 * (PRODUCT.md §4: validity is judged there), whatever zone the device's system clock is set to; the
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
