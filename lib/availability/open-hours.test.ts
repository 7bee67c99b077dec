import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WeeklyInterval } from "../schedules/schedule-schema";
import { WEEKDAYS, addDays, formatTimeOfDay, parseTimeOfDay, weekdayOfDate, zonedTimeToInstant } from "../time";
import { mergeIntervals } from "./intervals";
import { openDays, openHours } from "./open-hours";
import type { AvailabilityRules, Interval } from "./types";

const at = (iso: string) => Date.parse(iso);
const span = (a: string, b: string): Interval => ({ start: at(a), end: at(b) });
const weekdays = (start: string, end: string): WeeklyInterval[] =>
  (["monday", "tuesday", "wednesday", "thursday", "friday"] as const).map((day) => ({ day, start, end }));
const rules = (timeZone: string, weekly: WeeklyInterval[], overrides: AvailabilityRules["overrides"] = []) => ({
  timeZone,
  weekly,
  overrides,
});

describe("openHours", () => {
  it("gives weekday hours in the schedule's zone", () => {
    const r = rules("America/New_York", weekdays("09:00", "17:00"));
    // Fri 6 – Mon 9 February 2026 (EST, UTC−5).
    expect(openHours(r, span("2026-02-06T00:00:00-05:00", "2026-02-10T00:00:00-05:00"))).toEqual([
      span("2026-02-06T09:00:00-05:00", "2026-02-06T17:00:00-05:00"),
      span("2026-02-09T09:00:00-05:00", "2026-02-09T17:00:00-05:00"),
    ]);
  });

  it("clips to the range", () => {
    const r = rules("UTC", weekdays("09:00", "17:00"));
    expect(openHours(r, span("2026-02-09T10:30:00Z", "2026-02-09T12:00:00Z"))).toEqual([
      span("2026-02-09T10:30:00Z", "2026-02-09T12:00:00Z"),
    ]);
    expect(openHours(r, span("2026-02-09T12:00:00Z", "2026-02-09T12:00:00Z"))).toEqual([]);
  });

  it("keeps 09:00–17:00 local on both sides of New York's DST changes", () => {
    const r = rules("America/New_York", weekdays("09:00", "17:00"));
    expect(openHours(r, span("2026-03-06T00:00:00Z", "2026-03-10T00:00:00Z"))).toEqual([
      span("2026-03-06T09:00:00-05:00", "2026-03-06T17:00:00-05:00"),
      span("2026-03-09T09:00:00-04:00", "2026-03-09T17:00:00-04:00"),
    ]);
    expect(openHours(r, span("2026-10-30T00:00:00Z", "2026-11-03T00:00:00Z"))).toEqual([
      span("2026-10-30T09:00:00-04:00", "2026-10-30T17:00:00-04:00"),
      span("2026-11-02T09:00:00-05:00", "2026-11-02T17:00:00-05:00"),
    ]);
  });

  it("moves a boundary in the spring-forward gap forward (New York, 8 March 2026)", () => {
    const day = (start: string, end: string) =>
      openHours(rules("America/New_York", [{ day: "sunday", start, end }]), span("2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00"));
    // 01:00 EST to 05:00 EDT: three real hours.
    expect(day("01:00", "05:00")).toEqual([span("2026-03-08T01:00:00-05:00", "2026-03-08T05:00:00-04:00")]);
    // 02:30 does not exist: it becomes 03:30 EDT.
    expect(day("02:30", "04:00")).toEqual([span("2026-03-08T03:30:00-04:00", "2026-03-08T04:00:00-04:00")]);
    // Both ends shift: 02:00–02:45 is 03:00–03:45 EDT.
    expect(day("02:00", "02:45")).toEqual([span("2026-03-08T03:00:00-04:00", "2026-03-08T03:45:00-04:00")]);
    // 02:30 → 03:30 lies after 03:10: nothing is open.
    expect(day("02:30", "03:10")).toEqual([]);
  });

  it("uses the first occurrence of a repeated time (New York, 1 November 2026)", () => {
    const r = rules("America/New_York", [{ day: "sunday", start: "01:30", end: "02:30" }]);
    // 01:30 EDT (first 01:30) to 02:30 EST: two real hours, each instant once.
    expect(openHours(r, span("2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00"))).toEqual([
      span("2026-11-01T01:30:00-04:00", "2026-11-01T02:30:00-05:00"),
    ]);
  });

  it("merges shifted intervals that overlap on a transition day", () => {
    // 01:00–02:30 ends at 03:30 EDT, past the start of 03:00–05:00.
    const r = rules("America/New_York", [
      { day: "sunday", start: "01:00", end: "02:30" },
      { day: "sunday", start: "03:00", end: "05:00" },
    ]);
    expect(openHours(r, span("2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00"))).toEqual([
      span("2026-03-08T01:00:00-05:00", "2026-03-08T05:00:00-04:00"),
    ]);
  });

  it("handles London's transitions (1 h at 01:00 UTC)", () => {
    const r = rules("Europe/London", [
      { day: "sunday", start: "00:00", end: "03:00" },
      ...weekdays("09:00", "17:00"),
    ]);
    const open = openHours(r, span("2026-03-27T00:00:00Z", "2026-03-31T00:00:00Z"));
    expect(open).toEqual([
      span("2026-03-27T09:00:00Z", "2026-03-27T17:00:00Z"),
      span("2026-03-29T00:00:00Z", "2026-03-29T02:00:00Z"), // 00:00 GMT – 03:00 BST
      span("2026-03-30T08:00:00Z", "2026-03-30T16:00:00Z"), // 09:00–17:00 BST
    ]);
    const autumn = openHours(r, span("2026-10-25T00:00:00+01:00", "2026-10-26T00:00:00Z"));
    // 00:00 BST – 03:00 GMT: four real hours.
    expect(autumn).toEqual([span("2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z")]);
  });

  it("handles Lord Howe Island's 30-minute shifts", () => {
    const r = rules("Australia/Lord_Howe", [{ day: "sunday", start: "01:00", end: "03:00" }]);
    // 5 April 2026: 02:00 +11:00 → 01:30 +10:30; 01:00–03:00 lasts 2.5 h.
    expect(openHours(r, span("2026-04-04T00:00:00Z", "2026-04-06T00:00:00Z"))).toEqual([
      span("2026-04-05T01:00:00+11:00", "2026-04-05T03:00:00+10:30"),
    ]);
    // 4 October 2026: 02:00 +10:30 → 02:30 +11:00; 02:15 moves to 02:45.
    const gap = rules("Australia/Lord_Howe", [{ day: "sunday", start: "02:15", end: "03:00" }]);
    expect(openHours(gap, span("2026-10-03T00:00:00Z", "2026-10-05T00:00:00Z"))).toEqual([
      span("2026-10-04T02:45:00+11:00", "2026-10-04T03:00:00+11:00"),
    ]);
  });

  it("handles half- and quarter-hour zones without DST (Kolkata, Kathmandu)", () => {
    const monday = span("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z");
    expect(openHours(rules("Asia/Kolkata", weekdays("09:00", "17:00")), monday)).toEqual([
      span("2026-06-01T09:00:00+05:30", "2026-06-01T17:00:00+05:30"),
    ]);
    expect(openHours(rules("Asia/Kathmandu", weekdays("09:00", "17:00")), monday)).toEqual([
      span("2026-06-01T09:00:00+05:45", "2026-06-01T17:00:00+05:45"),
    ]);
  });

  it("lets an override replace a day's hours, close a day, or open a free day", () => {
    const r = rules("Europe/Berlin", weekdays("09:00", "17:00"), [
      { date: "2026-06-01", intervals: [] },
      { date: "2026-06-02", intervals: [{ start: "12:00", end: "14:00" }, { start: "15:00", end: "16:00" }] },
      { date: "2026-06-06", intervals: [{ start: "10:00", end: "12:00" }] },
    ]);
    expect(openHours(r, span("2026-06-01T00:00:00+02:00", "2026-06-08T00:00:00+02:00"))).toEqual([
      span("2026-06-02T12:00:00+02:00", "2026-06-02T14:00:00+02:00"),
      span("2026-06-02T15:00:00+02:00", "2026-06-02T16:00:00+02:00"),
      span("2026-06-03T09:00:00+02:00", "2026-06-03T17:00:00+02:00"),
      span("2026-06-04T09:00:00+02:00", "2026-06-04T17:00:00+02:00"),
      span("2026-06-05T09:00:00+02:00", "2026-06-05T17:00:00+02:00"),
      span("2026-06-06T10:00:00+02:00", "2026-06-06T12:00:00+02:00"),
    ]);
  });

  it("joins hours across midnight and touching intervals of one day", () => {
    const r = rules("America/New_York", [
      { day: "monday", start: "22:00", end: "24:00" },
      { day: "tuesday", start: "00:00", end: "02:00" },
      { day: "wednesday", start: "09:00", end: "12:00" },
      { day: "wednesday", start: "12:00", end: "13:00" },
    ]);
    expect(openHours(r, span("2026-06-01T00:00:00-04:00", "2026-06-04T00:00:00-04:00"))).toEqual([
      span("2026-06-01T22:00:00-04:00", "2026-06-02T02:00:00-04:00"),
      span("2026-06-03T09:00:00-04:00", "2026-06-03T13:00:00-04:00"),
    ]);
  });

  it("is empty without hours and rejects unknown zones or malformed hours", () => {
    expect(openHours(rules("UTC", []), span("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z"))).toEqual([]);
    expect(() => openHours(rules("Nowhere/City", []), span("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"))).toThrow(RangeError);
    expect(() =>
      openHours(rules("UTC", [{ day: "monday", start: "10:00", end: "10:00" }]), span("2026-01-01T00:00:00Z", "2026-01-09T00:00:00Z")),
    ).toThrow(RangeError);
    expect(() =>
      openHours(rules("UTC", [], [{ date: "2026-01-05", intervals: [{ start: "10:00", end: "09:00" }] }]), span("2026-01-01T00:00:00Z", "2026-01-09T00:00:00Z")),
    ).toThrow(RangeError);
  });
});

