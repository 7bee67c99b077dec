/**
 * Property-based tests of the engine: random schedules (DST-heavy zones,
 * several intervals a day, overrides), random policies, random busy blocks
 * (unsorted, overlapping, empty, inverted) and random ranges.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DateOverride, WeeklyInterval } from "../schedules/schedule-schema";
import { DAY_MS, MINUTE_MS, WEEKDAYS, addDays, formatTimeOfDay, zonedDateOf } from "../time";
import { computeSlots } from "./compute-slots";
import { mergeIntervals } from "./intervals";
import { isSlotOffered } from "./is-slot-offered";
import { openDays, openHours } from "./open-hours";
import type { Interval, SlotQuery } from "./types";

const ZONES = [
  "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu",
  "America/Santiago", "Africa/Casablanca", "Pacific/Chatham", "UTC",
];
// Dates near DST changes of those zones, so transitions show up often.
const NEAR = ["2026-03-06", "2026-03-27", "2026-04-03", "2026-09-04", "2026-10-02", "2026-10-23", "2026-10-30", "2026-06-15", "2026-12-30"];

/** Non-overlapping "HH:MM" ranges on a 5-minute grid (the shape the schedule schema accepts). */
const dayRanges = fc
  .uniqueArray(fc.integer({ min: 0, max: 288 }), { minLength: 0, maxLength: 6 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const ranges: { start: string; end: string }[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      ranges.push({ start: formatTimeOfDay(sorted[i] * 5), end: formatTimeOfDay(sorted[i + 1] * 5) });
    }
    return ranges;
  });

const weeklyArb = fc
  .tuple(...WEEKDAYS.map(() => fc.oneof(dayRanges, fc.constant([{ start: "00:00", end: "24:00" }]), fc.constant([]))))
  .map((perDay) => perDay.flatMap((ranges, i) => ranges.map((r) => ({ day: WEEKDAYS[i], ...r })) as WeeklyInterval[]));

const queryArb = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    weekly: weeklyArb,
    overrideDays: fc.array(fc.tuple(fc.integer({ min: -2, max: 14 }), dayRanges), { maxLength: 4 }),
    near: fc.constantFrom(...NEAR),
    nowShift: fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS }),
    rangeShift: fc.integer({ min: -2 * DAY_MS, max: 6 * DAY_MS }),
    rangeLength: fc.integer({ min: 0, max: 8 * DAY_MS }),
    duration: fc.integer({ min: 1, max: 36 }).map((n) => n * 5),
    interval: fc.option(fc.integer({ min: 1, max: 24 }).map((n) => n * 5), { nil: undefined }),
    before: fc.constantFrom(0, 0, 5, 10, 15, 30, 60),
    after: fc.constantFrom(0, 0, 5, 10, 15, 30, 60),
    notice: fc.constantFrom(0, 0, 30, 120, 1440),
    windowDays: fc.constantFrom(1, 3, 7, 60),
    busy: fc.array(
      fc.tuple(fc.integer({ min: -2 * DAY_MS, max: 12 * DAY_MS }), fc.integer({ min: -30, max: 600 })),
      { maxLength: 25 },
    ),
  })
  .map((r): SlotQuery => {
    const now = Date.parse(`${r.near}T00:00:00Z`) + r.nowShift;
    const nowDate = zonedDateOf(now, r.zone);
    const overrides: DateOverride[] = [];
    for (const [shift, intervals] of r.overrideDays) {
      const date = addDays(nowDate, shift);
      if (!overrides.some((o) => o.date === date)) overrides.push({ date, intervals });
    }
    const start = now + r.rangeShift;
    return {
      rules: { timeZone: r.zone, weekly: r.weekly, overrides },
      policy: {
        durationMinutes: r.duration,
        slotIntervalMinutes: r.interval,
        bufferBeforeMinutes: r.before,
        bufferAfterMinutes: r.after,
        minimumNoticeMinutes: r.notice,
        bookingWindowDays: r.windowDays,
      },
      busy: r.busy.map(([offset, minutes]) => ({ start: start + offset, end: start + offset + minutes * MINUTE_MS })),
      range: { start, end: start + r.rangeLength },
      now,
    };
  });

const RUNS = { numRuns: 250 };

/**
 * A deliberately naive re-statement of the rules (no sweep, no jumps): every
 * grid point of every open run, checked against every busy block.
 */
