/**
 * The unified calendar-events API's event: a ProviderEvent (the one shape
 * every provider's events are normalized to) with its instants written as
 * ISO 8601 in the host's zone. Fields the provider did not give are left out.
 */
import { toZonedIso } from "../time";
import type { EventWrite, ProviderEvent, WrittenEvent } from "./provider";

export interface CalendarEventDto {
  /** The provider's id of this occurrence: what PATCH and DELETE take. */
  externalId: string;
  seriesId?: string;
  title: string;
  description?: string;
  location?: string;
  start: string;
  end: string;
  allDay: boolean;
  status: ProviderEvent["status"];
  showAs: ProviderEvent["showAs"];
  selfResponse?: ProviderEvent["selfResponse"];
  conferenceUrl?: string;
  etag?: string;
  updatedAt?: string;
}

export function toCalendarEventDto(event: ProviderEvent, timeZone: string): CalendarEventDto {
  const { start, end, updatedAt, ...rest } = event;
  const dto: CalendarEventDto = { ...rest, start: toZonedIso(start, timeZone), end: toZonedIso(end, timeZone) };
  if (updatedAt !== undefined) dto.updatedAt = toZonedIso(updatedAt, timeZone);
  return dto;
}

/** The event Kairos just wrote, from what it sent and what the provider answered (no read-back round trip). */
export function writtenEventDto(write: EventWrite, written: WrittenEvent, timeZone: string): CalendarEventDto {
  const event: ProviderEvent = {
    externalId: written.externalId,
    title: write.title,
    start: write.start,
    end: write.end,
    allDay: false,
    status: "confirmed",
    showAs: "busy",
  };
  if (write.description) event.description = write.description;
  if (write.location) event.location = write.location;
  if (written.conferenceUrl) event.conferenceUrl = written.conferenceUrl;
  if (written.etag) event.etag = written.etag;
  return toCalendarEventDto(event, timeZone);
}