describe("openDays", () => {
  it("joins touching intervals of a day into one", () => {
    const r = rules("UTC", [
      { day: "monday", start: "00:00", end: "12:00" },
      { day: "monday", start: "12:00", end: "24:00" },
      { day: "tuesday", start: "00:00", end: "23:59" },
    ]);
    const days = openDays(r, "2026-06-01", "2026-06-02");
    expect(days[0].intervals).toEqual([{ start: days[0].start, end: days[0].end }]);
    expect(days[1].intervals).toEqual([{ start: days[1].start, end: days[1].end - 60_000 }]);
  });

  it("lets overnight hours run into the next date, owned by the date they start on", () => {
    const r = rules("Europe/Berlin", [{ day: "friday", start: "22:00", end: "02:00" }]);
    const days = openDays(r, "2026-06-05", "2026-06-06");
    expect(days[0].intervals).toEqual([span("2026-06-05T22:00:00+02:00", "2026-06-06T02:00:00+02:00")]);
    expect(days[1].intervals).toEqual([]);
  });

  const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "Africa/Casablanca"];
  const minute = fc.integer({ min: 0, max: 96 }).map((q) => q * 15);
  // Unordered pairs: an end not after the start is overnight hours.
  const weeklyArb = fc.array(
    fc.tuple(fc.constantFrom(...WEEKDAYS), minute, minute).filter(([, a, b]) => a !== b && a < 1440),
    { maxLength: 10 },
  );

  it("ends overnight hours at the next midnight's real start when the wall clock skips past their end (Santiago)", () => {
    // Chile jumps 00:00 → 01:00 on Sunday 6 September 2026: Saturday's 00:30–00:15 and
    // 01:15–01:00 together run to Sunday 01:00, the first instant of Sunday.
    const weekly = [
      { day: "saturday", start: "01:15", end: "01:00" },
      { day: "saturday", start: "00:30", end: "00:15" },
    ] as const;
    const [saturday] = openDays(rules("America/Santiago", [...weekly]), "2026-09-05", "2026-09-05");
    expect(saturday.intervals).toEqual([{ start: Date.parse("2026-09-05T04:30:00Z"), end: Date.parse("2026-09-06T04:00:00Z") }]);
  });

  it("equals converting every boundary with zonedTimeToInstant (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        weeklyArb,
        fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2028-12-31T00:00:00Z"), noInvalidDate: true }),
        (zone, raw, first) => {
          const weekly = raw.map(([day, a, b]) => ({ day, start: formatTimeOfDay(a), end: formatTimeOfDay(b) }));
          const firstDate = first.toISOString().slice(0, 10);
          const lastDate = addDays(firstDate, 9);
          const days = openDays(rules(zone, weekly), firstDate, lastDate);
          for (const day of days) {
            const wd = weekdayOfDate(day.date);
            // The day's hours are a union of wall-clock ranges (an end not after
            // its start runs into the next day), converted after the union: in
            // Santiago, where 6 September 2026 has no 00:00–01:00, Saturday
            // 00:30–00:15 plus 01:15–01:00 is open until Sunday 01:00 — the
            // 00:15 end does not move past it to 01:15.
            const minuteRanges = mergeIntervals(
              weekly
                .filter((w) => w.day === wd)
                .map((w) => {
                  const start = parseTimeOfDay(w.start)!;
                  const end = parseTimeOfDay(w.end)!;
                  return { start, end: end > start ? end : end + 1440 };
                }),
            );
            const at = (minutes: number) => (minutes <= 1440 ? zonedTimeToInstant(day.date, minutes, zone) : zonedTimeToInstant(addDays(day.date, 1), minutes - 1440, zone));
            const expected = mergeIntervals(minuteRanges.map((r) => ({ start: at(r.start), end: at(r.end) })).filter((r) => r.end > r.start));
            expect(day.intervals).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
