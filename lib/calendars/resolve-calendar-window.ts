import type { Interval } from "../availability/types";
import { validationError } from "../errors";
import { addDays, DAY_MS, HOUR_MS, isValidIsoDate, parseIsoInstant, startOfZonedDay } from "../time";
import { calendarWindowQuerySchema, type CalendarWindowQuery } from "./calendar-event-schema";

/** Longest window one request may read (Microsoft's getSchedule allows 62 days too). */
export const MAX_WINDOW_DAYS = 62;

/**
 * `?start=&end=` → a half-open window of instants. Dates are whole days in
 * the host's zone and `end` is inclusive: start=2026-05-01&end=2026-05-31 is
 * all of May there. Instants are taken as they are (end exclusive).
 * At most MAX_WINDOW_DAYS days — plus an hour, as a DST change inside the
 * window can make one of those local days 25 hours long.
 */
export function resolveCalendarWindow(query: CalendarWindowQuery, timeZone: string): Interval {
  const { start, end } = calendarWindowQuerySchema.parse(query);
  const window = {
    start: isValidIsoDate(start) ? startOfZonedDay(start, timeZone) : parseIsoInstant(start)!,
    end: isValidIsoDate(end) ? startOfZonedDay(addDays(end, 1), timeZone) : parseIsoInstant(end)!,
  };
  if (window.end <= window.start) {
    throw validationError("`end` must be after `start`.", [{ path: "end", message: "Must be after `start`." }]);
  }
  if (window.end - window.start > MAX_WINDOW_DAYS * DAY_MS + HOUR_MS) {
    throw validationError(`Ask for at most ${MAX_WINDOW_DAYS} days at a time.`, [{ path: "end", message: `At most ${MAX_WINDOW_DAYS} days after \`start\`.` }]);
  }
  return window;
}
