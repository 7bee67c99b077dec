import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  availableToAtLeast,
  intersectAvailability,
  intersectSlots,
  unionAvailability,
  unionSlots,
} from "./combine-availability";
import type { Interval } from "./types";

const iv = (start: number, end: number): Interval => ({ start, end });

describe("unionAvailability / intersectAvailability", () => {
  it("joins the free time of any host, and keeps the time common to all", () => {
    const a = [iv(0, 10), iv(20, 30)];
    const b = [iv(5, 15), iv(25, 40)];
    const c = [iv(8, 28)];
    expect(unionAvailability([a, b, c])).toEqual([iv(0, 40)]);
    expect(intersectAvailability([a, b, c])).toEqual([iv(8, 10), iv(25, 28)]);
    expect(availableToAtLeast([a, b, c], 2)).toEqual([iv(5, 15), iv(20, 30)]);
  });

  it("joins touching time, across hosts and within one host", () => {
    expect(unionAvailability([[iv(0, 10)], [iv(10, 20)]])).toEqual([iv(0, 20)]);
    expect(unionAvailability([[iv(10, 20), iv(0, 10)]])).toEqual([iv(0, 20)]);
    // Host A is free 0–20 in two touching pieces: still free at 10 for the intersection.
    expect(intersectAvailability([[iv(0, 10), iv(10, 20)], [iv(5, 15)]])).toEqual([iv(5, 15)]);
    // Touching but not overlapping hosts share no instant.
    expect(intersectAvailability([[iv(0, 10)], [iv(10, 20)]])).toEqual([]);
  });

  it("accepts unsorted, overlapping, empty and inverted input without changing it", () => {
    const a = [iv(30, 40), iv(0, 10), iv(5, 12), iv(50, 50), iv(70, 60)];
    const copy = structuredClone(a);
    expect(unionAvailability([a])).toEqual([iv(0, 12), iv(30, 40)]);
    expect(intersectAvailability([a, [iv(0, 100)]])).toEqual([iv(0, 12), iv(30, 40)]);
    expect(a).toEqual(copy);
  });

  it("gives nothing for no hosts, or when one host is never free", () => {
    expect(unionAvailability([])).toEqual([]);
    expect(intersectAvailability([])).toEqual([]);
    expect(intersectAvailability([[iv(0, 10)], []])).toEqual([]);
    expect(unionAvailability([[], [iv(0, 10)]])).toEqual([iv(0, 10)]);
    expect(availableToAtLeast([[iv(0, 10)]], 2)).toEqual([]);
    expect(() => availableToAtLeast([[iv(0, 10)]], 0)).toThrow(RangeError);
  });

  it("works on epoch milliseconds", () => {
    const day = Date.parse("2026-06-01T00:00:00Z");
    const h = 3_600_000;
    expect(intersectAvailability([[iv(day + 9 * h, day + 17 * h)], [iv(day + 14 * h, day + 22 * h)]])).toEqual([iv(day + 14 * h, day + 17 * h)]);
  });
});

describe("unionSlots / intersectSlots", () => {
  it("offers a slot of any host once; a slot every host offers exactly", () => {
    const a = [iv(0, 30), iv(30, 60), iv(60, 90)];
    const b = [iv(30, 60), iv(45, 75), iv(60, 90)];
    expect(unionSlots([a, b])).toEqual([iv(0, 30), iv(30, 60), iv(45, 75), iv(60, 90)]);
    expect(intersectSlots([a, b])).toEqual([iv(30, 60), iv(60, 90)]);
  });

  it("does not merge adjacent slots of different hosts into a slot nobody can take", () => {
    // Free time 0–60 and 60–120 unite to 0–120, but a 60-long slot at 30 fits no one.
    expect(unionSlots([[iv(0, 60)], [iv(60, 120)]])).toEqual([iv(0, 60), iv(60, 120)]);
  });

  it("tells slots with the same start and different ends apart, and takes unsorted input", () => {
    expect(unionSlots([[iv(0, 60), iv(0, 30), iv(0, 30)], [iv(0, 45)]])).toEqual([iv(0, 30), iv(0, 45), iv(0, 60)]);
    expect(intersectSlots([[iv(0, 60), iv(0, 30)], [iv(0, 30)]])).toEqual([iv(0, 30)]);
    expect(intersectSlots([])).toEqual([]);
  });
});

// Property tests against a brute-force reference on a unit grid: with integer
// endpoints, each unit cell [t, t+1) is either wholly inside an interval or not.
const GRID = 60;
const interval = fc.record({ start: fc.integer({ min: 0, max: GRID }), end: fc.integer({ min: 0, max: GRID }) });
const hosts = fc.array(fc.array(interval, { maxLength: 8 }), { minLength: 0, maxLength: 6 });

function cells(list: readonly Interval[]): boolean[] {
  const covered = new Array<boolean>(GRID).fill(false);
  for (const { start, end } of list) for (let t = start; t < end; t++) covered[t] = true;
  return covered;
}

function referenceAtLeast(perHost: Interval[][], minHosts: number): boolean[] {
  const perHostCells = perHost.map(cells);
  return Array.from({ length: GRID }, (_, t) => perHostCells.filter((c) => c[t]).length >= minHosts);
}

/** Sorted, non-empty, and separated by a gap (touching intervals would have been joined). */
function expectNormalized(result: Interval[]) {
  result.forEach((r, i) => {
    expect(r.end).toBeGreaterThan(r.start);
    if (i > 0) expect(r.start).toBeGreaterThan(result[i - 1].end);
  });
}

describe("combinators: properties against a brute-force reference", () => {
  it("union = cells covered by some host", () => {
    fc.assert(
      fc.property(hosts, (perHost) => {
        const result = unionAvailability(perHost);
        expectNormalized(result);
        expect(cells(result)).toEqual(referenceAtLeast(perHost, 1));
      }),
      { numRuns: 500 },
    );
  });

  it("intersection = cells covered by every host", () => {
    fc.assert(
      fc.property(hosts, (perHost) => {
        const result = intersectAvailability(perHost);
        expectNormalized(result);
        const expected = perHost.length === 0 ? new Array(GRID).fill(false) : referenceAtLeast(perHost, perHost.length);
        expect(cells(result)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("at least m hosts = reference, for every m", () => {
    fc.assert(
      fc.property(hosts, fc.integer({ min: 1, max: 7 }), (perHost, m) => {
        const result = availableToAtLeast(perHost, m);
        expectNormalized(result);
        expect(cells(result)).toEqual(referenceAtLeast(perHost, m));
      }),
      { numRuns: 500 },
    );
  });

  it("slot union and intersection = set union and intersection of (start, end)", () => {
    const slot = fc.record({ start: fc.integer({ min: 0, max: 20 }), end: fc.integer({ min: 0, max: 24 }) });
    fc.assert(
      fc.property(fc.array(fc.array(slot, { maxLength: 10 }), { maxLength: 5 }), (perHost) => {
        const keysOf = (list: Interval[]) => new Set(list.filter((s) => s.end > s.start).map((s) => `${s.start},${s.end}`));
        const sets = perHost.map(keysOf);
        const all = new Set(sets.flatMap((s) => [...s]));
        const sort = (keys: string[]) =>
          keys.map((k) => k.split(",").map(Number)).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([start, end]) => ({ start, end }));
        expect(unionSlots(perHost)).toEqual(sort([...all]));
        const common = perHost.length === 0 ? [] : [...all].filter((k) => sets.every((s) => s.has(k)));
        expect(intersectSlots(perHost)).toEqual(sort(common));
      }),
      { numRuns: 500 },
    );
  });
});
