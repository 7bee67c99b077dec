/**
 * Property-based tests of the engine: random schedules (DST-heavy zones,
 * several intervals a day, overnight hours, overrides, out-of-office), random
 * policies (durations, slot intervals, both start alignments, buffers, notice,
 * all three booking windows, limits), random busy blocks (unsorted,
 * overlapping, empty, inverted), random bookings for the limits, and random
 * ranges — checked against a naive restatement of every rule.
 */
import fc from "fast-check";
import { IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import type { DateOverride, WeeklyInterval } from "../schedules/schedule-schema";
import {
  DAY_MS,
  MINUTE_MS,
  WEEKDAYS,
  addDays,
  formatTimeOfDay,
  mondayOf,
  parseTimeOfDay,
  startOfZonedDay,
  weekdayOfDate,
  zonedDateOf,
  zonedTimeToInstant,
} from "../time";
import { computeSlots } from "./compute-slots";
import { mergeIntervals, subtractIntervals } from "./intervals";
import { isSlotOffered } from "./is-slot-offered";
import { openHours } from "./open-hours";
import type { BookingLimits, BookingWindow, DateRange, Interval, PeriodLimit, SlotQuery } from "./types";

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

/** Overnight hours (end not after start), possibly beside a day range: the engine must cope with overlaps too. */
const overnight = fc
  .tuple(fc.integer({ min: 1, max: 287 }), fc.integer({ min: 0, max: 287 }))
  .filter(([a, b]) => b < a)
  .map(([a, b]) => [{ start: formatTimeOfDay(a * 5), end: formatTimeOfDay(b * 5) }]);

const weeklyArb = fc
  .tuple(
    ...WEEKDAYS.map(() =>
      fc.oneof(dayRanges, overnight, fc.tuple(dayRanges, overnight).map(([a, b]) => [...a, ...b]), fc.constant([{ start: "00:00", end: "24:00" }]), fc.constant([])),
    ),
  )
  .map((perDay) => perDay.flatMap((ranges, i) => ranges.map((r) => ({ day: WEEKDAYS[i], ...r })) as WeeklyInterval[]));

// Each period limited half of the time, with a count, booked minutes or both.
const periodLimitArb: fc.Arbitrary<PeriodLimit | undefined> = fc.option(
  fc.oneof(
    fc.record({ count: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ minutes: fc.integer({ min: 1, max: 96 }).map((n) => n * 5) }),
    fc.record({ count: fc.integer({ min: 1, max: 6 }), minutes: fc.integer({ min: 6, max: 120 }).map((n) => n * 5) }),
  ),
  { nil: undefined, freq: 2 },
);

interface Case extends SlotQuery {
  /** Alternatives to policy.durationMinutes, for offer == accept with durations. */
  otherDurations: number[];
}

const queryArb: fc.Arbitrary<Case> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    weekly: weeklyArb,
    overrideDays: fc.array(fc.tuple(fc.integer({ min: -2, max: 14 }), dayRanges), { maxLength: 4 }),
    ooo: fc.array(fc.tuple(fc.integer({ min: -3, max: 12 }), fc.integer({ min: 0, max: 4 })), { maxLength: 2 }),
    near: fc.constantFrom(...NEAR),
    nowShift: fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS }),
    rangeShift: fc.integer({ min: -2 * DAY_MS, max: 6 * DAY_MS }),
    rangeLength: fc.integer({ min: 0, max: 8 * DAY_MS }),
    durations: fc.uniqueArray(fc.integer({ min: 1, max: 36 }).map((n) => n * 5), { minLength: 1, maxLength: 3 }),
    interval: fc.option(fc.constantFrom(5, 10, 15, 20, 25, 30, 45, 60, 90, 120, 7), { nil: undefined }),
    align: fc.constantFrom("interval" as const, "interval" as const, "hour" as const),
    before: fc.constantFrom(0, 0, 5, 10, 15, 30, 60),
    after: fc.constantFrom(0, 0, 5, 10, 15, 30, 60),
    notice: fc.constantFrom(0, 0, 30, 120, 1440),
    window: fc.oneof(
      fc.constantFrom(1, 3, 7, 60, 60).map((days): BookingWindow => ({ type: "rolling", days })),
      fc.constantFrom(1, 2, 5, 60).map((days): BookingWindow => ({ type: "calendar_days", days })),
      fc.tuple(fc.integer({ min: -2, max: 4 }), fc.integer({ min: 0, max: 6 })).map(([s, n]) => ({ type: "range" as const, s, n })),
    ),
    limits: fc.option(fc.record({ perDay: periodLimitArb, perWeek: periodLimitArb, perMonth: periodLimitArb }), { nil: undefined, freq: 2 }),
    // Mostly near the range (so limits bite on some days and not others), some weeks away.
    bookings: fc.array(
      fc.tuple(fc.oneof(fc.integer({ min: -DAY_MS, max: 8 * DAY_MS }), fc.integer({ min: -35 * DAY_MS, max: 40 * DAY_MS })), fc.integer({ min: 1, max: 24 }).map((n) => n * 5)),
      { maxLength: 12 },
    ),
    busy: fc.array(
      fc.tuple(fc.integer({ min: -2 * DAY_MS, max: 12 * DAY_MS }), fc.integer({ min: -30, max: 600 })),
      { maxLength: 25 },
    ),
  })
  .map((r): Case => {
    const now = Date.parse(`${r.near}T00:00:00Z`) + r.nowShift;
    const nowDate = zonedDateOf(now, r.zone);
    const overrides: DateOverride[] = [];
    for (const [shift, intervals] of r.overrideDays) {
      const date = addDays(nowDate, shift);
      if (!overrides.some((o) => o.date === date)) overrides.push({ date, intervals });
    }
    const outOfOffice: DateRange[] = r.ooo.map(([shift, length]) => ({ start: addDays(nowDate, shift), end: addDays(nowDate, shift + length) }));
    const bookingWindow: BookingWindow =
      "type" in r.window && r.window.type !== "range"
        ? r.window
        : { type: "range", start: addDays(nowDate, (r.window as { s: number }).s), end: addDays(nowDate, (r.window as { s: number; n: number }).s + (r.window as { n: number }).n) };
    const start = now + r.rangeShift;
    const [durationMinutes, ...otherDurations] = r.durations;
    return {
      rules: { timeZone: r.zone, weekly: r.weekly, overrides, outOfOffice },
      policy: {
        durationMinutes,
        slotIntervalMinutes: r.interval,
        alignStartsTo: r.align,
        bufferBeforeMinutes: r.before,
        bufferAfterMinutes: r.after,
        minimumNoticeMinutes: r.notice,
        bookingWindow,
        limits: r.limits,
      },
      busy: r.busy.map(([offset, minutes]) => ({ start: start + offset, end: start + offset + minutes * MINUTE_MS })),
      eventTypeBookings: r.bookings.map(([offset, minutes]) => ({ start: start + offset, end: start + offset + minutes * MINUTE_MS })),
      range: { start, end: start + r.rangeLength },
      now,
      otherDurations,
    };
  });

