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
        const out = intersectIntervals(a, b);
        expect(isNormal(out)).toBe(true);
        const pb = points(b);
        expect(points(out)).toEqual(new Set([...points(a)].filter((p) => pb.has(p))));
      }),
    );
  });
});
