/**
 * Team availability: combining several hosts' availability into one.
 *
 * Two kinds of input, with different meanings — pick by what the team needs:
 * - Free TIME (open hours minus padded busy, as Interval[] per host):
 *   `intersectAvailability` is the time every host is free — what a collective
 *   event (all hosts attend) generates its slots on, so a slot fits inside it
 *   iff it fits every host. `unionAvailability` is the time someone is free.
 * - SLOTS (computeSlots' output per host): `unionSlots` is what a round-robin
 *   event offers — a slot offered by at least one host, which that host can
 *   take. Not the union of free time: host A free 09:00–10:00 and host B
 *   10:00–11:00 make 09:00–11:00 of union time, yet nobody can take a meeting
 *   at 09:30–10:30. `intersectSlots` is the slots every host offers exactly.
 *
 * Cost: every host's list is normalised once (already sorted input is only
 * checked, O(n)); then one k-way merge over all hosts' boundaries with a
 * binary heap of per-host cursors, O(N log k) for N intervals over k hosts,
 * counting how many hosts are inside at each boundary. No scan per minute.
 */
import { mergeIntervals } from "./intervals";
import type { Interval } from "./types";

/** The time during which at least one host is free: sorted, disjoint, touching intervals joined. */
export function unionAvailability(perHost: readonly (readonly Interval[])[]): Interval[] {
  return availableToAtLeast(perHost, 1);
}

/** The time during which every host is free. No hosts → no time. */
export function intersectAvailability(perHost: readonly (readonly Interval[])[]): Interval[] {
  return perHost.length === 0 ? [] : availableToAtLeast(perHost, perHost.length);
}

/**
 * The time during which at least `minHosts` hosts are free (1 = union, all =
 * intersection). Inputs may be unsorted, overlapping, empty or inverted.
 */
export function availableToAtLeast(perHost: readonly (readonly Interval[])[], minHosts: number): Interval[] {
  if (!Number.isInteger(minHosts) || minHosts < 1) throw new RangeError(`minHosts must be a whole number ≥ 1 (got ${minHosts}).`);
  if (minHosts > perHost.length) return [];
  const lists = perHost.map(normalizedIntervals);
  // Each host's boundaries in order: start₀, end₀, start₁, end₁, … — an even
  // position is a start (+1 host inside), an odd one an end (−1).
  const boundary = (host: number, position: number) => {
    const interval = lists[host][position >> 1];
    return position & 1 ? interval.end : interval.start;
  };
  const heap = new CursorHeap(lists.length);
  for (let h = 0; h < lists.length; h++) if (lists[h].length > 0) heap.push(h, boundary(h, 0), 0);

  const result: Interval[] = [];
  const position = new Int32Array(lists.length);
  let inside = 0;
  let openSince = 0;
  let open = false;
  // Fewer hosts with boundaries left than needed: the count cannot reach minHosts again.
  while (heap.size >= minHosts) {
    const at = heap.topKey;
    // Every boundary at this instant first, then the count holds for [at, next).
    do {
      const h = heap.top;
      const p = position[h]++;
      inside += p & 1 ? -1 : 1;
      if (p + 1 < lists[h].length * 2) heap.replaceTop(boundary(h, p + 1), 0);
      else heap.pop();
    } while (heap.size > 0 && heap.topKey === at);
    const enough = inside >= minHosts;
    if (enough && !open) {
      openSince = at;
      open = true;
    } else if (!enough && open) {
      result.push({ start: openSince, end: at });
      open = false;
    }
  }
  // The loop stops once the count cannot reach minHosts: it has just dropped below.
  return result;
}

/** Slots offered by at least one host: sorted by start (then end), each once. */
export function unionSlots(perHost: readonly (readonly Interval[])[]): Interval[] {
  return slotsOfferedByAtLeast(perHost, 1);
}

/** Slots (same start and end) offered by every host. No hosts → no slots. */
export function intersectSlots(perHost: readonly (readonly Interval[])[]): Interval[] {
  return perHost.length === 0 ? [] : slotsOfferedByAtLeast(perHost, perHost.length);
}

