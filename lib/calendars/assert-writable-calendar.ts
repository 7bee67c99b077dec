/**
 * Refuses, before any provider call, a write the calendar cannot take: a
 * read-only calendar (ICS feeds, calendars shared without edit rights) is
 * 403; a meeting link of another provider's kind is 400 — Google makes Meet
 * links, Microsoft makes Teams links, CalDAV servers make none.
 */
import { AppError, validationError } from "../errors";
import type { OwnedCalendar } from "./load-owned-calendar";
import type { EventWrite, ProviderKind } from "./provider";

/** Which provider makes each kind of meeting link (also checked for conference locations of event types and bookings). */
export const CONFERENCE_PROVIDER: Record<NonNullable<EventWrite["conference"]>, { provider: ProviderKind; name: string }> = {
  google_meet: { provider: "google", name: "Google Meet" },
  microsoft_teams: { provider: "microsoft", name: "Microsoft Teams" },
};

/** "a Google" calendar, "a CalDAV" calendar…: for messages. */
export const PROVIDER_NAME: Record<ProviderKind, string> = {
  google: "a Google",
  microsoft: "a Microsoft 365",
  caldav: "a CalDAV",
  ics: "an ICS feed",
};

export function assertWritableCalendar(owned: OwnedCalendar, conference?: EventWrite["conference"]): void {
  const { calendar, connection } = owned;
  if (!calendar.canWrite) {
    throw new AppError("forbidden", `“${calendar.name}” is read-only: Kairos cannot add, change or delete its events.`);
  }
  if (conference && CONFERENCE_PROVIDER[conference].provider !== connection.provider) {
    const { name, provider } = CONFERENCE_PROVIDER[conference];
    throw validationError(`${name} links can only be added to ${PROVIDER_NAME[provider]} calendar; “${calendar.name}” is ${PROVIDER_NAME[connection.provider]} calendar.`, [
      { path: "conference", message: `${name} needs ${PROVIDER_NAME[provider]} calendar.` },
    ]);
  }
}