/**
 * Cases where limits bite on some days and not others: open hours every day,
 * a wide window, a week or two of range, bookings of this event type inside
 * it (queryArb's other rules are so varied that few of its cases get there).
 */
const limitsQueryArb: fc.Arbitrary<Case> = fc
  .record({
    base: queryArb,
    hours: fc.constantFrom<[string, string][]>([["09:00", "17:00"]], [["08:00", "12:00"], ["13:00", "18:00"]], [["20:00", "02:00"]], [["00:00", "24:00"]]),
    days: fc.integer({ min: 3, max: 16 }),
    // Counts, and minutes as multiples of the duration (plus a little), per period.
    limits: fc.tuple(...[0, 1, 2].map(() => fc.option(fc.record({ count: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }), times: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }), extra: fc.integer({ min: 0, max: 20 }) }), { nil: undefined, freq: 3 }))),
    bookings: fc.array(fc.tuple(fc.integer({ min: -10 * DAY_MS, max: 20 * DAY_MS }), fc.integer({ min: 1, max: 12 }).map((n) => n * 5)), { minLength: 1, maxLength: 8 }),
  })
  .map(({ base, hours, days, limits, bookings }) => ({
    ...base,
    rules: { ...base.rules, weekly: WEEKDAYS.flatMap((day) => hours.map(([start, end]) => ({ day, start, end }))), overrides: [] },
    policy: {
      ...base.policy,
      minimumNoticeMinutes: 0,
      bookingWindow: { type: "rolling", days: 60 },
      limits: Object.fromEntries(
        (["perDay", "perWeek", "perMonth"] as const).flatMap((kind, i) => {
          const l = limits[i];
          if (!l) return [];
          const minutes = l.times === undefined ? undefined : l.times * base.policy.durationMinutes + l.extra;
          return [[kind, { count: l.count, minutes }]];
        }),
      ),
    },
    busy: [],
    range: { start: base.now, end: base.now + days * DAY_MS },
    eventTypeBookings: bookings.map(([offset, minutes]) => ({ start: base.now + offset, end: base.now + offset + minutes * MINUTE_MS })),
  }));

const RUNS = { numRuns: 250 };

// ---------------------------------------------------------------------------
// The naive restatement: no sweep, no jumps, no shared helpers of the engine.