function oracle(q: SlotQuery): number[] {
  const { policy, range, now } = q;
  const duration = policy.durationMinutes * MINUTE_MS;
  const step = (policy.slotIntervalMinutes ?? policy.durationMinutes) * MINUTE_MS;
  const days = openDays(
    q.rules,
    zonedDateOf(range.start - 3 * DAY_MS, q.rules.timeZone),
    zonedDateOf(range.end + duration + DAY_MS, q.rules.timeZone),
  );
  const runs = mergeIntervals(days.flatMap((d) => d.intervals));
  // Grid restarts: midnights after an all-day-open day, inside open time.
  const restarts = days.filter((d, i) => i > 0 && days[i - 1].allDay && d.intervals[0]?.start === d.start).map((d) => d.start);
  const busy = q.busy.filter((b) => b.end > b.start);
  const result: number[] = [];
  for (const run of runs) {
    const anchors = [run.start, ...restarts.filter((m) => m > run.start && m < run.end)];
    anchors.forEach((anchor, i) => {
      const until = anchors[i + 1] ?? run.end;
      for (let s = anchor; s < until; s += step) {
        const ok =
          s + duration <= run.end &&
          s >= range.start &&
          s < range.end &&
          s >= now + policy.minimumNoticeMinutes * MINUTE_MS &&
          s < now + policy.bookingWindowDays * DAY_MS &&
          busy.every(
            (b) =>
              !(b.start < s + duration + policy.bufferAfterMinutes * MINUTE_MS && b.end > s - policy.bufferBeforeMinutes * MINUTE_MS),
          );
        if (ok) result.push(s);
      }
    });
  }
  return result.sort((a, b) => a - b);
}

describe("computeSlots (properties)", () => {
  it("equals the naive statement of the rules", () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        expect(computeSlots(q).map((s) => s.start)).toEqual(oracle(q));
      }),
      RUNS,
    );
  });

  it("is sorted, unique, and every slot lasts the duration", () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const slots = computeSlots(q);
        slots.forEach((s, i) => {
          expect(s.end - s.start).toBe(q.policy.durationMinutes * MINUTE_MS);
          if (i > 0) expect(s.start).toBeGreaterThan(slots[i - 1].start);
        });
      }),
      RUNS,
    );
  });

  it("never overlaps busy time ± buffers", () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const before = q.policy.bufferBeforeMinutes * MINUTE_MS;
        const after = q.policy.bufferAfterMinutes * MINUTE_MS;
        for (const s of computeSlots(q)) {
          for (const b of q.busy) {
            if (b.end <= b.start) continue;
            expect(b.start < s.end + after && b.end > s.start - before).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it("puts every slot inside one open interval, within range, notice and window", () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const open = openHours(q.rules, { start: q.range.start - 3 * DAY_MS, end: q.range.end + 4 * DAY_MS });
        for (const s of computeSlots(q)) {
          expect(open.some((o) => o.start <= s.start && s.end <= o.end)).toBe(true);
          expect(s.start).toBeGreaterThanOrEqual(q.range.start);
          expect(s.start).toBeLessThan(q.range.end);
          expect(s.start).toBeGreaterThanOrEqual(q.now + q.policy.minimumNoticeMinutes * MINUTE_MS);
          expect(s.start).toBeLessThan(q.now + q.policy.bookingWindowDays * DAY_MS);
        }
      }),
      RUNS,
    );
  });

  it("never gains a slot when a busy block is added", () => {
    fc.assert(
      fc.property(queryArb, fc.integer({ min: -DAY_MS, max: 8 * DAY_MS }), fc.integer({ min: 0, max: 300 }), (q, offset, minutes) => {
        const extra = { start: q.range.start + offset, end: q.range.start + offset + minutes * MINUTE_MS };
        const before = new Set(computeSlots(q).map((s) => s.start));
        for (const s of computeSlots({ ...q, busy: [...q.busy, extra] })) expect(before.has(s.start)).toBe(true);
      }),
      RUNS,
    );
  });

  it("gives the same slots for a sub-range as the whole range restricted to it", () => {
    fc.assert(
      fc.property(queryArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (q, a, b) => {
        const length = q.range.end - q.range.start;
        const sub: Interval = {
          start: q.range.start + Math.floor(Math.min(a, b) * length),
          end: q.range.start + Math.floor(Math.max(a, b) * length),
        };
        const whole = computeSlots(q).filter((s) => s.start >= sub.start && s.start < sub.end);
        expect(computeSlots({ ...q, range: sub })).toEqual(whole);
      }),
      RUNS,
    );
  });

  it("agrees with isSlotOffered for offered starts, near misses and random instants", () => {
    fc.assert(
      fc.property(queryArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }), (q, fractions) => {
        const { range, ...rest } = q;
        const slots = computeSlots(q);
        const offered = new Set(slots.map((s) => s.start));
        const step = (q.policy.slotIntervalMinutes ?? q.policy.durationMinutes) * MINUTE_MS;
        // Every offered start would be slow for 24/7 schedules; a spread of 25 is plenty.
        const sample = slots.filter((_, i) => i % Math.ceil(slots.length / 25) === 0);
        const probes = [
          ...sample.flatMap((s) => [s.start, s.start - 1, s.start + 1, s.start + step, s.start - step]),
          ...fractions.map((f) => range.start + Math.floor(f * (range.end - range.start))),
        ].filter((x) => x >= range.start && x < range.end);
        for (const x of probes) expect(isSlotOffered(rest, x)).toBe(offered.has(x));
      }),
      { numRuns: 150 },
    );
  });
});
