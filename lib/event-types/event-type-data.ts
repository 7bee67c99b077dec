import type { BookingLimits, BookingWindow } from "../availability/types";
import { dateColumn } from "../db/date-column";
import type { Prisma } from "../db/generated/client";
import type { Location } from "./event-type-schema";

/** The location columns: conference locations (Meet, Teams) have no value — each booking gets its own link. */
export function locationColumns(location: Location) {
  return { locationType: location.type, locationValue: "value" in location ? location.value : null };
}

/**
 * The columns of a booking window. A range keeps the stored days as they are
 * (they come back if the host returns to a rolling window in the UI).
 */
export function bookingWindowColumns(window: BookingWindow) {
  return window.type === "range"
    ? { bookingWindowType: "range" as const, bookingWindowStart: dateColumn(window.start), bookingWindowEnd: dateColumn(window.end) }
    : { bookingWindowType: window.type, bookingWindowDays: window.days, bookingWindowStart: null, bookingWindowEnd: null };
}

/**
 * The stored form of the duration options: sorted, and [] when the default is
 * the only one — so changing the default of a single-duration event type
 * never leaves the old default behind as an option.
 */
export function durationOptionsColumn(durationMinutes: number, options: readonly number[]): number[] {
  const sorted = [...new Set(options)].sort((a, b) => a - b);
  return sorted.length === 1 && sorted[0] === durationMinutes ? [] : sorted;
}

export function limitsColumn(limits: BookingLimits): Prisma.InputJsonValue {
  return limits as Prisma.InputJsonValue;
}
