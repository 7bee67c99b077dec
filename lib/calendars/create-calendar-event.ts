/**
 * POST /api/v1/calendars/{id}/events: creates an event in one of the caller's
 * writable calendars, with a Meet / Teams link when asked and the provider
 * makes them. Idempotent: the adapters turn the key into the provider's own
 * mechanism (Google: event id; Graph: transactionId; CalDAV: UID), so the same
 * key — the client's retry, or the client library's — never makes a second
 * event. Keys are scoped to the calendar and kept apart from the keys Kairos'
 * own booking write-back uses. Without a key every request is a new event.
 * `input` is what calendarEventInputSchema parsed (the route reads it with readJson).
 */
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import { randomToken } from "../security/tokens";
import { assertWritableCalendar } from "./assert-writable-calendar";
import type { ProviderSettings } from "./build-provider";
import { writtenEventDto, type CalendarEventDto } from "./calendar-event-dto";
import type { CalendarEventInput } from "./calendar-event-schema";
import { loadOwnedCalendar, ownedCalendarProvider } from "./load-owned-calendar";
import { toEventWrite } from "./to-event-write";

export async function createCalendarEvent(
  db: Db,
  userId: string,
  calendarId: string,
  input: CalendarEventInput,
  settings: ProviderSettings = {},
): Promise<CalendarEventDto> {
  const owned = await loadOwnedCalendar(db, userId, calendarId);
  assertWritableCalendar(owned, input.conference);

  const key = `api:${owned.calendar.id}:${input.idempotencyKey ?? randomToken(16)}`;
  const write = toEventWrite(input, key);
  const written = await ownedCalendarProvider(db, owned, settings).createEvent(owned.calendar.externalId, write);
  if (owned.calendar.selectedForConflicts) await invalidateHost(userId);

  // A replayed key answers with the first event's id and link.
  return writtenEventDto(write, written, owned.host.timeZone);
}
