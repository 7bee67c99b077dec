import { config } from "../config";
import type { EventWrite } from "../calendars/provider";
import type { Booking } from "../db/generated/client";
import { isConferenceLocation } from "../event-types/conference-location";
import { bookingLocationText } from "./booking-location";

/**
 * The idempotency key of a booking's calendar event. Adapters turn it into the
 * provider's own dedupe (Google event id, Graph transactionId, CalDAV UID), so
 * a create that is retried — by the job, or by a client library after a 429 —
 * finds the event it already made. After the host deleted that event by hand,
 * a new one needs a new key: it is derived from the lost event's id, so it is
 * stable across retries too.
 */
export function writeBackKey(uid: string, replacesEventId?: string | null): string {
  return replacesEventId ? `booking:${uid}:after:${replacesEventId}` : `booking:${uid}`;
}

/**
 * The event Kairos writes for a booking: its title, the guest as attendee
 * (providers invite them), the fixed location or a request for a Meet / Teams
 * link, and a description that says who booked and links the host to it.
 * `withConference: false` on updates of an event that has its link already:
 * asking again would make Google replace the link.
 */
export function toWriteBackEvent(
  booking: Pick<Booking, "uid" | "title" | "startAt" | "endAt" | "attendeeName" | "attendeeEmail" | "notes" | "locationType" | "locationValue" | "conferenceUrl">,
  hostTimeZone: string,
  options: { idempotencyKey: string; withConference: boolean },
): EventWrite {
  const conference = isConferenceLocation(booking.locationType);
  const where = conference ? null : bookingLocationText(booking);
  const description = [
    `Booked with Kairos by ${booking.attendeeName} (${booking.attendeeEmail}).`,
    where ? `Where: ${where}` : undefined,
    booking.notes ? `Notes from ${booking.attendeeName}:\n${booking.notes}` : undefined,
    `Booking details: ${config().publicUrl}/booking/${encodeURIComponent(booking.uid)}`,
  ]
    .filter(Boolean)
    .join("\n\n");
  const event: EventWrite = {
    idempotencyKey: options.idempotencyKey,
    title: booking.title,
    description,
    start: booking.startAt.getTime(),
    end: booking.endAt.getTime(),
    timeZone: hostTimeZone,
    // "" rather than absent: Google and Graph keep a location that is not sent.
    location: where ?? "",
    attendees: [{ name: booking.attendeeName, email: booking.attendeeEmail }],
  };
  if (options.withConference && isConferenceLocation(booking.locationType)) event.conference = booking.locationType;
  return event;
}
