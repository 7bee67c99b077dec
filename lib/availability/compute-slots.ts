/**
 * The availability engine: which start times a guest may book.
 *
 * A slot [s, s + duration) is offered iff
 * - s is on the grid of its open interval: the interval's start plus a whole
 *   number of steps (`slotIntervalMinutes`, default the duration);
 * - the slot lies inside that one open interval (see open-hours.ts);
 * - its padded range [s − bufferBefore, s + duration + bufferAfter) overlaps no
 *   busy interval — the rule the bookings' exclusion constraint enforces, so
 *   what is offered is what can be booked;
 * - s ≥ now + minimumNotice and s < now + bookingWindowDays days;
 * - s ∈ [range.start, range.end).
 *
 * Grid anchors. Open intervals of consecutive days join, so a 22:00–02:00
 * night shift offers 22:00, 23:30, … for 90-minute meetings. A run of open
 * time that goes on through whole days (24/7 hosts) would make the grid depend
 * on where the run began, possibly weeks back; instead the grid restarts at
 * every local midnight that follows a day open 00:00–24:00. That keeps the
 * answer for a given start independent of the range asked about, which is what
 * lets `isSlotOffered` agree exactly with a calendar of slots.
 *
 * Cost: one zone-offset lookup per local day in range (open-hours.ts; luxon
 * converts boundaries only on DST days), a sort of the busy intervals, then
 * one sweep over candidate starts with a pointer that only moves forward
 * through the busy list; a blocked candidate jumps straight past its block.
 */
import { DAY_MS, MINUTE_MS, isValidTimeZone, zonedDateOf } from "../time";
import { mergeIntervals } from "./intervals";
import { openDays } from "./open-hours";
import type { AvailabilityRules, Interval, SlotQuery } from "./types";

/** A stretch of one open interval whose candidate starts share one grid. */
interface GridSegment {
  /** Grid origin: candidates are anchor + k·step. */
  anchor: number;
  /** Candidates start before this (the next anchor, or the interval's end). */
  until: number;
  /** End of the open interval: a slot must end by then. */
  openEnd: number;
}

function wholeMinutes(value: number | undefined, name: string, min: number): number {
  if (value === undefined || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number ≥ ${min} (got ${value}).`);
  }
  return value;
}

/**
 * Grid segments of the open time around [from, to]. Scanning starts one local
 * day before `from`: a slot's anchor is either the start of its open interval
 * — found on its own day or the day before, unless the day before is open all
 * day, in which case the grid restarts at midnight — so one day back is always
 * enough and the result does not depend on how far back one looks.
 */
function gridSegments(rules: AvailabilityRules, from: number, to: number): GridSegment[] {
  // 24 h before `from` is on the previous local date or the one before (no day
  // is longer than 25 h); starting further back is harmless.
  const firstDate = zonedDateOf(from - DAY_MS, rules.timeZone);
  const lastDate = zonedDateOf(to, rules.timeZone);
  const segments: GridSegment[] = [];
  let anchors: number[] = [];
  let openEnd = -Infinity;
  const flush = () => {
    anchors.forEach((anchor, i) =>
      segments.push({ anchor, until: i + 1 < anchors.length ? anchors[i + 1] : openEnd, openEnd }),
    );
  };
  let previousAllDay = false;
  for (const day of openDays(rules, firstDate, lastDate)) {
    for (const interval of day.intervals) {
      if (anchors.length > 0 && interval.start <= openEnd) {
        if (previousAllDay && interval.start === day.start && interval.start > anchors[anchors.length - 1]) {
          anchors.push(interval.start);
        }
        if (interval.end > openEnd) openEnd = interval.end;
      } else {
        flush();
        anchors = [interval.start];
        openEnd = interval.end;
      }
    }
    previousAllDay = day.allDay;
  }
  flush();
  return segments;
}

/** Offered slots whose start lies in `q.range`: sorted, unique. */
export function computeSlots(q: SlotQuery): Interval[] {
  const { policy, range, now } = q;
  if (!isValidTimeZone(q.rules.timeZone)) throw new RangeError(`Unknown time zone "${q.rules.timeZone}".`);
  const duration = wholeMinutes(policy.durationMinutes, "durationMinutes", 1) * MINUTE_MS;
  const step = wholeMinutes(policy.slotIntervalMinutes ?? policy.durationMinutes, "slotIntervalMinutes", 1) * MINUTE_MS;
  const before = wholeMinutes(policy.bufferBeforeMinutes, "bufferBeforeMinutes", 0) * MINUTE_MS;
  const after = wholeMinutes(policy.bufferAfterMinutes, "bufferAfterMinutes", 0) * MINUTE_MS;
  const notice = wholeMinutes(policy.minimumNoticeMinutes, "minimumNoticeMinutes", 0) * MINUTE_MS;
  const windowDays = wholeMinutes(policy.bookingWindowDays, "bookingWindowDays", 0);

  // Starts are allowed in [earliest, latest).
  const earliest = Math.max(range.start, now + notice);
  const latest = Math.min(range.end, now + windowDays * DAY_MS);
  if (!(earliest < latest)) return [];

  const segments = gridSegments(q.rules, earliest, latest - 1 + duration);
  const busy = mergeIntervals(q.busy);
  const slots: Interval[] = [];
  let b = 0;
  for (const { anchor, until, openEnd } of segments) {
    const first = Math.max(earliest, anchor);
    const stop = Math.min(until, latest, openEnd - duration + 1);
    let s = anchor + Math.ceil((first - anchor) / step) * step;
    while (s < stop) {
      // Candidates only increase, so busy blocks ending before this padded
      // range are behind every later one too.
      while (b < busy.length && busy[b].end <= s - before) b++;
      if (b < busy.length && busy[b].start < s + duration + after) {
        // Blocked: jump to the first grid point whose padding clears this block.
        s = anchor + Math.ceil((busy[b].end + before - anchor) / step) * step;
        continue;
      }
      slots.push({ start: s, end: s + duration });
      s += step;
    }
  }
  return slots;
}
