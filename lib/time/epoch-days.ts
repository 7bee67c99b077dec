/**
 * Calendar arithmetic on YYYY-MM-DD dates as whole days since 1970-01-01, no
 * zone involved. The same answers as addDays / weekdayOfDate (./index) for
 * such dates, without luxon: those build a DateTime per call (~15 µs), and the
 * availability engine steps dates once per host on every slots request.
 */
import { DAY_MS } from "./index";

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function epochDayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The YYYY-MM-DD date `day` days after 1970-01-01. */
export function dateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The weekday of an epoch day as an index into WEEKDAYS (0 = Monday): 1970-01-01 was a Thursday (3). */
export function weekdayIndexOfEpochDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
