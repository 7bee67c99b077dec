/**
 * The booking window as instants: slots may start in [start, end). Computed
 * once per request (luxon at the edge, never per slot).
 */
import { DAY_MS, addDays, isValidIsoDate, startOfZonedDay, zonedDateOf } from "../time";
import type { BookingWindow, Interval } from "./types";

function wholeDays(days: number): number {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`The booking window's days must be a whole number ≥ 0 (got ${days}).`);
  return days;
}

/**
 * - rolling N: before now + N × 24 h (a slot 09:00 the day after the window
 *   closes at 08:59 is out; one at 08:58 is in);
 * - calendar_days N: before the first midnight after the Nth local date of
 *   `zone`, today being the first — so the window always ends at a day's end;
 * - range: from the first instant of `start` to the last of `end` in `zone`.
 */
export function bookingWindowBounds(window: BookingWindow, now: number, zone: string): Interval {
  switch (window.type) {
    case "rolling":
      return { start: -Infinity, end: now + wholeDays(window.days) * DAY_MS };
    case "calendar_days": {
      const days = wholeDays(window.days);
      if (days === 0) return { start: -Infinity, end: -Infinity };
      return { start: -Infinity, end: startOfZonedDay(addDays(zonedDateOf(now, zone), days), zone) };
    }
    case "range":
      if (!isValidIsoDate(window.start) || !isValidIsoDate(window.end) || window.end < window.start) {
        throw new RangeError(`Invalid booking window dates ${window.start}–${window.end}.`);
      }
      return { start: startOfZonedDay(window.start, zone), end: startOfZonedDay(addDays(window.end, 1), zone) };
    default:
      throw new RangeError(`Unknown booking window type "${(window as { type?: unknown }).type}".`);
  }
}
