/**
 * The one time helper module. Instants are epoch milliseconds (UTC) or Date;
 * wall-clock rules are "HH:MM" strings in an IANA zone. luxon is used here, at
 * the edges, and nowhere inside the availability engine's inner loops.
 */
import { DateTime, IANAZone, Info } from "luxon";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** luxon numbers weekdays 1 (Monday) … 7 (Sunday). */
export function weekdayName(luxonWeekday: number): Weekday {
  return WEEKDAYS[luxonWeekday - 1];
}

/**
 * Zones already found valid. luxon's isValidZone builds an Intl.DateTimeFormat
 * on every call (~20 µs), and the engine checks zones on every slots request;
 * only valid names are remembered, and only so many, so input cannot grow it.
 */
const knownValidZones = new Set<string>();

/** True for IANA names such as "Europe/Berlin" (and "UTC"); false for offsets or nonsense. */
export function isValidTimeZone(zone: string): boolean {
  if (knownValidZones.has(zone)) return true;
  const valid = typeof zone === "string" && zone.length > 0 && IANAZone.isValidZone(zone);
  if (valid && knownValidZones.size < 2000) knownValidZones.add(zone);
  return valid;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** "09:30" → 570. "24:00" (end of day) → 1440. Returns null when malformed. */
export function parseTimeOfDay(value: string): number | null {
  if (!TIME_OF_DAY.test(value)) return null;
  const [h, m] = value.split(":").map(Number);
  return h * 60 + m;
}

/** 570 → "09:30"; 1440 → "24:00". */
export function formatTimeOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isValidIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && DateTime.fromISO(value, { zone: "UTC" }).isValid;
}

/** Adds whole days to a YYYY-MM-DD date (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

/** Number of calendar days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    DateTime.fromISO(to, { zone: "UTC" }).diff(DateTime.fromISO(from, { zone: "UTC" }), "days").days,
  );
}

/** The Monday on or before a YYYY-MM-DD date: weeks start on Monday (ISO 8601). */
export function mondayOf(date: string): string {
  return addDays(date, -WEEKDAYS.indexOf(weekdayOfDate(date)));
}

/** The weekday of a YYYY-MM-DD date. */
export function weekdayOfDate(date: string): Weekday {
  return weekdayName(DateTime.fromISO(date, { zone: "UTC" }).weekday);
}

/**
 * The instant at which the wall clock in `zone` shows `minutes` after midnight
 * on `date`. Documented DST behaviour:
 * - a time that does not exist (spring-forward gap) moves forward by the gap,
 *   as luxon does: 02:30 on a day clocks jump 02:00→03:00 is 03:30;
 * - a time that happens twice (fall-back) means its first occurrence.
 * `minutes` may be 1440 (midnight at the end of the day).
 */
export function zonedTimeToInstant(date: string, minutes: number, zone: string): number {
  // Not DateTime.fromObject: for a time that happens twice, luxon picks the
  // occurrence whose offset matches the zone's offset *today*, so the answer
  // changed with the season the code ran in. Resolve explicitly instead.
  const z = Info.normalizeZone(zone);
  if (!z.isValid) return NaN;
  const [year, month, day] = date.split("-").map(Number);
  // The wall-clock reading written as if it were UTC: an instant t shows it in
  // `zone` iff t = wall − offset(t).
  const wall = Date.UTC(year, month - 1, day) + minutes * MINUTE_MS;
  // The offsets in force a day either side cover any transition near `wall`.
  const offsets = [z.offset(wall - DAY_MS), z.offset(wall + DAY_MS)];
  const matches = offsets.map((o) => wall - o * MINUTE_MS).filter((t) => wall - t === z.offset(t) * MINUTE_MS);
  if (matches.length > 0) return Math.min(...matches);
  // In a gap: read with the offset from before the jump, which lands the gap's length later.
  return wall - Math.min(...offsets) * MINUTE_MS;
}

/** The start of the calendar day `date` in `zone`, as an instant. */
export function startOfZonedDay(date: string, zone: string): number {
  return zonedTimeToInstant(date, 0, zone);
}

/** The calendar date (YYYY-MM-DD) an instant falls on in `zone`. */
export function zonedDateOf(instant: number | Date, zone: string): string {
  return DateTime.fromMillis(+instant, { zone }).toISODate()!;
}

/** ISO 8601 with the zone's offset, e.g. "2026-12-07T09:30:00.000-05:00". */
export function toZonedIso(instant: number | Date, zone: string): string {
  return DateTime.fromMillis(+instant, { zone }).toISO()!;
}

/** Parses an ISO 8601 instant that carries an offset or Z; null when it does not. */
export function parseIsoInstant(value: string): number | null {
  if (!/([zZ]|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : null;
}

/** Today's date in `zone`. */
export function todayIn(zone: string, now: number = Date.now()): string {
  return zonedDateOf(now, zone);
}
