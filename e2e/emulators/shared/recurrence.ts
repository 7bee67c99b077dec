/**
 * Recurrence expansion shared by both emulators. ical.js iterates the RRULE over *floating*
 * wall-clock times (pure calendar arithmetic, no JS Date in local time), and luxon maps each
 * wall time to an instant in the event's IANA zone. That keeps a 09:00 Berlin meeting at 09:00
 * on both sides of a DST change, and the result identical under any process TZ.
 */
import ICAL from "ical.js";
import {
  instantOfWallTime,
  wallDate,
  wallTimeKey,
  wallTimeOf,
  type WallTime,
} from "./zoned-time";

export interface RecurrenceSet {
  /** DTSTART as a wall time in `zone`. */
  start: WallTime;
  allDay: boolean;
  /** IANA zone the wall times live in. */
  zone: string;
  /** RRULE values without the "RRULE:" prefix. UNTIL may be UTC ("…Z"), a DATE or floating. */
  rrules: string[];
  rdates?: WallTime[];
  exdates?: WallTime[];
  /** Local dates ("YYYY-MM-DD") whose occurrences are all excluded (EXDATE;VALUE=DATE on a timed series). */
  exdateDays?: string[];
  /**
   * RFC 5545 (Google): DTSTART is always the first instance and counts towards COUNT even when
   * it does not match the rule. Outlook's patterned recurrence only yields pattern matches.
   */
  dtstartAlwaysFirst: boolean;
}

export interface Occurrence {
  /** The occurrence's start as a wall time in the set's zone. */
  wall: WallTime;
  startMs: number;
}

/** Safety net against rules that never end and windows that never close. */
const MAX_ITERATIONS = 200_000;

/** Null when `value` is a rule ical.js understands; otherwise why not. */
export function rruleProblem(value: string): string | null {
  try {
    const recur = ICAL.Recur.fromString(value);
    if (!recur.freq) return "FREQ is required";
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function toIcalTime(wall: WallTime, isDate: boolean): ICAL.Time {
  return isDate
    ? ICAL.Time.fromData({ year: wall.year, month: wall.month, day: wall.day, isDate: true })
    : ICAL.Time.fromData({
        year: wall.year,
        month: wall.month,
        day: wall.day,
        hour: wall.hour,
        minute: wall.minute,
        second: wall.second,
        isDate: false,
      });
}

function fromIcalTime(time: ICAL.Time): WallTime {
  return {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.isDate ? 0 : time.hour,
    minute: time.isDate ? 0 : time.minute,
    second: time.isDate ? 0 : time.second,
  };
}

/**
 * Rewrites UNTIL into the set's floating wall-clock frame: ical.js treats floating times as UTC
 * when comparing, so a UTC UNTIL would otherwise be off by the zone's offset.
 */
function floatingRecur(rule: string, set: RecurrenceSet): ICAL.Recur {
  const recur = ICAL.Recur.fromString(rule);
  const until = recur.until;
  if (until) {
    let wall: WallTime;
    if (until.zone === ICAL.Timezone.utcTimezone && !until.isDate) {
      wall = wallTimeOf(
        Date.UTC(until.year, until.month - 1, until.day, until.hour, until.minute, until.second),
        set.zone,
      );
    } else if (until.isDate && !set.allDay) {
      // A DATE UNTIL on a timed series: the whole day is included.
      wall = { year: until.year, month: until.month, day: until.day, hour: 23, minute: 59, second: 59 };
    } else {
      wall = fromIcalTime(until);
    }
    recur.until = toIcalTime(wall, set.allDay);
  }
  return recur;
}

function occurrenceKey(wall: WallTime, allDay: boolean): string {
  return allDay ? wallDate(wall) : wallTimeKey(wall);
}

/**
 * Occurrences whose [start, start + duration) overlaps [from, to), in start order. For an
 * all-day set the instants are midnights in `zone`.
 */
export function expandRecurrenceSet(
  set: RecurrenceSet,
  window: { from: number; to: number; durationMs: number },
): Occurrence[] {
  const byKey = new Map<string, Occurrence>();
  const consider = (wall: WallTime): "before" | "inside" | "after" => {
    const startMs = instantOfWallTime(wall, set.zone);
    if (startMs >= window.to) return "after";
    if (startMs + Math.max(window.durationMs, 1) <= window.from) return "before";
    byKey.set(occurrenceKey(wall, set.allDay), { wall, startMs });
    return "inside";
  };
  const dtstart = toIcalTime(set.start, set.allDay);
  const dtstartKey = occurrenceKey(set.start, set.allDay);

  if (set.rrules.length === 0) consider(set.start);
  for (const rule of set.rrules) {
    const recur = floatingRecur(rule, set);
    const iterator = recur.iterator(dtstart);
    const walls: WallTime[] = [];
    let exhausted = false;
    let sawDtstart = false;
    for (let i = 0; i < MAX_ITERATIONS; i++) {
      const next = iterator.next();
      if (!next) {
        exhausted = true;
        break;
      }
      const wall = fromIcalTime(next);
      if (occurrenceKey(wall, set.allDay) === dtstartKey) sawDtstart = true;
      walls.push(wall);
      if (instantOfWallTime(wall, set.zone) >= window.to) break;
    }
    if (set.dtstartAlwaysFirst && !sawDtstart) {
      walls.unshift(set.start);
      // DTSTART counted as the first of COUNT instances, so the rule's last one drops out.
      if (recur.count && exhausted) walls.pop();
    }
    for (const wall of walls) consider(wall);
  }
  for (const rdate of set.rdates ?? []) consider(rdate);
  for (const exdate of set.exdates ?? []) byKey.delete(occurrenceKey(exdate, set.allDay));
  if (set.exdateDays?.length) {
    const days = new Set(set.exdateDays);
    for (const [key, occurrence] of byKey) if (days.has(wallDate(occurrence.wall))) byKey.delete(key);
  }
  return [...byKey.values()].sort((a, b) => a.startMs - b.startMs);
}

/** True when `wall` is one of the set's occurrences (used to validate instance ids). */
export function isOccurrence(set: RecurrenceSet, wall: WallTime, durationMs: number): boolean {
  const startMs = instantOfWallTime(wall, set.zone);
  const key = occurrenceKey(wall, set.allDay);
  return expandRecurrenceSet(set, { from: startMs, to: startMs + 1, durationMs }).some(
    (o) => occurrenceKey(o.wall, set.allDay) === key,
  );
}
