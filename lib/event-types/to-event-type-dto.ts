import type { EventType } from "../db/generated/client";
import type { EventTypeDto, Location } from "./event-type-schema";

/** The stored location columns as the API's `location` object. */
export function toLocation(row: Pick<EventType, "locationType" | "locationValue">): Location {
  // Every location type requires a value on the way in, so the column is only
  // null for rows written outside the API; "" keeps the DTO's type honest.
  return { type: row.locationType, value: row.locationValue ?? "" } as Location;
}

/** The API shape of a stored event type. */
export function toEventTypeDto(row: EventType): EventTypeDto {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    durationMinutes: row.durationMinutes,
    location: toLocation(row),
    scheduleId: row.scheduleId,
    minimumNoticeMinutes: row.minimumNoticeMinutes,
    bufferBeforeMinutes: row.bufferBeforeMinutes,
    bufferAfterMinutes: row.bufferAfterMinutes,
    bookingWindowDays: row.bookingWindowDays,
    hidden: row.hidden,
  };
}
