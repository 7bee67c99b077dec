import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WEEKDAYS, addDays, weekdayOfDate } from "./index";
import { dateOfEpochDay, epochDayOf, weekdayIndexOfEpochDay } from "./epoch-days";

describe("epoch days", () => {
  it("counts from 1970-01-01, a Thursday", () => {
    expect(epochDayOf("1970-01-01")).toBe(0);
    expect(epochDayOf("1969-12-31")).toBe(-1);
    expect(dateOfEpochDay(epochDayOf("2028-02-29") + 1)).toBe("2028-03-01");
    expect(WEEKDAYS[weekdayIndexOfEpochDay(0)]).toBe("thursday");
    expect(WEEKDAYS[weekdayIndexOfEpochDay(-1)]).toBe("wednesday");
  });

  it("steps and names dates as addDays and weekdayOfDate do (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: -800, max: 800 }),
        (d, n) => {
          const date = d.toISOString().slice(0, 10);
          expect(dateOfEpochDay(epochDayOf(date) + n)).toBe(addDays(date, n));
          expect(WEEKDAYS[weekdayIndexOfEpochDay(epochDayOf(date))]).toBe(weekdayOfDate(date));
        },
      ),
      { numRuns: 300 },
    );
  });
});
