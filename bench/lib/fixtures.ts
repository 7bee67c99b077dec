/**
 * The benchmark's data, generated from a fixed seed so every run (and the
 * in-process and HTTP cases) measures the same thing.
 */
import type { AvailabilityRules, Interval, SlotPolicy } from "../../lib/availability/types";
import { MINUTE_MS, WEEKDAYS, addDays, startOfZonedDay, todayIn } from "../../lib/time";

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` disjoint busy blocks inside `span`, whole minutes, each lasting
 * minMinutes–maxMinutes, in runs of `runLength` back-to-back blocks (a
 * morning of consecutive meetings; touching ranges do not overlap, so the
 * bookings' exclusion constraint accepts them). The span is cut into one cell
 * per run and each run is placed at random inside its cell: disjoint by
 * construction. Returned in shuffled order, as a database hands rows back in
 * no particular order.
 */
export function busyBlocks(count: number, span: Interval, seed: number, minMinutes: number, maxMinutes: number, runLength = 1): Interval[] {
  const random = seededRandom(seed);
  const runs = Math.ceil(count / runLength);
  const cellMinutes = Math.floor((span.end - span.start) / MINUTE_MS / runs);
  if (cellMinutes <= runLength * maxMinutes) throw new RangeError(`${runs} runs of ${runLength} × ≤ ${maxMinutes} min do not fit the span.`);
  const blocks: Interval[] = [];
  for (let run = 0; run < runs; run++) {
    const lengths = Array.from({ length: Math.min(runLength, count - blocks.length) }, () => minMinutes + Math.floor(random() * (maxMinutes - minMinutes + 1)));
    const total = lengths.reduce((a, b) => a + b, 0);
    let start = span.start + (run * cellMinutes + Math.floor(random() * (cellMinutes - total))) * MINUTE_MS;
    for (const length of lengths) {
      blocks.push({ start, end: start + length * MINUTE_MS });
      start += length * MINUTE_MS;
    }
  }
  for (let i = blocks.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [blocks[i], blocks[j]] = [blocks[j], blocks[i]];
  }
  return blocks;
}

/** The guest's next `days` days, starting tomorrow in their zone. */
export function guestWindow(guestZone: string, days: number, now: number) {
  const startDate = addDays(todayIn(guestZone, now), 1);
  const endDate = addDays(startDate, days - 1);
  const range: Interval = { start: startOfZonedDay(startDate, guestZone), end: startOfZonedDay(addDays(endDate, 1), guestZone) };
  return { startDate, endDate, range };
}

/**
 * Case 1: one host, open every day 08:00–20:00 in Berlin, a 15-minute event
 * on a 15-minute grid with 5-minute buffers and 2 h notice, a guest in New
 * York asking for 31 days, and 2 000 busy blocks (5–20 min, in runs of 8
 * back to back: about a third of the time is busy) in those days.
 */
export const singleHost = {
  hostZone: "Europe/Berlin",
  guestZone: "America/New_York",
  days: 31,
  busyCount: 2000,
  rules(): AvailabilityRules {
    return { timeZone: this.hostZone, weekly: WEEKDAYS.map((day) => ({ day, start: "08:00", end: "20:00" })), overrides: [] };
  },
  policy: {
    durationMinutes: 15,
    slotIntervalMinutes: 15,
    minimumNoticeMinutes: 120,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 5,
    bookingWindow: { type: "rolling", days: 60 },
  } satisfies SlotPolicy,
  busy(range: Interval): Interval[] {
    return busyBlocks(this.busyCount, range, 20261121, 5, 20, 8);
  },
};

/**
 * Case 3: 50 hosts in 10 zones (Europe and the Americas, so their days
 * overlap), each open Monday–Friday 09:00–17:00 local with 1 000 busy blocks
 * (10–30 min, in runs of 4) over the same 31 days.
 */
export const team = {
  hosts: 50,
  busyPerHost: 1000,
  days: 31,
  zones: [
    "Europe/Berlin", "Europe/London", "Europe/Paris", "Europe/Madrid", "Europe/Warsaw",
    "Europe/Lisbon", "America/New_York", "America/Toronto", "America/Sao_Paulo", "Atlantic/Reykjavik",
  ],
  rules(host: number): AvailabilityRules {
    const weekdays = WEEKDAYS.slice(0, 5);
    return { timeZone: this.zones[host % this.zones.length], weekly: weekdays.map((day) => ({ day, start: "09:00", end: "17:00" })), overrides: [] };
  },
  policy: {
    durationMinutes: 30,
    slotIntervalMinutes: 15,
    minimumNoticeMinutes: 0,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    bookingWindow: { type: "rolling", days: 60 },
  } satisfies SlotPolicy,
  busy(host: number, range: Interval): Interval[] {
    return busyBlocks(this.busyPerHost, range, 1000 + host, 10, 30, 4);
  },
};
