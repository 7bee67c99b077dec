import type { BookingLimits, BookingWindow } from "../availability/types";
import { isoDateOfColumn } from "../db/date-column";
import type { EventType } from "../db/generated/client";
import { durationOptionsOf } from "./duration-options";
import { isConferenceLocation } from "./conference-location";
import { limitsSchema, normalizeLimits, type EventTypeDto, type Location } from "./event-type-schema";

/** The stored location columns as the API's `location` object. */
export function toLocation(row: Pick<EventType, "locationType" | "locationValue">): Location {
  // Meet / Teams have no value: each booking gets its own link.
  if (isConferenceLocation(row.locationType)) return { type: row.locationType };
  // Every other location type requires a value on the way in, so the column is
  // only null for rows written outside the API; "" keeps the DTO's type honest.
  return { type: row.locationType, value: row.locationValue ?? "" } as Location;
}


/** The stored window columns as the API's (and the engine's) `bookingWindow`. */
export function toBookingWindow(
  row: Pick<EventType, "bookingWindowType" | "bookingWindowDays" | "bookingWindowStart" | "bookingWindowEnd">,
): BookingWindow {
  if (row.bookingWindowType === "range") {
    // The CHECK constraint event_types_booking_window_range guarantees both dates.
    return { type: "range", start: isoDateOfColumn(row.bookingWindowStart!), end: isoDateOfColumn(row.bookingWindowEnd!) };
  }
  return { type: row.bookingWindowType, days: row.bookingWindowDays };
}

/**
 * The stored limits Json, parsed with the schema that validated it on the way
 * in. A mismatch is the stored data's fault, never the client's: a plain Error.
 */
export function toLimits(row: Pick<EventType, "id" | "limits">): BookingLimits {
  const parsed = limitsSchema.safeParse(row.limits ?? {});
  if (!parsed.success) throw new Error(`Event type ${row.id} holds limits that do not match the limits schema.`);
  return normalizeLimits(parsed.data);
}

/** The API shape of a stored event type. */
export function toEventTypeDto(row: EventType): EventTypeDto {
  const bookingWindow = toBookingWindow(row);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    durationMinutes: row.durationMinutes,
    durationOptions: durationOptionsOf(row),
    location: toLocation(row),
    scheduleId: row.scheduleId,
    minimumNoticeMinutes: row.minimumNoticeMinutes,
    bufferBeforeMinutes: row.bufferBeforeMinutes,
    bufferAfterMinutes: row.bufferAfterMinutes,
    slotIntervalMinutes: row.slotIntervalMinutes,
    alignStartsTo: row.alignStartsTo,
    bookingWindow,
    bookingWindowDays: bookingWindow.type === "rolling" ? bookingWindow.days : null,
    limits: toLimits(row),
    hidden: row.hidden,
    destinationCalendarId: row.destinationCalendarId,
    seatsPerSlot: row.seatsPerSlot,
  };
}
