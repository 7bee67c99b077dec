/**
 * PATCH /api/v1/calendars/{id}/events/{eventId}: replaces the fields Kairos
 * writes (title, description, times and zone, location, attendees) of an
 * event in one of the caller's writable calendars, and asks for a meeting
 * link when `conference` is given. Why a whole replacement rather than a
 * partial patch: see calendarEventReplaceSchema.
 * `input` is what calendarEventReplaceSchema parsed (the route reads it with readJson).
 */
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import { assertWritableCalendar } from "./assert-writable-calendar";
import type { ProviderSettings } from "./build-provider";
import { writtenEventDto, type CalendarEventDto } from "./calendar-event-dto";
import { eventIdSchema, type CalendarEventReplace } from "./calendar-event-schema";
import { loadOwnedCalendar, ownedCalendarProvider } from "./load-owned-calendar";
import { toEventWrite } from "./to-event-write";

export async function updateCalendarEvent(
  db: Db,
  userId: string,
  calendarId: string,
  eventId: string,
  input: CalendarEventReplace,
  settings: ProviderSettings = {},
): Promise<CalendarEventDto> {
  const id = eventIdSchema.parse(eventId);
  const owned = await loadOwnedCalendar(db, userId, calendarId);
  assertWritableCalendar(owned, input.conference);

  // Stable per event: Google makes one meeting per request id, so asking for a
  // link on every PATCH of this event does not make a new one each time.
  const write = toEventWrite(input, `api:${owned.calendar.id}:event:${id}`);
  const written = await ownedCalendarProvider(db, owned, settings).updateEvent(owned.calendar.externalId, id, write);
  if (owned.calendar.selectedForConflicts) await invalidateHost(userId);

  return writtenEventDto(write, { ...written, externalId: written.externalId || id }, owned.host.timeZone);
}
