import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeIntervals } from "../availability/intervals";
import { mergeBusyBlocks, type SourcedInterval } from "./merge-busy-blocks";

const b = (start: number, end: number, sourceId: string): SourcedInterval => ({ start, end, sourceId });

describe("mergeBusyBlocks", () => {
  it("joins overlapping and touching blocks and keeps each source once, in the given order", () => {
    expect(mergeBusyBlocks([b(10, 20, "cal-b"), b(0, 5, "kairos"), b(15, 30, "cal-a"), b(30, 40, "cal-b"), b(50, 60, "cal-a"), b(45, 45, "cal-c")], ["kairos", "cal-a", "cal-b"])).toEqual([
      { start: 0, end: 5, sources: ["kairos"] },
      { start: 10, end: 40, sources: ["cal-a", "cal-b"] },
      { start: 50, end: 60, sources: ["cal-a"] },
    ]);
  });

  it("orders sources missing from the order by first contribution, after the known ones", () => {
    expect(mergeBusyBlocks([b(0, 10, "x"), b(1, 5, "y"), b(2, 3, "kairos")], ["kairos"])).toEqual([{ start: 0, end: 10, sources: ["kairos", "x", "y"] }]);
  });

  it("has exactly the intervals of mergeIntervals, and each merged block names exactly the sources inside it", () => {
    const block = fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: -5, max: 40 }), fc.constantFrom("kairos", "a", "b", "c"))
      .map(([start, length, sourceId]) => b(start, start + length, sourceId));
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), (blocks) => {
        const merged = mergeBusyBlocks(blocks, ["kairos", "a", "b", "c"]);
        expect(merged.map(({ start, end }) => ({ start, end }))).toEqual(mergeIntervals(blocks));
        for (const m of merged) {
          const inside = new Set(blocks.filter((x) => x.end > x.start && x.start >= m.start && x.end <= m.end).map((x) => x.sourceId));
          expect(new Set(m.sources)).toEqual(inside);
          expect(m.sources).toHaveLength(inside.size);
        }
      }),
    );
  });
});
