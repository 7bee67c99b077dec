/**
 * Interval arithmetic on half-open [start, end) ranges of epoch milliseconds.
 * Every function accepts intervals in any order (overlapping, empty or
 * inverted ones included) and returns a sorted, disjoint list; the work is a
 * sort plus one linear sweep, never a scan per point in time.
 *
 * Cost: input that is already in order (open hours, free time computed here,
 * busy rows read in order) is only checked, O(n), never sorted again. When
 * subtracting unsorted holes, only the holes that overlap what they are cut
 * from are kept, and they are sorted per interval cut (see
 * overlappingHolesByStart): busy time mostly lies outside open hours, and a
 * day's open hours hold a handful of meetings.
 */
import type { Interval } from "./types";

/**
 * Sorted, disjoint copy of `intervals`. Empty and inverted intervals are
 * dropped; overlapping and touching ones join ([a, b) + [b, c) = [a, c)),
 * because for availability "busy until 10:00, busy from 10:00" is one block.
 */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = isSortedByStart(intervals) ? intervals : byStart(intervals.filter((i) => i.end > i.start));
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
  const base = normalized(from);
  if (base.length === 0) return [];
  // Sorted by start, non-empty; they may overlap or touch, which the sweep
  // allows: a hole only ever moves the cursor forward.
  const holes = isSortedByStart(remove) ? remove : overlappingHolesByStart(base, remove);
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
    // Holes before k ended inside this interval (they moved the cursor, which
    // stayed below its end), so none of them reaches the next one.
    h = k;
  }
  return result;
}

/** The time covered by both `a` and `b`. */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = normalized(a);
  const y = normalized(b);
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

/** Every interval non-empty and none starting before the one before it. */
function isSortedByStart(list: readonly Interval[]): boolean {
  for (let i = 0; i < list.length; i++) {
    if (!(list[i].end > list[i].start) || (i > 0 && list[i].start < list[i - 1].start)) return false;
  }
  return true;
}

/** Sorts `list` (a fresh array) in place by start. */
function byStart(list: Interval[]): Interval[] {
  return list.sort((a, b) => a.start - b.start);
}

/**
 * `list` itself when it is already what mergeIntervals would return —
 * sorted, non-empty, with a gap between neighbours (touching ones must join)
 * — else its merged copy. For reading only: the result may be the input.
 */
function normalized(list: readonly Interval[]): readonly Interval[] {
  for (let i = 0; i < list.length; i++) {
    if (!(list[i].end > list[i].start) || (i > 0 && list[i].start <= list[i - 1].end)) return mergeIntervals(list);
  }
  return list;
}

/**
 * The non-empty holes that overlap some interval of `base` (sorted and
 * disjoint), sorted by start. The others cannot cut anything, so dropping
 * them leaves the difference unchanged.
 *
 * Each hole is filed under the first base interval it overlaps, and filing
 * order is already start order: a hole filed under base[i] starts before
 * base[i].end, one filed under a later base[j] starts at or after
 * base[j − 1].end ≥ base[i].end. So instead of one sort of all holes, only
 * each interval's own few holes are sorted.
 */
function overlappingHolesByStart(base: readonly Interval[], holes: readonly Interval[]): Interval[] {
  const m = base.length;
  const starts = new Float64Array(m);
  const ends = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    starts[i] = base[i].start;
    ends[i] = base[i].end;
  }
  const first = starts[0];
  const last = ends[m - 1];
  // Holes come in random order, so a binary search over all of base per hole
  // is a run of unpredictable branches — most of the cost. A coarse index
  // narrows it first: [first, last) is cut into equal cells and fromCell[c]
  // is the first interval whose end lies in cell c or a later one. cellOf
  // never decreases as its argument grows, so for a hole starting in cell c,
  // every interval before fromCell[c] ends in an earlier cell, before the
  // hole starts, and every interval from fromCell[c + 1] on ends in a later
  // cell, after it starts: the interval sought (the first ending after the
  // hole starts) lies in fromCell[c] … fromCell[c + 1], usually one or two.
  let cells = 4 * m;
  let width = (last - first) / cells;
  // An infinite bound cannot be cut into cells: one cell, a plain binary search.
  if (!(width > 0 && Number.isFinite(width))) {
    cells = 0;
    width = Infinity;
  }
  const cellOf = (t: number) => Math.floor((t - first) / width);
  const fromCell = new Int32Array(cells + 2);
  for (let c = 0, i = 0; c <= cells; c++) {
    while (i < m && cellOf(ends[i]) < c) i++;
    fromCell[c] = i;
  }
  // The last cell's search runs to the end, whatever rounding did at `last`.
  fromCell[cells + 1] = m;
  const filedUnder = new Int32Array(holes.length);
  // bounds[i + 1] counts the holes of base[i], then becomes where they end.
  const bounds = new Int32Array(m + 1);
  for (let k = 0; k < holes.length; k++) {
    const { start, end } = holes[k];
    filedUnder[k] = -1;
    if (!(end > start) || end <= first || start >= last) continue;
    // A hole starting before `first` belongs to cell 0 (its interval is base[0]).
    const c = cells === 0 ? 0 : Math.min(Math.max(cellOf(start), 0), cells);
    let lo = fromCell[c];
    let hi = Math.min(fromCell[c + 1], m - 1);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] > start) hi = mid;
      else lo = mid + 1;
    }
    // The first interval ending after the hole starts: the hole overlaps base
    // iff that interval starts before the hole ends.
    if (starts[lo] < end) {
      filedUnder[k] = lo;
      bounds[lo + 1]++;
    }
  }
  for (let i = 0; i < m; i++) bounds[i + 1] += bounds[i];
  const sorted = new Array<Interval>(bounds[m]);
  const next = bounds.slice(0, m);
  for (let k = 0; k < holes.length; k++) if (filedUnder[k] >= 0) sorted[next[filedUnder[k]]++] = holes[k];
  for (let i = 0; i < m; i++) sortRangeByStart(sorted, bounds[i], bounds[i + 1]);
  return sorted;
}

/** Sorts list[from, to) by start: insertion sort for the usual handful, the built-in sort beyond. */
function sortRangeByStart(list: Interval[], from: number, to: number): void {
  if (to - from > 32) {
    const part = byStart(list.slice(from, to));
    for (let i = 0; i < part.length; i++) list[from + i] = part[i];
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const item = list[i];
    let j = i - 1;
    while (j >= from && list[j].start > item.start) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = item;
  }
}
