import { describe, expect, it } from "vitest";
import { addMonths, compareMonths, firstOfMonth, lastOfMonth, monthKey, monthOf } from "./calendar-month";

describe("calendar months", () => {
  it("reads the month of a date", () => {
    expect(monthOf("2026-12-07")).toEqual({ year: 2026, month: 12 });
  });

  it("knows month lengths, leap years included", () => {
    expect(lastOfMonth({ year: 2028, month: 2 })).toBe("2028-02-29");
    expect(lastOfMonth({ year: 2027, month: 2 })).toBe("2027-02-28");
    expect(lastOfMonth({ year: 2026, month: 12 })).toBe("2026-12-31");
    expect(firstOfMonth({ year: 2026, month: 3 })).toBe("2026-03-01");
  });

  it("steps across year boundaries both ways", () => {
    expect(addMonths({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 });
    expect(addMonths({ year: 2027, month: 1 }, -1)).toEqual({ year: 2026, month: 12 });
    expect(addMonths({ year: 2026, month: 5 }, -17)).toEqual({ year: 2024, month: 12 });
    expect(monthKey(addMonths({ year: 2026, month: 11 }, 14))).toBe("2028-01");
  });

  it("orders months", () => {
    expect(compareMonths({ year: 2026, month: 12 }, { year: 2027, month: 1 })).toBeLessThan(0);
    expect(compareMonths({ year: 2027, month: 1 }, { year: 2027, month: 1 })).toBe(0);
    expect(compareMonths({ year: 2027, month: 2 }, { year: 2026, month: 12 })).toBeGreaterThan(0);
  });
});
