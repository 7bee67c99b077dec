import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, startOfZonedDay } from "./index";
import { zonedDays } from "./zoned-days";

const HOUR = 3_600_000;

describe("zonedDays", () => {
  it("lists consecutive dates with their start and end instants", () => {
    const days = zonedDays("2026-03-06", "2026-03-09", "America/New_York");
    expect(days.map((d) => d.date)).toEqual(["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09"]);
    expect(days[0].start).toBe(Date.parse("2026-03-06T00:00:00-05:00"));
    // Spring forward: Sunday 8 March has 23 hours.
    expect(days[2].end - days[2].start).toBe(23 * HOUR);
    expect(days[3].start).toBe(Date.parse("2026-03-09T00:00:00-04:00"));
    days.slice(1).forEach((d, i) => expect(d.start).toBe(days[i].end));
  });

  it("has a 25-hour day at fall-back and a 23.5-hour day on Lord Howe Island", () => {
    const [ny] = zonedDays("2026-11-01", "2026-11-01", "America/New_York");
    expect(ny.end - ny.start).toBe(25 * HOUR);
    const [lh] = zonedDays("2026-10-04", "2026-10-04", "Australia/Lord_Howe");
    expect(lh.end - lh.start).toBe(23.5 * HOUR);
  });

  it("moves a midnight that does not exist forward (America/Santiago)", () => {
    // Chile springs forward at 00:00 → 01:00 on 6 September 2026.
    const [day] = zonedDays("2026-09-06", "2026-09-06", "America/Santiago");
    expect(day.start).toBe(Date.parse("2026-09-06T01:00:00-03:00"));
    expect(day.start).toBe(startOfZonedDay("2026-09-06", "America/Santiago"));
  });

  it("rejects unknown zones", () => {
    expect(() => zonedDays("2026-01-01", "2026-01-02", "Mars/Olympus")).toThrow(RangeError);
  });

  it("is empty when the last date is before the first", () => {
    expect(zonedDays("2026-01-02", "2026-01-01", "UTC")).toEqual([]);
  });

  it("agrees with startOfZonedDay for every day (property)", () => {
    const zones = [
      "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu",
      "America/Santiago", "Africa/Casablanca", "Pacific/Chatham", "America/Havana", "Asia/Beirut", "UTC", "Etc/GMT+5",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 40 }),
        (zone, first, length) => {
          const firstDate = first.toISOString().slice(0, 10);
          const lastDate = addDays(firstDate, length);
          const days = zonedDays(firstDate, lastDate, zone);
          expect(days).toHaveLength(length + 1);
          days.forEach((d, i) => {
            expect(d.date).toBe(addDays(firstDate, i));
            expect(d.start).toBe(startOfZonedDay(d.date, zone));
            expect(d.end).toBe(startOfZonedDay(addDays(d.date, 1), zone));
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
