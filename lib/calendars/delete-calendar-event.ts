/**
 * DELETE /api/v1/calendars/{id}/events/{eventId}: removes an event from one
 * of the caller's writable calendars. Idempotent like the adapters: an event
 * that is already gone is deleted.
 */
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import { assertWritableCalendar } from "./assert-writable-calendar";
import type { ProviderSettings } from "./build-provider";
import { eventIdSchema } from "./calendar-event-schema";
import { loadOwnedCalendar, ownedCalendarProvider } from "./load-owned-calendar";

export async function deleteCalendarEvent(db: Db, userId: string, calendarId: string, eventId: string, settings: ProviderSettings = {}): Promise<void> {
  const id = eventIdSchema.parse(eventId);
  const owned = await loadOwnedCalendar(db, userId, calendarId);
  assertWritableCalendar(owned);
  await ownedCalendarProvider(db, owned, settings).deleteEvent(owned.calendar.externalId, id);
  if (owned.calendar.selectedForConflicts) await invalidateHost(userId);
}
