/**
 * Booking limits per period, turned into the start times they rule out.
 *
 * Periods are local to the schedule's zone: the date, the week from Monday to
 * Sunday, the calendar month. A booking counts in the periods its start falls
 * in (a meeting running past midnight counts for the day it starts), with its
 * meeting length (buffers are not booked time). A candidate slot, by its
 * start, is ruled out when in one of its periods
 * - the bookings already number `count` or more, or
 * - the booked minutes plus the slot's own duration would exceed `minutes`
 *   (so a period with 40 of 60 minutes booked still offers 15- and 20-minute
 *   slots but no 30-minute ones).
 * A minutes limit shorter than the duration rules out every start.
 *
 * Cost: two luxon conversions plus one zonedDays walk over the span of the
 * bookings' periods, then one pass over the sorted bookings — nothing per
 * candidate: the sweep in compute-slots.ts skips the returned intervals.
 */
import { MINUTE_MS, addDays, mondayOf, weekdayOfDate, WEEKDAYS, zonedDateOf } from "../time";
import { firstOfMonth, lastOfMonth, monthOf } from "../time/calendar-month";
import { zonedDays } from "../time/zoned-days";
import { mergeIntervals } from "./intervals";
import type { BookingLimits, Interval, PeriodLimit } from "./types";

type PeriodKind = "perDay" | "perWeek" | "perMonth";
const KINDS: PeriodKind[] = ["perDay", "perWeek", "perMonth"];

interface Period {
  start: number;
  end: number;
  count: number;
  minutes: number;
}

function checkLimit(limit: PeriodLimit, kind: PeriodKind): void {
  for (const key of ["count", "minutes"] as const) {
    const value = limit[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new RangeError(`limits.${kind}.${key} must be a whole number ≥ 0 (got ${value}).`);
    }
  }
}

/** Whether a period with this usage takes no slot of `duration` minutes more. */
function full(limit: PeriodLimit, count: number, minutes: number, duration: number): boolean {
  return (limit.count !== undefined && count >= limit.count) || (limit.minutes !== undefined && minutes + duration > limit.minutes);
}

/**
 * Sorted, disjoint intervals in which no slot of `durationMinutes` may start,
 * given the limits and the event type's live bookings (meeting ranges, any order).
 */
export function limitClosedStarts(
  limits: BookingLimits | undefined,
  bookings: readonly Interval[],
  durationMinutes: number,
  zone: string,
): Interval[] {
  const active = KINDS.filter((k) => limits?.[k] && (limits[k]!.count !== undefined || limits[k]!.minutes !== undefined));
  if (!limits || active.length === 0) return [];
  for (const kind of active) {
    checkLimit(limits[kind]!, kind);
    // Even an empty period cannot take this slot.
    if (full(limits[kind]!, 0, 0, durationMinutes)) return [{ start: -Infinity, end: Infinity }];
  }
  const sorted = bookings.filter((b) => b.end >= b.start && Number.isFinite(b.start)).sort((a, b) => a.start - b.start);
  if (sorted.length === 0) return [];

  // Whole weeks and months around the bookings, so every period they touch is complete.
  const firstDate = zonedDateOf(sorted[0].start, zone);
  const lastDate = zonedDateOf(sorted[sorted.length - 1].start, zone);
  let spanFirst = firstDate;
  let spanLast = lastDate;
  if (active.includes("perWeek")) {
    spanFirst = mondayOf(firstDate);
    spanLast = addDays(mondayOf(lastDate), 6);
  }
  if (active.includes("perMonth")) {
    const monthFirst = firstOfMonth(monthOf(firstDate));
    const monthLast = lastOfMonth(monthOf(lastDate));
    if (monthFirst < spanFirst) spanFirst = monthFirst;
    if (monthLast > spanLast) spanLast = monthLast;
  }
  const days = zonedDays(spanFirst, spanLast, zone);

  // The period of each day, per kind; days of one period are consecutive.
  const periods: Record<PeriodKind, Period[]> = { perDay: [], perWeek: [], perMonth: [] };
  const periodOfDay: Record<PeriodKind, number[]> = { perDay: [], perWeek: [], perMonth: [] };
  let weekday = WEEKDAYS.indexOf(weekdayOfDate(spanFirst));
  days.forEach((day, i) => {
    const starts: Record<PeriodKind, boolean> = { perDay: true, perWeek: i === 0 || weekday === 0, perMonth: i === 0 || day.date.endsWith("-01") };
    for (const kind of KINDS) {
      const list = periods[kind];
      if (starts[kind]) list.push({ start: day.start, end: day.end, count: 0, minutes: 0 });
      else list[list.length - 1].end = day.end;
      periodOfDay[kind].push(list.length - 1);
    }
    weekday = (weekday + 1) % 7;
  });

  let d = 0;
  for (const b of sorted) {
    while (b.start >= days[d].end) d++;
    const minutes = (b.end - b.start) / MINUTE_MS;
    for (const kind of active) {
      const p = periods[kind][periodOfDay[kind][d]];
      p.count++;
      p.minutes += minutes;
    }
  }

  const closed: Interval[] = [];
  for (const kind of active) {
    for (const p of periods[kind]) {
      if (p.count > 0 && full(limits[kind]!, p.count, p.minutes, durationMinutes)) closed.push({ start: p.start, end: p.end });
    }
  }
  return mergeIntervals(closed);
}
