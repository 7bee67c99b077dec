/**
 * Types of the availability engine. All instants are epoch milliseconds (UTC)
 * and every interval is half-open: [start, end).
 */
import type { DateOverride, WeeklyInterval } from "../schedules/schedule-schema";

export interface Interval {
  start: number;
  end: number;
}

/** A host's rules: wall-clock hours in their zone. */
export interface AvailabilityRules {
  timeZone: string;
  weekly: WeeklyInterval[];
  overrides: DateOverride[];
}

/** What an event type asks of a slot. */
export interface SlotPolicy {
  durationMinutes: number;
  /** Start times every N minutes; defaults to the duration. */
  slotIntervalMinutes?: number;
  minimumNoticeMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** Rolling window: slots may start up to N days after `now`. */
  bookingWindowDays: number;
}

export interface SlotQuery {
  rules: AvailabilityRules;
  policy: SlotPolicy;
  /**
   * Times that are taken: each booking's blocked range (meeting + its buffers)
   * and external busy events. Any order; may overlap, be empty or span days.
   */
  busy: Interval[];
  /** Only slots that start inside this range are returned. */
  range: Interval;
  now: number;
}
