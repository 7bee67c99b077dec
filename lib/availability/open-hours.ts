/**
 * A schedule's wall-clock rules turned into instants.
 *
 * Rules are "HH:MM" in the schedule's IANA zone, so each local date is
 * converted on its own: the weekly hours of that date's weekday, or the date's
 * override, which REPLACES the weekly hours (an override without intervals
 * closes the day). Boundaries go through `zonedTimeToInstant`, which fixes the
 * DST behaviour:
 * - a boundary at a wall time that does not exist (spring-forward gap) moves
 *   forward by the gap, as luxon does: on a day New York jumps 02:00→03:00, a
 *   02:30–05:00 rule opens at 03:30;
 * - a wall time that happens twice (fall-back) means its first occurrence;
 * so 09:00–17:00 is 09:00–17:00 local on both sides of every transition, and
 * since everything is merged no instant is ever open twice.
 *
 * Cost: midnights come from zonedDays (one offset lookup per day); a day
 * without a DST transition is exactly 24 h long, and then every boundary is
 * midnight plus its minutes — no luxon at all. Only transition days convert
 * each boundary with luxon.
 */
import { DAY_MS, MINUTE_MS, WEEKDAYS, isValidTimeZone, parseTimeOfDay, weekdayOfDate, zonedDateOf, zonedTimeToInstant } from "../time";
import { zonedDays } from "../time/zoned-days";
import { intersectIntervals, mergeIntervals } from "./intervals";
import type { AvailabilityRules, Interval } from "./types";

/** The open time of one local date of the schedule's zone. */
export interface OpenDay {
  /** YYYY-MM-DD in the schedule's zone. */
  date: string;
  /** The instant the date begins (its midnight, moved forward when midnight does not exist). */
  start: number;
  /** The instant the next date begins. */
  end: number;
  /** Open time as instants: sorted, disjoint, inside [start, end]. */
  intervals: Interval[];
  /** Open from 00:00 to 24:00 without a gap. */
  allDay: boolean;
}

/** Minutes after local midnight, 0…1440. */
interface MinuteRange {
  start: number;
  end: number;
}

interface CompiledRules {
  zone: string;
  /** Index 0 = Monday, as WEEKDAYS. */
  weekly: MinuteRange[][];
  overrides: Map<string, MinuteRange[]>;
}

function toMinuteRange(range: { start: string; end: string }, where: string): MinuteRange {
  const start = parseTimeOfDay(range.start);
  const end = parseTimeOfDay(range.end);
  if (start === null || end === null || start >= end) {
    throw new RangeError(`Invalid hours ${range.start}–${range.end} on ${where}.`);
  }
  return { start, end };
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
    weekly[index].push(toMinuteRange(w, w.day));
  }
  const overrides = new Map<string, MinuteRange[]>();
  for (const o of rules.overrides) {
    overrides.set(o.date, joinRanges(o.intervals.map((r) => toMinuteRange(r, o.date))));
  }
  return { zone: rules.timeZone, weekly: weekly.map(joinRanges), overrides };
}

/**
 * The open time of each local date from `firstDate` to `lastDate` (inclusive,
 * YYYY-MM-DD in the schedule's zone), in order.
 */
export function openDays(rules: AvailabilityRules, firstDate: string, lastDate: string): OpenDay[] {
  const compiled = compileRules(rules);
  const { zone } = compiled;
  const days: OpenDay[] = [];
  let weekday = WEEKDAYS.indexOf(weekdayOfDate(firstDate));
  for (const { date, start: dayStart, end: dayEnd } of zonedDays(firstDate, lastDate, zone)) {
    const ranges = compiled.overrides.get(date) ?? compiled.weekly[weekday];
    weekday = (weekday + 1) % 7;
    // 24 h between midnights ⇔ the offset is the same at both ends: no
    // transition inside the day, so wall-clock minutes map linearly.
    const regular = dayEnd - dayStart === DAY_MS;
    const instantOf = (minutes: number) =>
      minutes === 0
        ? dayStart
        : minutes === 1440
          ? dayEnd
          : regular
            ? dayStart + minutes * MINUTE_MS
            : zonedTimeToInstant(date, minutes, zone);
    let intervals: Interval[] = [];
    for (const r of ranges) {
      const start = instantOf(r.start);
      const end = instantOf(r.end);
      // A range entirely inside a spring-forward gap has no instants at all.
      if (end > start) intervals.push({ start, end });
    }
    // On a transition day shifted boundaries may overlap (02:30 → 03:30 passes
    // a later 03:00); merging keeps every instant once.
    if (!regular) intervals = mergeIntervals(intervals);
    days.push({
      date,
      start: dayStart,
      end: dayEnd,
      intervals,
      allDay: ranges.length === 1 && ranges[0].start === 0 && ranges[0].end === 1440,
    });
  }
  return days;
}

/**
 * The schedule's open time within `range`, as sorted, disjoint instants.
 * Adjacent hours of consecutive days join (Mon 22:00–24:00 + Tue 00:00–02:00
 * is one interval), and intervals are clipped to `range`.
 */
export function openHours(rules: AvailabilityRules, range: Interval): Interval[] {
  if (!isValidTimeZone(rules.timeZone)) throw new RangeError(`Unknown time zone "${rules.timeZone}".`);
  if (!(range.end > range.start)) return [];
  const firstDate = zonedDateOf(range.start, rules.timeZone);
  const lastDate = zonedDateOf(range.end - 1, rules.timeZone);
  const days = openDays(rules, firstDate, lastDate);
  return intersectIntervals(
    days.flatMap((d) => d.intervals),
    [range],
  );
}
