import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intersectIntervals, mergeIntervals, subtractIntervals } from "./intervals";
import type { Interval } from "./types";

const iv = (start: number, end: number): Interval => ({ start, end });

/** The set of integer points an interval list covers, for brute-force comparison. */
function points(list: Interval[]): Set<number> {
  const set = new Set<number>();
  for (const i of list) for (let p = i.start; p < i.end; p++) set.add(p);
  return set;
}

function isNormal(list: Interval[]): boolean {
  return list.every((i, k) => i.start < i.end && (k === 0 || list[k - 1].end < i.start));
}

const intervalList = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: -5, max: 20 })).map(([s, len]) => iv(s, s + len)),
  { maxLength: 12 },
);

describe("mergeIntervals", () => {
  it("sorts, joins overlapping and touching intervals, drops empty and inverted ones", () => {
    expect(mergeIntervals([iv(10, 20), iv(0, 5), iv(5, 7), iv(15, 25), iv(30, 30), iv(40, 35), iv(8, 9)])).toEqual([
      iv(0, 7),
      iv(8, 9),
      iv(10, 25),
    ]);
  });

  it("keeps a gap of one millisecond", () => {
    expect(mergeIntervals([iv(0, 5), iv(6, 8)])).toEqual([iv(0, 5), iv(6, 8)]);
  });

  it("absorbs contained intervals and returns copies", () => {
    const input = [iv(0, 100), iv(10, 20)];
    const out = mergeIntervals(input);
    expect(out).toEqual([iv(0, 100)]);
    out[0].end = 1;
    expect(input[0]).toEqual(iv(0, 100));
  });

  it("handles empty input", () => {
    expect(mergeIntervals([])).toEqual([]);
  });

  it("joins sorted input without sorting it again, still into copies", () => {
    const input = [iv(0, 5), iv(5, 7), iv(6, 9), iv(12, 13)];
    const out = mergeIntervals(input);
    expect(out).toEqual([iv(0, 9), iv(12, 13)]);
    out[1].end = 99;
    expect(input[3]).toEqual(iv(12, 13));
  });

  it("covers exactly the input's points, normalised (property)", () => {
    fc.assert(
      fc.property(intervalList, (list) => {
        const merged = mergeIntervals(list);
        expect(isNormal(merged)).toBe(true);
        expect(points(merged)).toEqual(points(list));
      }),
    );
  });
});

describe("subtractIntervals", () => {
  it("cuts holes, including ones spanning several intervals", () => {
    expect(subtractIntervals([iv(0, 10), iv(20, 30), iv(40, 50)], [iv(5, 25), iv(28, 45), iv(49, 60)])).toEqual([
      iv(0, 5),
      iv(25, 28),
      iv(45, 49),
    ]);
  });

  it("leaves half-open neighbours intact", () => {
    expect(subtractIntervals([iv(0, 10)], [iv(10, 20), iv(-5, 0)])).toEqual([iv(0, 10)]);
  });

  it("accepts unsorted, overlapping input", () => {
    expect(subtractIntervals([iv(20, 30), iv(0, 10), iv(5, 12)], [iv(8, 9), iv(3, 4), iv(3, 3)])).toEqual([
      iv(0, 3),
      iv(4, 8),
      iv(9, 12),
      iv(20, 30),
    ]);
  });

  it("removes everything when covered", () => {
    expect(subtractIntervals([iv(0, 10), iv(12, 14)], [iv(-1, 20)])).toEqual([]);
  });

  it("is set difference (property)", () => {
    fc.assert(
      fc.property(intervalList, intervalList, (a, b) => {
        const out = subtractIntervals(a, b);
        expect(isNormal(out)).toBe(true);
        const expected = points(a);
        for (const p of points(b)) expected.delete(p);
        expect(points(out)).toEqual(expected);
      }),
    );
  });
});