/** Every open instant from the dates' own rules, boundary by boundary through zonedTimeToInstant. */
function naiveOpenTime(q: SlotQuery, firstDate: string, lastDate: string): Interval[] {
  const { timeZone: zone, weekly, overrides, outOfOffice = [] } = q.rules;
  const open: Interval[] = [];
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    const override = overrides.find((o) => o.date === date);
    const ranges = override ? override.intervals : weekly.filter((w) => w.day === weekdayOfDate(date));
    for (const r of ranges) {
      const s = parseTimeOfDay(r.start)!;
      const e = parseTimeOfDay(r.end)!;
      const end = e > s ? zonedTimeToInstant(date, e, zone) : zonedTimeToInstant(addDays(date, 1), e, zone);
      open.push({ start: zonedTimeToInstant(date, s, zone), end });
    }
  }
  const away: Interval[] = [];
  for (const r of outOfOffice) {
    away.push({ start: startOfZonedDay(r.start, zone), end: startOfZonedDay(addDays(r.end, 1), zone) });
  }
  return subtractIntervals(mergeIntervals(open), away);
}

/** Candidate starts of the "hour" grid: instants whose local wall time is k·step after their date's midnight. */
function wallClockGrid(zone: string, firstDate: string, lastDate: string, step: number): number[] {
  const z = IANAZone.create(zone);
  const result = new Set<number>();
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    const midnight = Date.parse(`${date}T00:00:00Z`);
    for (let m = 0; m < 1440; m += step) {
      const wall = midnight + m * MINUTE_MS;
      for (const o of new Set([z.offset(wall - DAY_MS), z.offset(wall + DAY_MS), z.offset(wall)])) {
        const t = wall - o * MINUTE_MS;
        if (z.offset(t) === o) result.add(t);
      }
    }
  }
  return [...result].sort((a, b) => a - b);
}

function periodKeys(instant: number, zone: string) {
  const date = zonedDateOf(instant, zone);
  return { perDay: date, perWeek: mondayOf(date), perMonth: date.slice(0, 7) };
}

