import fc from "fast-check";
import { DateTime, Settings } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { startOfZonedDay, zonedTimeToInstant } from "./index";

const at = (iso: string) => Date.parse(iso);
const realNow = Settings.now;
afterEach(() => {
  Settings.now = realNow;
});

describe("zonedTimeToInstant", () => {
  it("converts ordinary times, including 24:00", () => {
    expect(zonedTimeToInstant("2026-06-01", 9 * 60, "Europe/Berlin")).toBe(at("2026-06-01T09:00:00+02:00"));
    expect(zonedTimeToInstant("2026-06-01", 1440, "Europe/Berlin")).toBe(at("2026-06-02T00:00:00+02:00"));
    expect(zonedTimeToInstant("2026-06-01", 9 * 60 + 15, "Asia/Kathmandu")).toBe(at("2026-06-01T09:15:00+05:45"));
    expect(zonedTimeToInstant("2026-06-01", 0, "UTC")).toBe(at("2026-06-01T00:00:00Z"));
  });

  it("moves a time in a spring-forward gap forward by the gap", () => {
    expect(zonedTimeToInstant("2026-03-08", 150, "America/New_York")).toBe(at("2026-03-08T03:30:00-04:00"));
    expect(zonedTimeToInstant("2026-03-29", 90, "Europe/London")).toBe(at("2026-03-29T02:30:00+01:00"));
    expect(zonedTimeToInstant("2026-10-04", 135, "Australia/Lord_Howe")).toBe(at("2026-10-04T02:45:00+11:00"));
    // Midnight that does not exist (Chile jumps 00:00 → 01:00).
    expect(startOfZonedDay("2026-09-06", "America/Santiago")).toBe(at("2026-09-06T01:00:00-03:00"));
  });

  it("takes the first occurrence of a repeated time, whatever the season today", () => {
    for (const today of ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z"]) {
      Settings.now = () => at(today);
      expect(zonedTimeToInstant("2026-11-01", 90, "America/New_York")).toBe(at("2026-11-01T01:30:00-04:00"));
      expect(zonedTimeToInstant("2026-10-25", 90, "Europe/London")).toBe(at("2026-10-25T01:30:00+01:00"));
      expect(zonedTimeToInstant("2026-04-05", 105, "Australia/Lord_Howe")).toBe(at("2026-04-05T01:45:00+11:00"));
    }
  });

  it("is NaN for an unknown zone", () => {
    expect(zonedTimeToInstant("2026-06-01", 0, "Not/AZone")).toBeNaN();
  });

  it("shows the requested wall time, or lies just after a gap (property)", () => {
    const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Africa/Casablanca", "Pacific/Chatham", "Asia/Kolkata"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 1439 }),
        (zone, d, minutes) => {
          const date = d.toISOString().slice(0, 10);
          const t = zonedTimeToInstant(date, minutes, zone);
          const local = DateTime.fromMillis(t, { zone });
          const shown = local.hour * 60 + local.minute;
          if (local.toISODate() === date && shown === minutes) {
            // No earlier instant shows the same wall time (first occurrence).
            for (const back of [30, 60, 120]) {
              const earlier = DateTime.fromMillis(t - back * 60_000, { zone });
              expect(earlier.toISODate() === date && earlier.hour * 60 + earlier.minute === minutes).toBe(false);
            }
          } else {
            // A gap: the time was moved forward by exactly the gap's length,
            // so that long before t the clock read before the requested time.
            const gap = local.offset - DateTime.fromMillis(t - 86_400_000, { zone }).offset;
            expect(gap).toBeGreaterThan(0);
            const before = DateTime.fromMillis(t - gap * 60_000 - 60_000, { zone });
            expect(before.toFormat("yyyy-MM-dd HH:mm") < `${date} ${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
