import type { DbClient } from "../db/client";
import { assertOwnSchedule } from "./assert-own-schedule";
import { eventTypeInputSchema, type EventTypeDto, type EventTypeInput } from "./event-type-schema";
import { slugConflict } from "./slug-conflict";
import { toEventTypeDto } from "./to-event-type-dto";

/** Adds an event type. Slugs are unique per host (409 conflict on `slug`). */
export async function createEventType(db: DbClient, userId: string, input: EventTypeInput): Promise<EventTypeDto> {
  const { location, ...data } = eventTypeInputSchema.parse(input);
  await assertOwnSchedule(db, userId, data.scheduleId);
  try {
    const row = await db.eventType.create({
      data: { ...data, userId, locationType: location.type, locationValue: location.value },
    });
    return toEventTypeDto(row);
  } catch (error) {
    // The index decides, not a prior lookup: two racing creates cannot both win.
    throw slugConflict(error, data.slug);
  }
}