describe("subtractIntervals with many holes", () => {
  // Unsorted holes are filed per base interval through a coarse index, and an
  // interval's holes are sorted on their own (the built-in sort past 32):
  // many holes over few, wide and narrow base intervals reach every branch.
  const base = fc.oneof(
    fc.array(
      fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: -5, max: 120 })).map(([s, len]) => iv(s, s + len)),
      { maxLength: 8 },
    ),
    // Narrow intervals close together plus one far away: several end in one
    // cell of the index, so a hole's search runs over more than one interval.
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 3 })).map(([s, len]) => iv(s, s + len)), { maxLength: 10 })
      .map((list) => [...list, iv(450, 500)]),
  );
  const holes = fc.array(
    fc.tuple(fc.integer({ min: -20, max: 520 }), fc.integer({ min: -3, max: 25 })).map(([s, len]) => iv(s, s + len)),
    { maxLength: 300, size: "max" },
  );
  const byStart = (list: Interval[]) => [...list].sort((a, b) => a.start - b.start);

  it("is set difference for unsorted holes, sorted holes and sorted base (property)", () => {
    fc.assert(
      fc.property(base, holes, (a, b) => {
        const expected = points(a);
        for (const p of points(b)) expected.delete(p);
        // Unsorted, sorted (possibly overlapping and touching), and on a normalised base.
        for (const out of [subtractIntervals(a, b), subtractIntervals(a, byStart(b)), subtractIntervals(mergeIntervals(a), b)]) {
          expect(isNormal(out)).toBe(true);
          expect(points(out)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("files a hole that starts before the first interval or spans several under the first it overlaps", () => {
    const from = [iv(10, 20), iv(30, 40), iv(50, 60)];
    expect(subtractIntervals(from, [iv(55, 58), iv(0, 12), iv(15, 35), iv(59, 70), iv(45, 46)])).toEqual([iv(12, 15), iv(35, 40), iv(50, 55), iv(58, 59)]);
  });

  it("finds the right interval when several end in one cell of the index", () => {
    // Span 0–400, 16 cells of 25: the first three intervals end in cell 0.
    const from = [iv(0, 2), iv(4, 6), iv(8, 10), iv(300, 400)];
    expect(subtractIntervals(from, [iv(350, 360), iv(9, 20), iv(5, 7), iv(1, 2)])).toEqual([iv(0, 1), iv(4, 5), iv(8, 9), iv(300, 350), iv(360, 400)]);
  });

  it("handles infinite bounds on either side", () => {
    expect(subtractIntervals([iv(-Infinity, 0), iv(10, Infinity)], [iv(20, 30), iv(-5, -3), iv(5, 6)])).toEqual([
      iv(-Infinity, -5),
      iv(-3, 0),
      iv(10, 20),
      iv(30, Infinity),
    ]);
    expect(subtractIntervals([iv(0, 100)], [iv(50, Infinity), iv(-Infinity, 10)])).toEqual([iv(10, 50)]);
  });
});

describe("intersectIntervals", () => {
  it("keeps the common parts", () => {
    expect(intersectIntervals([iv(0, 10), iv(20, 30)], [iv(5, 25), iv(29, 40)])).toEqual([iv(5, 10), iv(20, 25), iv(29, 30)]);
  });

  it("is empty for touching intervals", () => {
    expect(intersectIntervals([iv(0, 10)], [iv(10, 20)])).toEqual([]);
  });

  it("is set intersection (property)", () => {
    fc.assert(
      fc.property(intervalList, intervalList, (a, b) => {
        const pb = points(b);
        const expected = new Set([...points(a)].filter((p) => pb.has(p)));
        // Normalised input is used as it is, anything else is merged first.
        for (const out of [intersectIntervals(a, b), intersectIntervals(mergeIntervals(a), mergeIntervals(b))]) {
          expect(isNormal(out)).toBe(true);
          expect(points(out)).toEqual(expected);
        }
      }),
    );
  });

  it("joins touching input intervals before intersecting", () => {
    expect(intersectIntervals([iv(0, 5), iv(5, 10)], [iv(0, 10)])).toEqual([iv(0, 10)]);
  });
});
