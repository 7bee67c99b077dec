/**
 * The "booking.delete-orphan-event" job: deletes a calendar event Kairos wrote
 * for a meeting that no booking belongs to any more — a seated meeting whose
 * only guest moved into another meeting (reschedule-booking.ts). Its bookings
 * are gone from it, so the booking write-back, which works from a meeting's
 * bookings, can no longer reach it; this job is told where it is instead.
 *
 * Enqueued in the transaction that orphaned the event. After the provider
 * deleted it, the busy store's copy goes too (the next sync would remove it;
 * until then it would hold the old time as busy), and the host's slots are
 * recomputed. An event some booking points at again is left alone.
 */
import { invalidateHost } from "../availability/slot-cache";
import { providerForConnection } from "../calendars/provider-for-connection";
import type { Db, DbClient } from "../db/client";
import { enqueueJob, type JobHandler } from "../jobs";
import { providerJobError } from "../sync/push/provider-job-error";

export async function enqueueOrphanEventDeletion(db: DbClient, calendarId: string, eventId: string): Promise<void> {
  await enqueueJob(db, "booking.delete-orphan-event", { calendarId, eventId }, { key: `booking.delete-orphan-event:${calendarId}:${eventId}` });
}

export async function deleteOrphanEvent(db: Db, calendarId: string, eventId: string): Promise<"deleted" | "in_use" | "calendar_gone"> {
  const calendar = await db.connectedCalendar.findUnique({ where: { id: calendarId }, include: { connection: true } });
  // Disconnected since: Kairos can no longer reach it.
  if (!calendar) return "calendar_gone";
  const inUse = await db.booking.findFirst({ where: { calendarEventCalendarId: calendarId, calendarEventId: eventId }, select: { id: true } });
  if (inUse) return "in_use";
  await providerForConnection(db, calendar.connection).deleteEvent(calendar.externalId, eventId);
  await db.externalEvent.deleteMany({ where: { calendarId, externalId: eventId } });
  await invalidateHost(calendar.userId);
  return "deleted";
}

export const deleteOrphanEventJob: JobHandler<"booking.delete-orphan-event"> = async ({ calendarId, eventId }, { db }) => {
  try {
    return { subjectId: calendarId, result: { action: await deleteOrphanEvent(db, calendarId, eventId), eventId } };
  } catch (error) {
    throw providerJobError(error);
  }
};
