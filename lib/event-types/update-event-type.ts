import type { DbClient } from "../db/client";
import { notFound } from "../errors";
import { assertOwnSchedule } from "./assert-own-schedule";
import { eventTypePatchSchema, type EventTypeDto, type EventTypePatch } from "./event-type-schema";
import { slugConflict } from "./slug-conflict";
import { toEventTypeDto } from "./to-event-type-dto";

/**
 * PATCH semantics: given fields replace the stored ones, absent fields stay.
 * `location` is replaced as a whole; `scheduleId: null` means "use my default".
 * Existing bookings keep the buffers and location they were made with.
 */
export async function updateEventType(db: DbClient, userId: string, id: string, patch: EventTypePatch): Promise<EventTypeDto> {
  const { location, ...data } = eventTypePatchSchema.parse(patch);
  const existing = await db.eventType.findFirst({ where: { id, userId }, select: { id: true } });
  if (!existing) throw notFound("Event type");
  await assertOwnSchedule(db, userId, data.scheduleId);
  try {
    const row = await db.eventType.update({
      where: { id },
      data: { ...data, ...(location ? { locationType: location.type, locationValue: location.value } : {}) },
    });
    return toEventTypeDto(row);
  } catch (error) {
    // P2025: deleted between the lookup and the update.
    if ((error as { code?: string }).code === "P2025") throw notFound("Event type");
    throw slugConflict(error, data.slug);
  }
}
