/**
 * The availability engine: which start times a guest may book.
 *
 * A slot [s, s + duration) is offered iff
 * - s is on the grid of its open interval (see "Grid" below), stepping by
 *   `slotIntervalMinutes` (default: the duration);
 * - the slot lies inside one stretch of open time (open-hours.ts: weekly
 *   hours, overnight hours, overrides, out-of-office);
 * - its padded range [s − bufferBefore, s + duration + bufferAfter) overlaps no
 *   busy interval — the rule the bookings' exclusion constraint enforces, so
 *   what is offered is what can be booked;
 * - s ≥ now + minimumNotice, and s lies in the booking window
 *   (booking-window.ts: rolling days, calendar days or a date range);
 * - no limit rules s out (booking-limits.ts: bookings and booked minutes per
 *   local day / week / month of this event type);
 * - s ∈ [range.start, range.end).
 *
 * Grid, alignStartsTo = "interval" (the default): candidates are the start of
 * each stretch of open time plus whole steps. Stretches of consecutive days
 * join, so a 22:00–02:00 night shift offers 22:00, 23:30, … for 90-minute
 * meetings. A stretch that goes on through whole days (24/7 hosts) would make
 * the grid depend on where it began, possibly weeks back; instead the grid
 * restarts at every local midnight that follows a local day open from its
 * first instant to its last. Steps are in real time, so across a DST change
 * inside a stretch the wall-clock times shift with the offset.
 *
 * Grid, alignStartsTo = "hour": candidates are the instants whose wall-clock
 * time in the schedule's zone is a whole number of steps after that date's
 * midnight — the clock's own grid. With a step dividing 60 (5, 10, 15, 20, 30,
 * 60) every local hour starts on its top: 09:10–12:00 every 20 minutes offers
 * 09:20, 09:40, 10:00 …; with 45 or 90 the grid is 09:00, 09:45, 10:30 … and
 * 09:00, 10:30, 12:00 …; a step that does not divide a day restarts at each
 * midnight. DST: a wall time that does not exist is never offered (New York's
 * 8 March has no 02:00 or 02:30); one that happens twice is offered at both
 * instants (1 November, 01:00 EDT and 01:00 EST); after a 30-minute shift
 * (Lord Howe) starts stay on the tops of the new local hours.
 *
 * Both grids depend only on the rules, never on the range asked about: that
 * is what lets `isSlotOffered` agree exactly with a calendar of slots.
 *
 * Seats (q.seats, capacity > 1): a new meeting is offered by the rules above,
 * with every existing meeting of the event type counting as busy; and each
 * existing meeting with a seat left is offered at its own start, for its own
 * length, while it is inside the notice, the window and the range — whatever
 * the hours, the grid, other busy time or the limits say now: the meeting
 * already exists, and another guest joining it takes none of the host's time.
 *
 * Cost: one zone-offset lookup per local day in range (open-hours.ts; luxon
 * converts boundaries only on DST days), a sort of the busy intervals, then
 * one sweep over candidate starts with pointers that only move forward
 * through the busy list and the closed-by-limits list; a blocked candidate
 * jumps straight past its block.
 */
import { MINUTE_MS, addDays, isValidTimeZone, zonedDateOf } from "../time";
import { wallClockPieces } from "../time/zoned-days";
import { limitClosedStarts } from "./booking-limits";
import { bookingWindowBounds } from "./booking-window";
import { mergeIntervals } from "./intervals";
import { openDays, type OpenDay } from "./open-hours";
import { START_ALIGNMENTS, type AvailabilityRules, type Interval, type Slot, type SlotQuery, type StartAlignment } from "./types";

/** A stretch of one open interval whose candidate starts share one grid. */
interface GridSegment {
  /** Grid origin: candidates are anchor + k·step (the anchor may lie before `from`). */
  anchor: number;
  /** Candidates start at or after this. */
  from: number;
  /** Candidates start before this. */
  until: number;
  /** End of the open interval: a slot must end by then. */
  openEnd: number;
}

