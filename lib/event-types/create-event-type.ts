import { invalidateHost } from "../availability/slot-cache";
import type { DbClient } from "../db/client";
import { assertEventTypeDestination } from "./assert-event-type-destination";
import { assertOwnSchedule } from "./assert-own-schedule";
import { bookingWindowColumns, durationOptionsColumn, limitsColumn, locationColumns } from "./event-type-data";
import { eventTypeInputSchema, normalizeLimits, requestedBookingWindow, type EventTypeDto, type EventTypeInput } from "./event-type-schema";
import { slugConflict } from "./slug-conflict";
import { toEventTypeDto } from "./to-event-type-dto";

/** Without bookingWindow or bookingWindowDays: 60 rolling days. */
const DEFAULT_WINDOW = { type: "rolling", days: 60 } as const;

/**
 * Adds an event type. Slugs are unique per host (409 conflict on `slug`); a
 * Meet / Teams location needs a destination calendar of that provider (400).
 */
export async function createEventType(db: DbClient, userId: string, input: EventTypeInput): Promise<EventTypeDto> {
  const { location, durationOptions, bookingWindow, bookingWindowDays, limits, ...data } = eventTypeInputSchema.parse(input);
  await assertOwnSchedule(db, userId, data.scheduleId);
  await assertEventTypeDestination(db, userId, { locationType: location.type, destinationCalendarId: data.destinationCalendarId });
  const window = requestedBookingWindow({ bookingWindow, bookingWindowDays }).window ?? DEFAULT_WINDOW;
  try {
    const row = await db.eventType.create({
      data: {
        ...data,
        userId,
        ...locationColumns(location),
        durationOptions: durationOptionsColumn(data.durationMinutes, durationOptions ?? [data.durationMinutes]),
        ...bookingWindowColumns(window),
        limits: limitsColumn(normalizeLimits(limits)),
      },
    });
    // After the commit: cached slots of the host are per event type, but a new
    // slug may reuse one whose cached answers are still around.
    await invalidateHost(userId);
    return toEventTypeDto(row);
  } catch (error) {
    // The index decides, not a prior lookup: two racing creates cannot both win.
    throw slugConflict(error, data.slug);
  }
}