function oracle(q: SlotQuery): number[] {
  const { policy, range, now } = q;
  const zone = q.rules.timeZone;
  const duration = policy.durationMinutes * MINUTE_MS;
  const stepMinutes = policy.slotIntervalMinutes ?? policy.durationMinutes;
  const step = stepMinutes * MINUTE_MS;
  const firstDate = zonedDateOf(range.start - 7 * DAY_MS, zone);
  const lastDate = zonedDateOf(range.end + duration + DAY_MS, zone);
  const runs = naiveOpenTime(q, firstDate, lastDate);

  let candidates: number[] = [];
  if (policy.alignStartsTo === "hour") {
    candidates = wallClockGrid(zone, firstDate, lastDate, stepMinutes);
  } else {
    for (const run of runs) {
      // Restarts: midnights inside the run after a whole local date of it.
      const anchors = [run.start];
      for (let date = zonedDateOf(run.start, zone); date <= lastDate; date = addDays(date, 1)) {
        const m = startOfZonedDay(addDays(date, 1), zone);
        if (m >= run.end) break;
        if (m > run.start && run.start <= startOfZonedDay(date, zone)) anchors.push(m);
      }
      anchors.forEach((anchor, i) => {
        const until = anchors[i + 1] ?? run.end;
        for (let s = anchor; s < until; s += step) candidates.push(s);
      });
    }
  }

  const w = policy.bookingWindow;
  const inWindow = (s: number) =>
    w.type === "rolling"
      ? s < now + w.days * DAY_MS
      : w.type === "calendar_days"
        ? s < startOfZonedDay(addDays(zonedDateOf(now, zone), w.days), zone)
        : zonedDateOf(s, zone) >= w.start && zonedDateOf(s, zone) <= w.end;

  const limits: BookingLimits = policy.limits ?? {};
  const booked = (q.eventTypeBookings ?? []).map((b) => ({ keys: periodKeys(b.start, zone), minutes: (b.end - b.start) / MINUTE_MS }));
  const withinLimits = (s: number) => {
    const keys = periodKeys(s, zone);
    return (["perDay", "perWeek", "perMonth"] as const).every((kind) => {
      const limit = limits[kind];
      if (!limit) return true;
      const same = booked.filter((b) => b.keys[kind] === keys[kind]);
      const minutes = same.reduce((sum, b) => sum + b.minutes, 0);
      return (limit.count === undefined || same.length < limit.count) && (limit.minutes === undefined || minutes + policy.durationMinutes <= limit.minutes);
    });
  };

  const busy = q.busy.filter((b) => b.end > b.start);
  const result: number[] = [];
  for (const s of candidates) {
    const ok =
      runs.some((r) => r.start <= s && s + duration <= r.end) &&
      s >= range.start &&
      s < range.end &&
      s >= now + policy.minimumNoticeMinutes * MINUTE_MS &&
      inWindow(s) &&
      busy.every(
        (b) => !(b.start < s + duration + policy.bufferAfterMinutes * MINUTE_MS && b.end > s - policy.bufferBeforeMinutes * MINUTE_MS),
      ) &&
      withinLimits(s);
    if (ok) result.push(s);
  }
  return [...new Set(result)].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------

describe("computeSlots (properties)", () => {
  it("equals the naive statement of the rules", () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        expect(computeSlots(q).map((s) => s.start)).toEqual(oracle(q));
      }),
      RUNS,
    );
  });

  it("equals the naive statement of the rules when limits bite", () => {
    fc.assert(
      fc.property(limitsQueryArb, (q) => {
        expect(computeSlots(q).map((s) => s.start)).toEqual(oracle(q));
      }),
      { numRuns: 100 },
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

  it("puts every slot inside one open interval, never on an out-of-office date, within range and notice", () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const zone = q.rules.timeZone;
        const open = openHours(q.rules, { start: q.range.start - 3 * DAY_MS, end: q.range.end + 4 * DAY_MS });
        for (const s of computeSlots(q)) {
          expect(open.some((o) => o.start <= s.start && s.end <= o.end)).toBe(true);
          for (const r of q.rules.outOfOffice ?? []) {
            const away = { start: startOfZonedDay(r.start, zone), end: startOfZonedDay(addDays(r.end, 1), zone) };
            expect(s.start < away.end && s.end > away.start).toBe(false);
          }
          expect(s.start).toBeGreaterThanOrEqual(q.range.start);
          expect(s.start).toBeLessThan(q.range.end);
          expect(s.start).toBeGreaterThanOrEqual(q.now + q.policy.minimumNoticeMinutes * MINUTE_MS);
        }
      }),
      RUNS,
    );
  });

  it("never lets one more booking of an offered slot exceed a limit", () => {
    fc.assert(
      fc.property(fc.oneof(queryArb, limitsQueryArb), (q) => {
        const zone = q.rules.timeZone;
        const limits = q.policy.limits ?? {};
        const slots = computeSlots(q);
        const sample = slots.filter((_, i) => i % Math.ceil(slots.length / 20 || 1) === 0);
        for (const s of sample) {
          const keys = periodKeys(s.start, zone);
          const after = [...(q.eventTypeBookings ?? []), s];
          for (const kind of ["perDay", "perWeek", "perMonth"] as const) {
            const limit = limits[kind];
            if (!limit) continue;
            const same = after.filter((b) => periodKeys(b.start, zone)[kind] === keys[kind]);
            if (limit.count !== undefined) expect(same.length).toBeLessThanOrEqual(limit.count);
            if (limit.minutes !== undefined) expect(same.reduce((m, b) => m + (b.end - b.start) / MINUTE_MS, 0)).toBeLessThanOrEqual(limit.minutes);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("never gains a slot when a busy block or a counted booking is added", () => {
    fc.assert(
      fc.property(queryArb, fc.integer({ min: -DAY_MS, max: 8 * DAY_MS }), fc.integer({ min: 0, max: 300 }), (q, offset, minutes) => {
        const extra = { start: q.range.start + offset, end: q.range.start + offset + minutes * MINUTE_MS };
        const before = new Set(computeSlots(q).map((s) => s.start));
        for (const s of computeSlots({ ...q, busy: [...q.busy, extra] })) expect(before.has(s.start)).toBe(true);
        for (const s of computeSlots({ ...q, eventTypeBookings: [...(q.eventTypeBookings ?? []), extra] })) expect(before.has(s.start)).toBe(true);
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

  it("agrees with isSlotOffered for every duration option: offered starts, near misses and random instants", () => {
    fc.assert(
      fc.property(queryArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }), (q, fractions) => {
        for (const durationMinutes of [q.policy.durationMinutes, ...q.otherDurations]) {
          const { range, otherDurations: _o, ...base } = q;
          const rest = { ...base, policy: { ...q.policy, durationMinutes } };
          const slots = computeSlots({ ...rest, range });
          const offered = new Set(slots.map((s) => s.start));
          const step = (q.policy.slotIntervalMinutes ?? durationMinutes) * MINUTE_MS;
          // Every offered start would be slow for 24/7 schedules; a spread of 25 is plenty.
          const sample = slots.filter((_, i) => i % Math.ceil(slots.length / 25) === 0);
          const probes = [
            ...sample.flatMap((s) => [s.start, s.start - 1, s.start + 1, s.start + step, s.start - step, s.start + 5 * MINUTE_MS]),
            ...fractions.map((f) => range.start + Math.floor(f * (range.end - range.start))),
          ].filter((x) => x >= range.start && x < range.end);
          for (const x of probes) expect(isSlotOffered(rest, x)).toBe(offered.has(x));
        }
      }),
      { numRuns: 150 },
    );
  });
});
