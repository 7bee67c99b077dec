import type { Booking } from "../db/generated/client";
import { CONFERENCE_PROVIDER } from "../calendars/assert-writable-calendar";
import { isConferenceLocation } from "../event-types/conference-location";

/**
 * Where a booking happens, as one line of text for calendar entries and
 * files: the meeting link once the provider has made it (Meet / Teams), the
 * fixed link, "Phone: …" or the address. null when there is nothing to say yet.
 */
export function bookingLocationText(booking: Pick<Booking, "locationType" | "locationValue" | "conferenceUrl">): string | null {
  if (isConferenceLocation(booking.locationType)) return booking.conferenceUrl ?? null;
  if (!booking.locationValue) return null;
  if (booking.locationType === "phone") return `Phone: ${booking.locationValue}`;
  return booking.locationValue;
}

/** The meeting's link, when it has one: the provider's conference link or the fixed video link. */
export function bookingMeetingUrl(booking: Pick<Booking, "locationType" | "locationValue" | "conferenceUrl">): string | null {
  if (isConferenceLocation(booking.locationType)) return booking.conferenceUrl ?? null;
  return booking.locationType === "link" ? booking.locationValue : null;
}

/** "Google Meet" / "Microsoft Teams" for conference locations, else null. */
export function conferenceName(locationType: Booking["locationType"]): string | null {
  return isConferenceLocation(locationType) ? CONFERENCE_PROVIDER[locationType].name : null;
}
