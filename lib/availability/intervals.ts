/**
 * Interval arithmetic on half-open [start, end) ranges of epoch milliseconds.
 * Every function accepts intervals in any order (overlapping, empty or
 * inverted ones included) and returns a sorted, disjoint list; the work is a
 * sort plus one linear sweep, never a scan per point in time.
 */
import type { Interval } from "./types";

/**
 * Sorted, disjoint copy of `intervals`. Empty and inverted intervals are
 * dropped; overlapping and touching ones join ([a, b) + [b, c) = [a, c)),
 * because for availability "busy until 10:00, busy from 10:00" is one block.
 */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      merged.push({ start: interval.start, end: interval.end });
    }
  }
  return merged;
}

/** The parts of `from` not covered by any interval of `remove`. */
export function subtractIntervals(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const base = mergeIntervals(from);
  const holes = mergeIntervals(remove);
  const result: Interval[] = [];
  let h = 0;
  for (const interval of base) {
    let cursor = interval.start;
    // Holes that end before this interval cannot touch it or any later one.
    while (h < holes.length && holes[h].end <= cursor) h++;
    let k = h;
    while (k < holes.length && holes[k].start < interval.end) {
      if (holes[k].start > cursor) result.push({ start: cursor, end: holes[k].start });
      if (holes[k].end > cursor) cursor = holes[k].end;
      // A hole reaching past this interval may also cut the next one: keep it.
      if (cursor >= interval.end) break;
      k++;
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
    h = k;
  }
  return result;
}

/** The time covered by both `a` and `b`. */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = mergeIntervals(a);
  const y = mergeIntervals(b);
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const start = Math.max(x[i].start, y[j].start);
    const end = Math.min(x[i].end, y[j].end);
    if (start < end) result.push({ start, end });
    // Advance whichever ends first; the other may still overlap the next one.
    if (x[i].end < y[j].end) i++;
    else j++;
  }
  return result;
}
