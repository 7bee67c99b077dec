/**
 * Seats: several guests share one meeting of a seated event type. A meeting
 * with a seat left stays offered at its own start; other starts that would
 * overlap it are not; a full meeting blocks like any booking.
 */
import { describe, expect, it } from "vitest";
import { computeSlots } from "./compute-slots";
import { isSlotOffered } from "./is-slot-offered";
import type { SeatedMeeting, SlotPolicy, SlotQuery } from "./types";

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

const policy: SlotPolicy = {
  durationMinutes: 60,
  minimumNoticeMinutes: 0,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  bookingWindow: { type: "rolling", days: 60 },
};

/** Monday 2 March 2026, Berlin 09:00–13:00, hourly meetings of 60 minutes. */
function query(meetings: SeatedMeeting[], extra: Partial<SlotQuery> = {}, capacity = 3): SlotQuery {
  return {
    rules: { timeZone: "Europe/Berlin", weekly: [{ day: "monday", start: "09:00", end: "13:00" }], overrides: [] },
    policy,
    busy: [],
    seats: { capacity, meetings },
    range: { start: at("2026-03-02T00:00:00+01:00"), end: at("2026-03-03T00:00:00+01:00") },
    now: at("2026-03-01T00:00:00Z"),
    ...extra,
  };
}

function meeting(startIso: string, minutes: number, taken: number, buffers: [number, number] = [0, 0]): SeatedMeeting {
  const start = at(startIso);
  const end = start + minutes * MIN;
  return { start, end, taken, blocked: { start: start - buffers[0] * MIN, end: end + buffers[1] * MIN } };
}

/** [UTC start "HH:MM", seats left] — Berlin is UTC+1 in March: 09:00 there is 08:00 here. */
const view = (q: SlotQuery) => computeSlots(q).map((s) => [new Date(s.start).toISOString().slice(11, 16), s.seatsRemaining]);

describe("computeSlots with seats", () => {
  it("offers every fresh time with all seats, and a started meeting with the seats it has left", () => {
    expect(view(query([]))).toEqual([["08:00", 3], ["09:00", 3], ["10:00", 3], ["11:00", 3]]);
    expect(view(query([meeting("2026-03-02T10:00:00+01:00", 60, 2)]))).toEqual([["08:00", 3], ["09:00", 1], ["10:00", 3], ["11:00", 3]]);
  });

  it("drops a meeting once it is full; then it blocks like a booking", () => {
    expect(view(query([meeting("2026-03-02T10:00:00+01:00", 60, 3)]))).toEqual([["08:00", 3], ["10:00", 3], ["11:00", 3]]);
  });

  it("blocks fresh starts that overlap a meeting (and its buffers), while the meeting itself stays joinable", () => {
    // A 09:30–10:30 meeting (the grid moved since) holding 09:30–10:45: fresh 09:00 and 10:00 overlap it.
    const q = query([meeting("2026-03-02T09:30:00+01:00", 60, 1, [0, 15])]);
    expect(view(q)).toEqual([["08:30", 2], ["10:00", 3], ["11:00", 3]]);
  });

  it("offers a meeting only for its own length, inside notice, window and range", () => {
    const m = meeting("2026-03-02T10:00:00+01:00", 60, 1);
    expect(view(query([m], { policy: { ...policy, durationMinutes: 30 } })).map(([t]) => t)).not.toContain("09:00");
    // Minimum notice reaching past its start.
    expect(view(query([m], { now: at("2026-03-02T10:30:00+01:00") }))).toEqual([["10:00", 3], ["11:00", 3]]);
    // Outside the range asked about.
    expect(view(query([m], { range: { start: at("2026-03-02T11:00:00+01:00"), end: at("2026-03-03T00:00:00+01:00") } }))).toEqual([["10:00", 3], ["11:00", 3]]);
  });

  it("keeps a meeting joinable when the host's hours, other busy time or limits changed since (it already exists)", () => {
    const m = meeting("2026-03-02T12:00:00+01:00", 60, 1);
    const q = query([m], {
      rules: { timeZone: "Europe/Berlin", weekly: [{ day: "monday", start: "09:00", end: "11:00" }], overrides: [] },
      busy: [{ start: at("2026-03-02T12:00:00+01:00"), end: at("2026-03-02T13:00:00+01:00") }],
      policy: { ...policy, limits: { perDay: { count: 1 } } },
      eventTypeBookings: [{ start: m.start, end: m.end }],
    });
    expect(view(q)).toEqual([["11:00", 2]]);
  });

  it("isSlotOffered agrees with the list: a joinable meeting's start yes, overlapping starts no", () => {
    const q = query([meeting("2026-03-02T09:30:00+01:00", 60, 1)]);
    const { range: _range, ...rest } = q;
    expect(isSlotOffered(rest, at("2026-03-02T09:30:00+01:00"))).toBe(true);
    expect(isSlotOffered(rest, at("2026-03-02T09:00:00+01:00"))).toBe(false);
    expect(isSlotOffered(rest, at("2026-03-02T11:00:00+01:00"))).toBe(true);
    const full = query([meeting("2026-03-02T09:30:00+01:00", 60, 3)]);
    const { range: _r, ...fullRest } = full;
    expect(isSlotOffered(fullRest, at("2026-03-02T09:30:00+01:00"))).toBe(false);
  });

  it("leaves event types without seats unchanged: no seatsRemaining", () => {
    const { seats: _seats, ...plain } = query([]);
    expect(computeSlots(plain).every((s) => s.seatsRemaining === undefined)).toBe(true);
  });
});
