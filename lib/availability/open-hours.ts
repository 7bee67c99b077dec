/**
 * A schedule's wall-clock rules turned into instants.
 *
 * Rules are "HH:MM" in the schedule's IANA zone, so each local date is
 * converted on its own: the weekly hours of that date's weekday, or the date's
 * override, which REPLACES the weekly hours (an override without intervals
 * closes the day).
 *
 * Overnight hours. A weekly interval whose end is not after its start runs
 * into the next date: Friday 22:00–02:00 is Friday 22:00 to Saturday 02:00.
 * It belongs to the date it starts on — an override of Friday replaces it, an
 * override of Saturday replaces only Saturday's own hours. (Overrides
 * themselves stay within their date; "24:00" ends one at midnight.)
 *
 * Out of office. Dates in `outOfOffice` are closed instant by instant, from
 * their first to their last moment in the schedule's zone: that wins over the
 * weekly hours, over overrides and over the part of the previous date's
 * overnight hours that reaches into them.
 *
 * Boundaries go through `zonedTimeToInstant`, which fixes the DST behaviour:
 * - a boundary at a wall time that does not exist (spring-forward gap) moves
 *   forward by the gap, as luxon does: on a day New York jumps 02:00→03:00, a
 *   02:30–05:00 rule opens at 03:30;
 * - a wall time that happens twice (fall-back) means its first occurrence;
 * so 09:00–17:00 is 09:00–17:00 local on both sides of every transition, and
 * since everything is merged no instant is ever open twice.
 *
 * Cost: midnights come from zonedDays (one offset lookup per day, and none
 * when another host of the same zone already asked for the same dates: its
 * walks are cached); a day without a DST transition is exactly 24 h long, and
 * then every boundary is midnight plus its minutes — no luxon at all. Only
 * transition days convert each boundary with luxon. Dates are stepped with
 * epoch-day arithmetic, not luxon's addDays (~15 µs a call, once per host and
 * request adds up on a team page).
 */
import { DAY_MS, MINUTE_MS, WEEKDAYS, isValidIsoDate, isValidTimeZone, parseTimeOfDay, zonedDateOf, zonedTimeToInstant } from "../time";
import { dateOfEpochDay, epochDayOf, weekdayIndexOfEpochDay } from "../time/epoch-days";
import { zonedDays, type ZonedDay } from "../time/zoned-days";
import { intersectIntervals, mergeIntervals, subtractIntervals } from "./intervals";
import type { AvailabilityRules, DateRange, Interval } from "./types";

/** The open time one local date of the schedule's zone contributes. */
export interface OpenDay {
  /** YYYY-MM-DD in the schedule's zone. */
  date: string;
  /** The instant the date begins (its midnight, moved forward when midnight does not exist). */
  start: number;
  /** The instant the next date begins. */
  end: number;
  /**
   * Open time from this date's hours, as instants: sorted, disjoint, starting
   * inside [start, end) — and ending by `end`, except overnight hours, which
   * run on into the next date. Out-of-office time is already removed.
   */
  intervals: Interval[];
}

/** Minutes after the date's local midnight: 0…1440, or up to 2880 for overnight hours. */
interface MinuteRange {
  start: number;
  end: number;
}

interface CompiledRules {
  zone: string;
  /** Index 0 = Monday, as WEEKDAYS. */
  weekly: MinuteRange[][];
  overrides: Map<string, MinuteRange[]>;
  outOfOffice: DateRange[];
}

function toMinuteRange(range: { start: string; end: string }, where: string, overnight: boolean): MinuteRange {
  const start = parseTimeOfDay(range.start);
  const end = parseTimeOfDay(range.end);
  if (start === null || end === null || start >= 1440 || start === end || (end < start && !overnight)) {
    throw new RangeError(`Invalid hours ${range.start}–${range.end} on ${where}.`);
  }
  // An end not after the start is on the next date (22:00–02:00, 22:00–00:00).
  return { start, end: end < start ? end + 1440 : end };
}

/** Sorted, with touching ranges joined (09:00–12:00 + 12:00–17:00 is one block). */
function joinRanges(ranges: MinuteRange[]): MinuteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const joined: MinuteRange[] = [];
  for (const r of sorted) {
    const last = joined[joined.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else joined.push({ ...r });
  }
  return joined;
}

function compileRules(rules: AvailabilityRules): CompiledRules {
  if (!isValidTimeZone(rules.timeZone)) throw new RangeError(`Unknown time zone "${rules.timeZone}".`);
  const weekly: MinuteRange[][] = WEEKDAYS.map(() => []);
  for (const w of rules.weekly) {
    const index = WEEKDAYS.indexOf(w.day);
    if (index < 0) throw new RangeError(`Unknown weekday "${w.day}".`);
    weekly[index].push(toMinuteRange(w, w.day, true));
  }
  const overrides = new Map<string, MinuteRange[]>();
  for (const o of rules.overrides) {
    overrides.set(o.date, joinRanges(o.intervals.map((r) => toMinuteRange(r, o.date, false))));
  }
  const outOfOffice = (rules.outOfOffice ?? []).map((r) => {
    if (!isValidIsoDate(r.start) || !isValidIsoDate(r.end) || r.end < r.start) {
      throw new RangeError(`Invalid out-of-office dates ${r.start}–${r.end}.`);
    }
    return r;
  });
  return { zone: rules.timeZone, weekly: weekly.map(joinRanges), overrides, outOfOffice };
}