function wholeMinutes(value: number | null | undefined, name: string, min: number): number {
  if (value === undefined || value === null || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number ≥ ${min} (got ${value}).`);
  }
  return value;
}

/** Stretches anchored at their open interval's start, restarting after whole open days. */
function intervalSegments(runs: readonly Interval[], days: readonly OpenDay[]): GridSegment[] {
  const segments: GridSegment[] = [];
  let d = 1;
  for (const run of runs) {
    const anchors = [run.start];
    // Midnights strictly inside the run whose previous local day the run
    // covers entirely (days[0]'s previous day is unknown, and not needed:
    // gridSegments scans from two days before any candidate).
    while (d < days.length && days[d].start <= run.start) d++;
    for (let k = d; k < days.length && days[k].start < run.end; k++) {
      if (run.start <= days[k - 1].start) anchors.push(days[k].start);
    }
    anchors.forEach((anchor, i) =>
      segments.push({ anchor, from: anchor, until: i + 1 < anchors.length ? anchors[i + 1] : run.end, openEnd: run.end }),
    );
  }
  return segments;
}

/** Stretches cut at local midnights and offset changes, each anchored at its wall-clock midnight. */
function hourSegments(runs: readonly Interval[], days: readonly OpenDay[], zone: string): GridSegment[] {
  const pieces = days.flatMap((day) => wallClockPieces(day, zone));
  const segments: GridSegment[] = [];
  let p = 0;
  for (const run of runs) {
    while (p < pieces.length && pieces[p].end <= run.start) p++;
    for (let k = p; k < pieces.length && pieces[k].start < run.end; k++) {
      const piece = pieces[k];
      segments.push({
        anchor: piece.midnight,
        from: Math.max(run.start, piece.start),
        until: Math.min(run.end, piece.end),
        openEnd: run.end,
      });
    }
  }
  return segments;
}

/**
 * Grid segments of the open time around [from, to]. Scanning starts two
 * local dates before `from`'s: a candidate's anchor is never before the start
 * of the day before its own (if its stretch began earlier, that whole day is
 * open and the grid restarted at the following midnight), and whether that
 * day is whole depends on the overnight hours of the day before it. So the
 * result does not depend on how far back one looks.
 */
function gridSegments(rules: AvailabilityRules, from: number, to: number, align: StartAlignment): GridSegment[] {
  const zone = rules.timeZone;
  const firstDate = addDays(zonedDateOf(from, zone), -2);
  const lastDate = zonedDateOf(to, zone);
  const days = openDays(rules, firstDate, lastDate);
  const runs = mergeIntervals(days.flatMap((d) => d.intervals));
  return align === "hour" ? hourSegments(runs, days, zone) : intervalSegments(runs, days);
}

/** Offered slots whose start lies in `q.range`: sorted, unique. Seated event types say the seats left of each. */
export function computeSlots(q: SlotQuery): Slot[] {
  if (!q.seats) return newMeetingSlots(q, q.busy);
  const { capacity, meetings } = q.seats;
  const fresh: Slot[] = newMeetingSlots(q, meetings.length === 0 ? q.busy : [...q.busy, ...meetings.map((m) => m.blocked)]);
  for (const slot of fresh) slot.seatsRemaining = capacity;

  const duration = q.policy.durationMinutes * MINUTE_MS;
  const { earliest, latest } = startBounds(q);
  const joinable: Slot[] = [];
  for (const m of meetings) {
    if (m.taken < capacity && m.end - m.start === duration && m.start >= earliest && m.start < latest) {
      joinable.push({ start: m.start, end: m.end, seatsRemaining: capacity - m.taken });
    }
  }
  if (joinable.length === 0) return fresh;
  // Fresh slots never start where a meeting does (its range is busy for them).
  return [...fresh, ...joinable].sort((a, b) => a.start - b.start);
}

/** Starts are allowed in [earliest, latest): the range, the minimum notice and the booking window. */
function startBounds(q: SlotQuery): { earliest: number; latest: number } {
  const { policy, range, now } = q;
  const notice = wholeMinutes(policy.minimumNoticeMinutes, "minimumNoticeMinutes", 0) * MINUTE_MS;
  const window = bookingWindowBounds(policy.bookingWindow, now, q.rules.timeZone);
  return { earliest: Math.max(range.start, now + notice, window.start), latest: Math.min(range.end, window.end) };
}

/** Slots for a new meeting: the rules against `busyInput`. */
function newMeetingSlots(q: SlotQuery, busyInput: readonly Interval[]): Interval[] {
  const { policy } = q;
  const zone = q.rules.timeZone;
  if (!isValidTimeZone(zone)) throw new RangeError(`Unknown time zone "${zone}".`);
  const durationMinutes = wholeMinutes(policy.durationMinutes, "durationMinutes", 1);
  const duration = durationMinutes * MINUTE_MS;
  const step = wholeMinutes(policy.slotIntervalMinutes ?? policy.durationMinutes, "slotIntervalMinutes", 1) * MINUTE_MS;
  const before = wholeMinutes(policy.bufferBeforeMinutes, "bufferBeforeMinutes", 0) * MINUTE_MS;
  const after = wholeMinutes(policy.bufferAfterMinutes, "bufferAfterMinutes", 0) * MINUTE_MS;
  const align = policy.alignStartsTo ?? "interval";
  if (!START_ALIGNMENTS.includes(align)) throw new RangeError(`Unknown start alignment "${align}".`);
  const { earliest, latest } = startBounds(q);
  if (!(earliest < latest)) return [];

  const closed = limitClosedStarts(policy.limits, q.eventTypeBookings ?? [], durationMinutes, zone);
  if (closed.length === 1 && closed[0].start <= earliest && closed[0].end >= latest) return [];

  const segments = gridSegments(q.rules, earliest, latest - 1 + duration, align);
  const busy = mergeIntervals(busyInput);
  const slots: Interval[] = [];
  let b = 0;
  let c = 0;
  for (const { anchor, from, until, openEnd } of segments) {
    const first = Math.max(earliest, from);
    const stop = Math.min(until, latest, openEnd - duration + 1);
    let s = anchor + Math.ceil((first - anchor) / step) * step;
    while (s < stop) {
      // Candidates only increase, so closed periods and busy blocks ending
      // before this one are behind every later candidate too.
      while (c < closed.length && closed[c].end <= s) c++;
      if (c < closed.length && closed[c].start <= s) {
        // A period at its limit: jump to the first grid point after it.
        s = anchor + Math.ceil((closed[c].end - anchor) / step) * step;
        continue;
      }
      while (b < busy.length && busy[b].end <= s - before) b++;
      if (b < busy.length && busy[b].start < s + duration + after) {
        // Blocked: jump to the first grid point whose padding clears this block.
        s = anchor + Math.ceil((busy[b].end + before - anchor) / step) * step;
        continue;
      }
      slots.push({ start: s, end: s + duration });
      s += step;
    }
  }
  return slots;
}
