/**
 * GET /api/v1/calendars/{id}/events: every occurrence in a window of one of
 * the caller's calendars, in the one normalized shape whatever the provider
 * (series expanded, cancelled occurrences left out; free and declined ones
 * included, marked by showAs / selfResponse). Read live from the provider.
 */
import type { Db } from "../db/client";
import type { ProviderSettings } from "./build-provider";
import { toCalendarEventDto, type CalendarEventDto } from "./calendar-event-dto";
import type { CalendarWindowQuery } from "./calendar-event-schema";
import { loadOwnedCalendar, ownedCalendarProvider } from "./load-owned-calendar";
import { resolveCalendarWindow } from "./resolve-calendar-window";

export async function listCalendarEvents(
  db: Db,
  userId: string,
  calendarId: string,
  query: CalendarWindowQuery,
  settings: ProviderSettings = {},
): Promise<{ events: CalendarEventDto[] }> {
  const owned = await loadOwnedCalendar(db, userId, calendarId);
  const window = resolveCalendarWindow(query, owned.host.timeZone);
  const events = await ownedCalendarProvider(db, owned, settings).listEvents(owned.calendar.externalId, window);
  events.sort((a, b) => a.start - b.start || a.end - b.end || a.externalId.localeCompare(b.externalId));
  return { events: events.map((event) => toCalendarEventDto(event, owned.host.timeZone)) };
}
