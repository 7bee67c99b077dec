import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { addDays, mondayOf, startOfZonedDay } from "./index";
import { ZonedDaysCache, wallClockPieces, zonedDays, zonedDaysCache } from "./zoned-days";

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

describe("ZonedDaysCache", () => {
  /** What the walk must be, day by day, from startOfZonedDay alone. */
  const expectedDays = (firstDate: string, lastDate: string, zone: string) => {
    const days = [];
    for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
      days.push({ date, start: startOfZonedDay(date, zone), end: startOfZonedDay(addDays(date, 1), zone) });
    }
    return days;
  };

  it("returns the same days on a hit as on the miss that filled it, as shared frozen objects in a fresh array", () => {
    const cache = new ZonedDaysCache(1000);
    const first = cache.days("2026-03-01", "2026-03-31", "America/New_York");
    const again = cache.days("2026-03-01", "2026-03-31", "America/New_York");
    expect(first).toEqual(expectedDays("2026-03-01", "2026-03-31", "America/New_York"));
    expect(again).toEqual(first);
    expect(cache.size).toBe(1);
    // A hit hands back the very day objects (nothing recomputed)…
    again.forEach((day, i) => expect(day).toBe(first[i]));
    // …which nobody can change, in an array that is the caller's own.
    expect(again).not.toBe(first);
    expect(() => {
      (again[0] as { start: number }).start = 0;
    }).toThrow(TypeError);
    again.reverse();
    again.push(again[0]);
    expect(cache.days("2026-03-01", "2026-03-31", "America/New_York")).toEqual(expectedDays("2026-03-01", "2026-03-31", "America/New_York"));
  });

  it("misses for another zone or another span, and each answer is that zone's and span's own", () => {
    const cache = new ZonedDaysCache(1000);
    const requests: [string, string, string][] = [
      ["2026-03-01", "2026-03-31", "America/New_York"],
      ["2026-03-01", "2026-03-31", "Europe/Berlin"],
      ["2026-03-01", "2026-03-30", "America/New_York"],
      ["2026-03-02", "2026-03-31", "America/New_York"],
      // Toronto keeps New York's clocks, yet it is another zone: its own entry.
      ["2026-03-01", "2026-03-31", "America/Toronto"],
    ];
    const answers = requests.map(([a, b, zone]) => cache.days(a, b, zone));
    expect(cache.size).toBe(requests.length);
    requests.forEach(([a, b, zone], i) => {
      expect(answers[i]).toEqual(expectedDays(a, b, zone));
      // Asking again is a hit on exactly that entry.
      const hit = cache.days(a, b, zone);
      hit.forEach((day, k) => expect(day).toBe(answers[i][k]));
    });
    expect(cache.size).toBe(requests.length);
    // A miss never shares objects with another entry.
    expect(answers[2][0]).not.toBe(answers[0][0]);
    expect(answers[4][0]).not.toBe(answers[0][0]);
  });

  it("stays within its cap of days, dropping the least recently used walk first", () => {
    const cache = new ZonedDaysCache(10);
    const a = cache.days("2026-01-01", "2026-01-04", "UTC"); // 4 days
    cache.days("2026-02-01", "2026-02-04", "UTC"); // 8
    cache.days("2026-01-01", "2026-01-04", "UTC"); // a is now the most recent
    cache.days("2026-03-01", "2026-03-04", "UTC"); // 12 > 10: February goes
    expect(cache.size).toBe(2);
    cache.days("2026-01-01", "2026-01-04", "UTC").forEach((day, i) => expect(day).toBe(a[i]));
    const february = cache.days("2026-02-01", "2026-02-04", "UTC");
    expect(february).toEqual(expectedDays("2026-02-01", "2026-02-04", "UTC"));
    // A walk longer than the whole cap is answered but not kept.
    const long = cache.days("2026-01-01", "2026-01-31", "UTC");
    expect(long).toHaveLength(31);
    expect(cache.size).toBe(2);
    // Empty walks count as one day each, so many of them cannot pile up.
    for (let i = 0; i < 50; i++) expect(cache.days(addDays("2026-06-01", i), "2026-05-01", "UTC")).toEqual([]);
    expect(cache.size).toBeLessThanOrEqual(10);
  });

  it("caches neither errors nor malformed dates", () => {
    const cache = new ZonedDaysCache(1000);
    expect(() => cache.days("2026-01-01", "2026-01-02", "Mars/Olympus")).toThrow(RangeError);
    expect(() => cache.days("2026-01-01", "2026-01-02", "Mars/Olympus")).toThrow(RangeError);
    expect(cache.size).toBe(0);
    cache.days("2026-1-1", "2026-01-02", "UTC");
    expect(cache.size).toBe(0);
  });

  it("is what zonedDays uses", () => {
    zonedDaysCache.clear();
    const days = zonedDays("2031-05-01", "2031-05-03", "Asia/Tokyo");
    expect(zonedDaysCache.size).toBe(1);
    zonedDays("2031-05-01", "2031-05-03", "Asia/Tokyo").forEach((day, i) => expect(day).toBe(days[i]));
  });
});

describe("wallClockPieces", () => {
  const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Africa/Casablanca", "Asia/Kathmandu"];

  it("is the whole day, anchored at its midnight, without a transition", () => {
    const [day] = zonedDays("2026-06-01", "2026-06-01", "Asia/Kathmandu");
    expect(wallClockPieces(day, "Asia/Kathmandu")).toEqual([{ start: day.start, end: day.end, midnight: day.start }]);
  });

  it("cuts New York's spring-forward day at 02:00 EST = 03:00 EDT", () => {
    const [day] = zonedDays("2026-03-08", "2026-03-08", "America/New_York");
    expect(wallClockPieces(day, "America/New_York")).toEqual([
      { start: day.start, end: Date.parse("2026-03-08T07:00:00Z"), midnight: Date.parse("2026-03-08T05:00:00Z") },
      { start: Date.parse("2026-03-08T07:00:00Z"), end: day.end, midnight: Date.parse("2026-03-08T04:00:00Z") },
    ]);
  });

  it("gives every instant its wall-clock time as (instant − midnight) (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (zone, d, f) => {
          const [day] = zonedDays(d.toISOString().slice(0, 10), d.toISOString().slice(0, 10), zone);
          const pieces = wallClockPieces(day, zone);
          expect(pieces[0].start).toBe(day.start);
          expect(pieces.at(-1)!.end).toBe(day.end);
          // Whole minutes from the day's first to its last.
          const t = day.start + Math.min(Math.floor((f * (day.end - day.start)) / 60_000), (day.end - day.start) / 60_000 - 1) * 60_000;
          const piece = pieces.find((p) => p.start <= t && t < p.end)!;
          const local = DateTime.fromMillis(t, { zone });
          expect((t - piece.midnight) / 60_000).toBe(local.hour * 60 + local.minute);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("mondayOf", () => {
  it("is the Monday on or before a date", () => {
    expect(mondayOf("2026-06-01")).toBe("2026-06-01");
    expect(mondayOf("2026-06-07")).toBe("2026-06-01");
    expect(mondayOf("2027-01-01")).toBe("2026-12-28");
  });
});