function slotsOfferedByAtLeast(perHost: readonly (readonly Interval[])[], minHosts: number): Interval[] {
  if (minHosts > perHost.length) return [];
  const lists = perHost.map(normalizedSlots);
  const heap = new CursorHeap(lists.length);
  for (let h = 0; h < lists.length; h++) if (lists[h].length > 0) heap.push(h, lists[h][0].start, lists[h][0].end);
  const position = new Int32Array(lists.length);
  const result: Interval[] = [];
  while (heap.size >= minHosts) {
    const start = heap.topKey;
    const end = heap.topSecondKey;
    let offeredBy = 0;
    // A host lists a slot at most once, so equal keys come from distinct hosts.
    do {
      const h = heap.top;
      offeredBy++;
      const next = ++position[h];
      if (next < lists[h].length) heap.replaceTop(lists[h][next].start, lists[h][next].end);
      else heap.pop();
    } while (heap.size > 0 && heap.topKey === start && heap.topSecondKey === end);
    if (offeredBy >= minHosts) result.push({ start, end });
  }
  return result;
}

/** Sorted, disjoint, non-empty: checked in one pass, merged only when not. */
function normalizedIntervals(list: readonly Interval[]): readonly Interval[] {
  for (let i = 0; i < list.length; i++) {
    if (!(list[i].end > list[i].start) || (i > 0 && list[i].start < list[i - 1].end)) return mergeIntervals(list);
  }
  return list;
}

/** Sorted by (start, end) with duplicates and empty slots dropped. */
function normalizedSlots(list: readonly Interval[]): readonly Interval[] {
  const before = (a: Interval, b: Interval) => a.start < b.start || (a.start === b.start && a.end < b.end);
  let ok = true;
  for (let i = 0; i < list.length && ok; i++) ok = list[i].end > list[i].start && (i === 0 || before(list[i - 1], list[i]));
  if (ok) return list;
  const sorted = list.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  return sorted.filter((s, i) => i === 0 || s.start !== sorted[i - 1].start || s.end !== sorted[i - 1].end);
}

/**
 * A binary min-heap of host cursors keyed by (key, secondKey), in typed arrays:
 * the merge moves each boundary through it once, so it is the inner loop.
 */
class CursorHeap {
  private readonly hosts: Int32Array;
  private readonly keys: Float64Array;
  private readonly secondKeys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.hosts = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.secondKeys = new Float64Array(capacity);
  }

  get top(): number {
    return this.hosts[0];
  }

  get topKey(): number {
    return this.keys[0];
  }

  get topSecondKey(): number {
    return this.secondKeys[0];
  }

  push(host: number, key: number, secondKey: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(key, secondKey, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.hosts[i] = host;
    this.keys[i] = key;
    this.secondKeys[i] = secondKey;
  }

  /** The top host's cursor moved on: give it its next key. */
  replaceTop(key: number, secondKey: number): void {
    this.siftDown(this.hosts[0], key, secondKey);
  }

  pop(): void {
    const last = --this.size;
    if (last > 0) this.siftDown(this.hosts[last], this.keys[last], this.secondKeys[last]);
  }

  private siftDown(host: number, key: number, secondKey: number): void {
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.lessAt(child + 1, child)) child++;
      if (!this.less(this.keys[child], this.secondKeys[child], i, key, secondKey)) break;
      this.move(child, i);
      i = child;
    }
    this.hosts[i] = host;
    this.keys[i] = key;
    this.secondKeys[i] = secondKey;
  }

  /** (key, secondKey) < the entry at `slot` — or < (otherKey, otherSecond) when given. */
  private less(key: number, secondKey: number, slot: number, otherKey = this.keys[slot], otherSecond = this.secondKeys[slot]): boolean {
    return key < otherKey || (key === otherKey && secondKey < otherSecond);
  }

  private lessAt(a: number, b: number): boolean {
    return this.less(this.keys[a], this.secondKeys[a], b);
  }

  private move(from: number, to: number): void {
    this.hosts[to] = this.hosts[from];
    this.keys[to] = this.keys[from];
    this.secondKeys[to] = this.secondKeys[from];
  }
}
