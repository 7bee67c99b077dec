import { invalidateHost } from "../availability/slot-cache";
import type { DbClient } from "../db/client";
import { notFound } from "../errors";

/**
 * Deletes one of the user's event types. Its bookings stay (their eventTypeId
 * becomes null; they keep their own title, times and location), so the host's
 * calendar and the guests' links are unaffected.
 */
export async function deleteEventType(db: DbClient, userId: string, id: string): Promise<void> {
  const { count } = await db.eventType.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("Event type");
  await invalidateHost(userId);
}