/** The out-of-office dates among `days`, as closed instants (consecutive dates joined). */
function closedTime(days: readonly ZonedDay[], outOfOffice: readonly DateRange[]): Interval[] {
  if (outOfOffice.length === 0) return [];
  const closed: Interval[] = [];
  for (const day of days) {
    if (outOfOffice.some((r) => r.start <= day.date && day.date <= r.end)) closed.push({ start: day.start, end: day.end });
  }
  return mergeIntervals(closed);
}

/**
 * The instant `minutes` after `day`'s midnight (over 1440: into `next`).
 * A plain function, not a closure per day: openDays runs once per host per
 * request, over every day of the window.
 */
function instantOfMinutes(day: ZonedDay, regular: boolean, next: ZonedDay, nextRegular: boolean, minutes: number, zone: string): number {
  return minutes <= 1440 ? instantOnDay(day, regular, minutes, zone) : instantOnDay(next, nextRegular, minutes - 1440, zone);
}

function instantOnDay(day: ZonedDay, regular: boolean, minutes: number, zone: string): number {
  if (minutes === 0) return day.start;
  if (minutes === 1440) return day.end;
  return regular ? day.start + minutes * MINUTE_MS : zonedTimeToInstant(day.date, minutes, zone);
}

/**
 * The open time each local date from `firstDate` to `lastDate` (inclusive,
 * YYYY-MM-DD in the schedule's zone) contributes, in order. The open time of
 * an instant may come from the date before it (overnight hours): callers that
 * want all open time of a date also ask for the date before.
 */
export function openDays(rules: AvailabilityRules, firstDate: string, lastDate: string): OpenDay[] {
  const compiled = compileRules(rules);
  const { zone } = compiled;
  // One date more than asked: overnight hours of the last date end on it.
  const zoned = zonedDays(firstDate, dateOfEpochDay(epochDayOf(lastDate) + 1), zone);
  const closed = closedTime(zoned, compiled.outOfOffice);
  const days: OpenDay[] = [];
  let weekday = weekdayIndexOfEpochDay(epochDayOf(firstDate));
  for (let i = 0; i + 1 < zoned.length; i++) {
    const day = zoned[i];
    const ranges = compiled.overrides.get(day.date) ?? compiled.weekly[weekday];
    weekday = (weekday + 1) % 7;
    // 24 h between midnights ⇔ the offset is the same at both ends: no
    // transition inside the day, so wall-clock minutes map linearly.
    const regular = day.end - day.start === DAY_MS;
    const next = zoned[i + 1];
    const nextRegular = next.end - next.start === DAY_MS;
    let intervals: Interval[] = [];
    let spills = false;
    for (const r of ranges) {
      const start = instantOfMinutes(day, regular, next, nextRegular, r.start, zone);
      const end = instantOfMinutes(day, regular, next, nextRegular, r.end, zone);
      if (r.end > 1440) spills = true;
      // A range entirely inside a spring-forward gap has no instants at all.
      if (end > start) intervals.push({ start, end });
    }
    // On a transition day shifted boundaries may overlap (02:30 → 03:30 passes
    // a later 03:00); merging keeps every instant once.
    if (!regular || (spills && !nextRegular)) intervals = mergeIntervals(intervals);
    if (closed.length > 0) intervals = subtractIntervals(intervals, closed);
    days.push({ date: day.date, start: day.start, end: day.end, intervals });
  }
  return days;
}

/**
 * The schedule's open time within `range`, as sorted, disjoint instants.
 * Adjacent hours of consecutive days join (Mon 22:00–24:00 + Tue 00:00–02:00
 * is one interval, like Mon 22:00–02:00), and intervals are clipped to `range`.
 */
export function openHours(rules: AvailabilityRules, range: Interval): Interval[] {
  if (!isValidTimeZone(rules.timeZone)) throw new RangeError(`Unknown time zone "${rules.timeZone}".`);
  if (!(range.end > range.start)) return [];
  // The date before the range: its overnight hours may reach into it.
  const firstDate = dateOfEpochDay(epochDayOf(zonedDateOf(range.start, rules.timeZone)) - 1);
  const lastDate = zonedDateOf(range.end - 1, rules.timeZone);
  const days = openDays(rules, firstDate, lastDate);
  return intersectIntervals(
    days.flatMap((d) => d.intervals),
    [range],
  );
}
