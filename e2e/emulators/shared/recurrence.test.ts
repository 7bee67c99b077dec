import { describe, expect, it } from "vitest";
import { expandRecurrenceSet, type RecurrenceSet } from "./recurrence";

const iso = (ms: number) => new Date(ms).toISOString();
const everything = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2100, 0, 1) };

function weeklyBerlin(overrides: Partial<RecurrenceSet> = {}): RecurrenceSet {
  return {
    start: { year: 2026, month: 3, day: 16, hour: 9, minute: 0, second: 0 }, // a Monday
    allDay: false,
    zone: "Europe/Berlin",
    rrules: ["FREQ=WEEKLY;COUNT=4"],
    dtstartAlwaysFirst: true,
    ...overrides,
  };
}

describe("expandRecurrenceSet", () => {
  it("keeps 09:00 wall-clock time across the spring DST change (instants shift by an hour)", () => {
    const occurrences = expandRecurrenceSet(weeklyBerlin(), { ...everything, durationMs: 3_600_000 });
    expect(occurrences.map((o) => iso(o.startMs))).toEqual([
      "2026-03-16T08:00:00.000Z",
      "2026-03-23T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z", // CEST from 29 March
      "2026-04-06T07:00:00.000Z",
    ]);
    expect(occurrences.every((o) => o.wall.hour === 9)).toBe(true);
  });

  it("applies a UTC UNTIL in the event's zone, not as floating time", () => {
    // UNTIL 07:00Z on 30 March is exactly the 09:00 CEST occurrence: it is included.
    const included = expandRecurrenceSet(weeklyBerlin({ rrules: ["FREQ=WEEKLY;UNTIL=20260330T070000Z"] }), {
      ...everything,
      durationMs: 1,
    });
    expect(included).toHaveLength(3);
    const excluded = expandRecurrenceSet(weeklyBerlin({ rrules: ["FREQ=WEEKLY;UNTIL=20260330T065959Z"] }), {
      ...everything,
      durationMs: 1,
    });
    expect(excluded).toHaveLength(2);
  });

  it("removes EXDATEs (exact wall time, or any occurrence on an excluded day)", () => {
    const byTime = expandRecurrenceSet(
      weeklyBerlin({ exdates: [{ year: 2026, month: 3, day: 23, hour: 9, minute: 0, second: 0 }] }),
      { ...everything, durationMs: 1 },
    );
    expect(byTime.map((o) => o.wall.day)).toEqual([16, 30, 6]);
    const byDay = expandRecurrenceSet(weeklyBerlin({ exdateDays: ["2026-03-30"] }), { ...everything, durationMs: 1 });
    expect(byDay.map((o) => o.wall.day)).toEqual([16, 23, 6]);
  });

  it("counts a non-matching DTSTART as the first instance for RFC 5545 (Google), but not for Outlook patterns", () => {
    const sunday = { year: 2026, month: 3, day: 15, hour: 9, minute: 0, second: 0 };
    const rfc = expandRecurrenceSet(weeklyBerlin({ start: sunday, rrules: ["FREQ=WEEKLY;BYDAY=MO;COUNT=3"] }), {
      ...everything,
      durationMs: 1,
    });
    expect(rfc.map((o) => o.wall.day)).toEqual([15, 16, 23]);
    const outlook = expandRecurrenceSet(
      weeklyBerlin({ start: sunday, rrules: ["FREQ=WEEKLY;BYDAY=MO;COUNT=3"], dtstartAlwaysFirst: false }),
      { ...everything, durationMs: 1 },
    );
    expect(outlook.map((o) => o.wall.day)).toEqual([16, 23, 30]);
  });

  it("only returns occurrences overlapping the window, and stops open-ended rules at its end", () => {
    const daily = weeklyBerlin({ rrules: ["FREQ=DAILY"] });
    const window = { from: Date.UTC(2026, 2, 28, 12), to: Date.UTC(2026, 2, 31, 0), durationMs: 3_600_000 };
    expect(expandRecurrenceSet(daily, window).map((o) => iso(o.startMs))).toEqual([
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
    ]);
    // A long event starting before the window still overlaps it.
    const longOnes = expandRecurrenceSet(daily, { ...window, durationMs: 6 * 3_600_000 });
    expect(longOnes.map((o) => iso(o.startMs))[0]).toBe("2026-03-28T08:00:00.000Z");
  });

  it("expands all-day series by date, with midnights in the zone", () => {
    const allDay = expandRecurrenceSet(
      {
        start: { year: 2026, month: 3, day: 27, hour: 0, minute: 0, second: 0 },
        allDay: true,
        zone: "Europe/Berlin",
        rrules: ["FREQ=DAILY;COUNT=4"],
        dtstartAlwaysFirst: true,
      },
      { ...everything, durationMs: 86_400_000 },
    );
    expect(allDay.map((o) => iso(o.startMs))).toEqual([
      "2026-03-26T23:00:00.000Z",
      "2026-03-27T23:00:00.000Z",
      "2026-03-28T23:00:00.000Z", // midnight of the 29th is still CET (the switch is at 02:00)
      "2026-03-29T22:00:00.000Z",
    ]);
  });

  it("handles monthly last-Friday rules", () => {
    const lastFriday = expandRecurrenceSet(
      weeklyBerlin({ start: { year: 2026, month: 1, day: 30, hour: 15, minute: 30, second: 0 }, rrules: ["FREQ=MONTHLY;BYDAY=-1FR;COUNT=4"] }),
      { ...everything, durationMs: 1 },
    );
    expect(lastFriday.map((o) => `${o.wall.month}-${o.wall.day}`)).toEqual(["1-30", "2-27", "3-27", "4-24"]);
  });
});
