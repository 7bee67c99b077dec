import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WeeklyInterval } from "../schedules/schedule-schema";
import { toZonedIso, zonedDateOf } from "../time";
import { computeSlots } from "./compute-slots";
import { groupSlotsByDay } from "./group-slots-by-day";
import type { Interval } from "./types";

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const weekdays = (start: string, end: string): WeeklyInterval[] =>
  (["monday", "tuesday", "wednesday", "thursday", "friday"] as const).map((day) => ({ day, start, end }));

describe("groupSlotsByDay", () => {
  it("keys slots by their start date in the guest's zone, with that zone's offset", () => {
    const slots: Interval[] = [
      { start: at("2026-02-09T14:00:00Z"), end: at("2026-02-09T14:30:00Z") },
      { start: at("2026-02-10T04:30:00Z"), end: at("2026-02-10T05:00:00Z") },
    ];
    expect(groupSlotsByDay(slots, "America/New_York")).toEqual({
      "2026-02-09": [
        { start: "2026-02-09T09:00:00.000-05:00", end: "2026-02-09T09:30:00.000-05:00" },
        { start: "2026-02-09T23:30:00.000-05:00", end: "2026-02-10T00:00:00.000-05:00" },
      ],
    });
    expect(groupSlotsByDay(slots, "Asia/Kathmandu")).toEqual({
      "2026-02-09": [{ start: "2026-02-09T19:45:00.000+05:45", end: "2026-02-09T20:15:00.000+05:45" }],
      "2026-02-10": [{ start: "2026-02-10T10:15:00.000+05:45", end: "2026-02-10T10:45:00.000+05:45" }],
    });
  });

  it("splits one host day over two guest days (Berlin host, Auckland guest)", () => {
    const slots = computeSlots({
      rules: { timeZone: "Europe/Berlin", weekly: weekdays("09:00", "17:00"), overrides: [] },
      policy: { durationMinutes: 60, minimumNoticeMinutes: 0, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, bookingWindow: { type: "rolling", days: 365 } },
      busy: [],
      range: { start: at("2026-01-12T00:00:00+01:00"), end: at("2026-01-13T00:00:00+01:00") },
      now: at("2026-01-01T00:00:00Z"),
    });
    const days = groupSlotsByDay(slots, "Pacific/Auckland");
    expect(Object.keys(days)).toEqual(["2026-01-12", "2026-01-13"]);
    expect(days["2026-01-12"].map((s) => s.start.slice(11, 16))).toEqual(["21:00", "22:00", "23:00"]);
    expect(days["2026-01-13"].map((s) => s.start.slice(11, 16))).toEqual(["00:00", "01:00", "02:00", "03:00", "04:00"]);
    expect(days["2026-01-12"][2]).toEqual({ start: "2026-01-12T23:00:00.000+13:00", end: "2026-01-13T00:00:00.000+13:00" });
  });

  it("writes each side of a DST change with its own offset", () => {
    const slots: Interval[] = [
      { start: at("2026-11-01T05:00:00Z"), end: at("2026-11-01T06:00:00Z") }, // 01:00 EDT – 01:00 EST
      { start: at("2026-11-01T06:00:00Z"), end: at("2026-11-01T07:00:00Z") },
    ];
    expect(groupSlotsByDay(slots, "America/New_York")).toEqual({
      "2026-11-01": [
        { start: "2026-11-01T01:00:00.000-04:00", end: "2026-11-01T01:00:00.000-05:00" },
        { start: "2026-11-01T01:00:00.000-05:00", end: "2026-11-01T02:00:00.000-05:00" },
      ],
    });
  });

  it("writes Z for the UTC zone and +00:00 for zones that happen to be at UTC", () => {
    const slot = [{ start: at("2026-01-05T09:00:00Z"), end: at("2026-01-05T09:30:00Z") }];
    expect(groupSlotsByDay(slot, "UTC")["2026-01-05"][0].start).toBe("2026-01-05T09:00:00.000Z");
    expect(groupSlotsByDay(slot, "Europe/London")["2026-01-05"][0].start).toBe("2026-01-05T09:00:00.000+00:00");
  });

  it("is empty for no slots and rejects unknown zones", () => {
    expect(groupSlotsByDay([], "UTC")).toEqual({});
    expect(() => groupSlotsByDay([], "Nowhere/Land")).toThrow(RangeError);
  });

  it("matches toZonedIso and zonedDateOf for every slot, in any order (property)", () => {
    const zones = [
      "UTC", "Etc/UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu",
      "America/St_Johns", "Pacific/Marquesas", "America/Santiago", "Pacific/Chatham", "Africa/Casablanca",
    ];
    const base = at("2026-01-01T00:00:00Z");
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 365 * 24 * 4 }), fc.integer({ min: 1, max: 48 })).map(([q, len]) => ({
            start: base + q * 15 * 60_000,
            end: base + q * 15 * 60_000 + len * HOUR / 4,
          })),
          { maxLength: 40 },
        ),
        fc.boolean(),
        (zone, raw, sort) => {
          const slots = sort ? [...raw].sort((a, b) => a.start - b.start) : raw;
          const grouped = groupSlotsByDay(slots, zone);
          const expected: Record<string, { start: string; end: string }[]> = {};
          for (const s of slots) {
            (expected[zonedDateOf(s.start, zone)] ??= []).push({ start: toZonedIso(s.start, zone), end: toZonedIso(s.end, zone) });
          }
          expect(grouped).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
