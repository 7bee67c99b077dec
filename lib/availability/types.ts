/**
 * Types of the availability engine. All instants are epoch milliseconds (UTC)
 * and every interval is half-open: [start, end).
 */
import type { DateOverride, WeeklyInterval } from "../schedules/schedule-schema";

export interface Interval {
  start: number;
  end: number;
}

/** Whole local dates, inclusive at both ends (YYYY-MM-DD). */
export interface DateRange {
  start: string;
  end: string;
}

/** A host's rules: wall-clock hours in their zone. */
export interface AvailabilityRules {
  timeZone: string;
  /** A weekly interval whose end is not after its start runs into the next day (22:00–02:00). */
  weekly: WeeklyInterval[];
  overrides: DateOverride[];
  /**
   * Dates the host is away, read in `timeZone`: every instant of those local
   * dates is closed, whatever the weekly hours or overrides say — including
   * the part of the day before's overnight hours that runs into them.
   */
  outOfOffice?: DateRange[];
}

/**
 * How far ahead slots may start:
 * - rolling: before now + days × 24 h;
 * - calendar_days: before the end of the days-th local date of the schedule's
 *   zone, today being the first (days: 1 = today only);
 * - range: on the local dates start … end (inclusive) of the schedule's zone.
 */
export type BookingWindow =
  | { type: "rolling"; days: number }
  | { type: "calendar_days"; days: number }
  | { type: "range"; start: string; end: string };

/** At most `count` bookings and/or `minutes` booked minutes in one period. */
export interface PeriodLimit {
  count?: number;
  minutes?: number;
}

/** Per local day, Monday-based week and calendar month of the schedule's zone. */
export interface BookingLimits {
  perDay?: PeriodLimit;
  perWeek?: PeriodLimit;
  perMonth?: PeriodLimit;
}

export const START_ALIGNMENTS = ["interval", "hour"] as const;
/**
 * Where the grid of start times is anchored (compute-slots.ts):
 * - "interval": at the start of each stretch of open time;
 * - "hour": at local midnight on the wall clock, so starts fall on the clock's
 *   own grid and every hour starts on its top when the step divides 60.
 */
export type StartAlignment = (typeof START_ALIGNMENTS)[number];

/** What an event type asks of a slot. */
export interface SlotPolicy {
  /** The meeting's length: the event type's default, or the alternative the guest picked. */
  durationMinutes: number;
  /** Start times every N minutes; null/undefined = every `durationMinutes`. */
  slotIntervalMinutes?: number | null;
  /** Default "interval". */
  alignStartsTo?: StartAlignment;
  minimumNoticeMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  bookingWindow: BookingWindow;
  limits?: BookingLimits;
}

/**
 * A meeting of a seated event type that guests share (one booking per guest,
 * all at the same start and length).
 */
export interface SeatedMeeting extends Interval {
  /** Its seat group (bookings.seat_group_id), for the booking path to join; the engine does not read it. */
  id?: string;
  /** The range it holds: the meeting plus the buffers it was booked with. */
  blocked: Interval;
  /** Seats taken (live bookings in it). */
  taken: number;
}

/** Seats: up to `capacity` guests per meeting (Calendly's "group event"). */
export interface SeatsPolicy {
  capacity: number;
  /**
   * This event type's meetings near the range. They are NOT in `busy`: the
   * engine adds their padded ranges to busy for new meetings itself, and
   * offers each one that has a seat left at its own start.
   */
  meetings: SeatedMeeting[];
}

/** A slot as the engine answers it; seated event types say how many seats are left. */
export interface Slot extends Interval {
  seatsRemaining?: number;
}

export interface SlotQuery {
  rules: AvailabilityRules;
  policy: SlotPolicy;
  /** Set for seated event types (capacity > 1). */
  seats?: SeatsPolicy;
  /**
   * Times that are taken: each booking's blocked range (meeting + its buffers)
   * and external busy events. Any order; may overlap, be empty or span days.
   */
  busy: Interval[];
  /**
   * The meetings (start, end — no buffers) of this event type's live bookings,
   * which the limits count: every one whose start falls in a period that a
   * slot in `range` could fall in. Any order. Not needed without limits.
   */
  eventTypeBookings?: Interval[];
  /** Only slots that start inside this range are returned. */
  range: Interval;
  now: number;
}
